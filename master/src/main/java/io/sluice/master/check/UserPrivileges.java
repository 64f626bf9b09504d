package io.sluice.master.check;

import io.sluice.common.filter.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The privileges the logged-in user holds, read from information_schema rather than by parsing
 * SHOW GRANTS text (whose grammar differs between MySQL, MariaDB and Aurora, and broke DM's
 * parser more than once). Privileges that reach the user through a role count when the role is
 * enabled in the session (a default role is, at login: the connection the migration itself uses).
 */
final class UserPrivileges {
    private final String grantee;
    private final Set<String> global = new HashSet<>();
    private final List<Grant> onSchemas = new ArrayList<>();
    private final List<Grant> onTables = new ArrayList<>();

    /** A schema- or table-level grant; the schema may be a LIKE pattern, as GRANT … ON `db\_%`.* allows. */
    private record Grant(Pattern schema, String table, String privilege) {
    }

    private UserPrivileges(String grantee) {
        this.grantee = grantee;
    }

    static UserPrivileges of(Connection c) throws SQLException {
        String current;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            current = rs.getString(1);
        }
        int at = current.lastIndexOf('@');
        String grantee = "'" + current.substring(0, at) + "'@'" + current.substring(at + 1) + "'";
        UserPrivileges p = new UserPrivileges(grantee);
        for (String[] row : rows(c, "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?", grantee, 1)) {
            p.global.add(row[0].toUpperCase(Locale.ROOT));
        }
        for (String[] row : rows(c, "SELECT TABLE_SCHEMA, PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ?", grantee, 2)) {
            p.onSchemas.add(new Grant(likePattern(row[0]), null, row[1].toUpperCase(Locale.ROOT)));
        }
        for (String[] row : rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, PRIVILEGE_TYPE FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ?",
                grantee, 3)) {
            p.onTables.add(new Grant(Pattern.compile(Pattern.quote(row[0])), row[1], row[2].toUpperCase(Locale.ROOT)));
        }
        for (String role : enabledRoles(c)) {
            p.addRoleGrants(c, role);
        }
        return p;
    }

    /** A role's grant as SHOW GRANTS prints it: GRANT privileges ON object TO role. */
    /** SHOW GRANTS prints ALL PRIVILEGES where information_schema lists each privilege. */
    private static final String ALL = "ALL PRIVILEGES";
    private static final Pattern ROLE_GRANT = Pattern.compile("^GRANT (.+) ON (\\S+) TO .+$");

    /**
     * The roles enabled in this session, with the roles granted to them, as SHOW GRANTS FOR takes
     * them: {@code 'role'} on MariaDB, {@code 'role'@'host'} on MySQL 8. None on servers without roles.
     */
    private static List<String> enabledRoles(Connection c) {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM information_schema.ENABLED_ROLES")) {
            boolean withHost = rs.getMetaData().getColumnCount() > 1 && "ROLE_HOST".equalsIgnoreCase(rs.getMetaData().getColumnName(2));
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    out.add("'" + rs.getString(1).replace("'", "''") + "'" + (withHost ? "@'" + rs.getString(2) + "'" : ""));
                }
            }
        } catch (SQLException noRoles) {
            // MySQL 5.7 and older MariaDB: the user's own grants are all there is
        }
        return out;
    }

    /**
     * A role's privileges. information_schema does not list roles (MariaDB), so this reads SHOW
     * GRANTS FOR the role, whose lines are regular: GRANT p1, p2 ON `db`.`t` TO `role`. Lines of
     * another shape (a role granted to the role, column grants) add nothing, so a privilege not
     * understood is reported missing rather than assumed.
     */
    private void addRoleGrants(Connection c, String role) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS FOR " + role)) {
            while (rs.next()) {
                java.util.regex.Matcher m = ROLE_GRANT.matcher(rs.getString(1));
                if (!m.matches()) {
                    continue;
                }
                String[] on = m.group(2).split("\\.", 2);
                if (on.length != 2) {
                    continue;
                }
                String schema = unquote(on[0]);
                String table = unquote(on[1]);
                for (String priv : m.group(1).split(",")) {
                    String pr = priv.trim().toUpperCase(Locale.ROOT);
                    pr = pr.equals("ALL") ? ALL : pr;
                    if (pr.contains("(")) {
                        continue;
                    }
                    if (schema.equals("*")) {
                        global.add(pr);
                    } else if (table.equals("*")) {
                        onSchemas.add(new Grant(likePattern(schema), null, pr));
                    } else {
                        onTables.add(new Grant(Pattern.compile(Pattern.quote(schema)), table, pr));
                    }
                }
            }
        } catch (SQLException e) {
            // not allowed to read the role's grants: its privileges stay unseen and the check says what is missing
        }
    }

    private static String unquote(String name) {
        return name.length() >= 2 && name.startsWith("`") && name.endsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    String grantee() {
        return grantee;
    }

    /** Whether the user holds any of these spellings of one global privilege (MariaDB renamed some). */
    boolean hasGlobal(String... spellings) {
        for (String s : spellings) {
            if (global.contains(s) || global.contains(ALL)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user holds the privilege on this table, globally, on its schema or on the table itself. */
    boolean has(String privilege, TableName table) {
        if (global.contains(privilege) || global.contains(ALL)) {
            return true;
        }
        for (Grant g : onSchemas) {
            if ((g.privilege.equals(privilege) || g.privilege.equals(ALL)) && g.schema.matcher(table.schema()).matches()) {
                return true;
            }
        }
        for (Grant g : onTables) {
            if ((g.privilege.equals(privilege) || g.privilege.equals(ALL)) && g.schema.matcher(table.schema()).matches()
                    && g.table.equals(table.table())) {
                return true;
            }
        }
        return false;
    }

    private static Pattern likePattern(String like) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char ch = like.charAt(i);
            if (ch == '\\' && i + 1 < like.length()) {
                re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (ch == '%') {
                re.append(".*");
            } else if (ch == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static List<String[]> rows(Connection c, String sql, String grantee, int columns) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, grantee);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
