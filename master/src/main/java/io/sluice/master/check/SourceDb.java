package io.sluice.master.check;

import io.sluice.common.config.DbConfig;
import io.sluice.common.db.DbConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One database the prechecks look at (a source or the target), through one connection: its
 * global variables and status, and the privileges of the configured user. Values are read once
 * per precheck run and kept, since several items ask for the same ones.
 */
final class SourceDb implements AutoCloseable {
    final String sourceId;
    final String address;
    private final Connection connection;
    private final Map<String, String> variables = new HashMap<>();
    private UserPrivileges privileges;

    private SourceDb(String sourceId, DbConfig cfg, Connection connection) {
        this.sourceId = sourceId;
        this.address = cfg.host + ":" + cfg.port;
        this.connection = connection;
    }

    static SourceDb open(String sourceId, DbConfig cfg) throws SQLException {
        return new SourceDb(sourceId, cfg, DbConnector.open(cfg));
    }

    Connection connection() {
        return connection;
    }

    /** {@code extra} of a result about this database: where it is, never who logs in. */
    String extra() {
        return "address of db instance - " + address + (sourceId.isEmpty() ? " (target)" : " (source " + sourceId + ")");
    }

    /** A global variable's value, or null when the server has no such variable. */
    String variable(String name) throws SQLException {
        if (!variables.containsKey(name)) {
            variables.put(name, single("SHOW GLOBAL VARIABLES LIKE ?", name));
        }
        return variables.get(name);
    }

    String status(String name) throws SQLException {
        return single("SHOW GLOBAL STATUS LIKE ?", name);
    }

    boolean isMariaDb() throws SQLException {
        String v = variable("version");
        return v != null && v.toLowerCase(Locale.ROOT).contains("mariadb");
    }

    UserPrivileges privileges() throws SQLException {
        if (privileges == null) {
            privileges = UserPrivileges.of(connection);
        }
        return privileges;
    }

    private String single(String sql, String like) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(2) : null;
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the checks are done; a failing close changes nothing
        }
    }
}
