package io.sluice.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.common.config.DbConfig;
import io.sluice.common.config.PasswordCipher;
import io.sluice.common.tls.DatabaseTls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Opens connections to a source or target. Every session runs in UTC with utf8mb4, so
 * TIMESTAMP values and 4-byte characters cross unchanged between dump, load and sync.
 */
public final class DbConnector {
    private DbConnector() {
    }

    public static String url(DbConfig cfg) {
        return url(cfg, false);
    }

    private static String url(DbConfig cfg, boolean bulk) {
        return "jdbc:mariadb://" + cfg.host + ":" + cfg.port + "/"
                + "?allowLocalInfile=true&useBulkStmts=" + bulk + "&rewriteBatchedStatements=false"
                + "&connectTimeout=5000&tcpKeepAlive=true&permitMysqlScheme=true";
    }

    /** A single connection; the caller closes it. */
    public static Connection open(DbConfig cfg) throws SQLException {
        java.util.Properties props = DatabaseTls.jdbcProperties(cfg);
        props.setProperty("user", cfg.user);
        props.setProperty("password", PasswordCipher.plain(cfg.password));
        Connection c = DriverManager.getConnection(url(cfg), props);
        init(c, cfg);
        return c;
    }

    /** A pool of {@code size} connections named for the logs (task, source and purpose). */
    public static HikariDataSource pool(DbConfig cfg, String name, int size) {
        return new HikariDataSource(config(cfg, name, size, false));
    }

    /**
     * A pool for transactions only: its connections stay out of autocommit (no two SET statements
     * around every transaction), and a batch of one statement runs as one bulk request on MariaDB
     * (COM_STMT_BULK_EXECUTE: the target parses the statement once for all its rows).
     */
    public static HikariDataSource transactionPool(DbConfig cfg, String name, int size) {
        HikariConfig hc = config(cfg, name, size, true);
        hc.setAutoCommit(false);
        return new HikariDataSource(hc);
    }

    private static HikariConfig config(DbConfig cfg, String name, int size, boolean bulk) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setJdbcUrl(url(cfg, bulk));
        hc.setUsername(cfg.user);
        hc.setPassword(PasswordCipher.plain(cfg.password));
        hc.setDataSourceProperties(DatabaseTls.jdbcProperties(cfg));
        hc.setMaximumPoolSize(Math.max(1, size));
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(-1);
        StringBuilder init = new StringBuilder("SET NAMES utf8mb4, time_zone = '+00:00'");
        cfg.session.forEach((k, v) -> init.append(", ").append(k).append(" = '").append(v.replace("'", "''")).append('\''));
        hc.setConnectionInitSql(init.toString());
        return hc;
    }

    private static void init(Connection c, DbConfig cfg) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("SET NAMES utf8mb4, time_zone = '+00:00'");
            for (var e : cfg.session.entrySet()) {
                st.execute("SET SESSION " + e.getKey() + " = '" + e.getValue().replace("'", "''") + "'");
            }
        }
    }
}
