package io.sluice.common.binlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statement that reads a server's current binlog file and position. MySQL 8.2 renamed
 * {@code SHOW MASTER STATUS} to {@code SHOW BINARY LOG STATUS} and 8.4 removed the old name;
 * MariaDB (every version) and MySQL before 8.2, and TiDB, answer the old one. Both return File
 * and Position as their first two columns (MySQL adds Executed_Gtid_Set as the fifth).
 */
public final class BinlogStatusStatement {
    public static final String SHOW_MASTER_STATUS = "SHOW MASTER STATUS";
    public static final String SHOW_BINARY_LOG_STATUS = "SHOW BINARY LOG STATUS";
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

    private BinlogStatusStatement() {
    }

    /** @param version the server's version string, e.g. {@code 8.4.0}, {@code 5.7.44-log}, {@code 10.11.19-MariaDB-0+deb12u1} */
    public static String forVersion(String version) {
        String v = version == null ? "" : version.trim();
        if (v.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return SHOW_MASTER_STATUS;
        }
        Matcher m = MAJOR_MINOR.matcher(v);
        if (!m.find()) {
            return SHOW_MASTER_STATUS;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 8 || (major == 8 && minor >= 2) ? SHOW_BINARY_LOG_STATUS : SHOW_MASTER_STATUS;
    }

    /** The statement for the server at the other end of {@code c}. */
    public static String of(Connection c) throws SQLException {
        return forVersion(c.getMetaData().getDatabaseProductVersion());
    }
}
