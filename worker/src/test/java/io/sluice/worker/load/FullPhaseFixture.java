package io.sluice.worker.load;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.filter.MigrationRules;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.subtask.SubtaskContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds subtask contexts from real task and source YAML, and compares tables across servers. */
final class FullPhaseFixture {
    static final String SOURCE_ID = "mysql-01";
    private static final Set<String> BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob",
            "longblob", "bit", "geometry");

    private FullPhaseFixture() {
    }

    /**
     * @param extraInstance extra keys of the mysql-instance entry (indented 4 spaces)
     * @param extraTop      extra top-level sections (block-allow-list, routes)
     */
    static SubtaskContext context(MariaDbServer src, MariaDbServer dst, String task, Path dumpDir, long rows,
            long statementSize, int poolSize, String extraInstance, String extraTop) {
        return context(src, dst, SOURCE_ID, task, dumpDir, rows, statementSize, poolSize, extraInstance, extraTop);
    }

    /** As above, for the source {@code sourceId}: several sources of one task, each its own subtask. */
    static SubtaskContext context(MariaDbServer src, MariaDbServer dst, String sourceId, String task, Path dumpDir,
            long rows, long statementSize, int poolSize, String extraInstance, String extraTop) {
        String yaml = """
                name: %s
                task-mode: full
                meta-schema: dm_meta
                target-database:
                  host: 127.0.0.1
                  port: %d
                  user: root
                  password: %s
                mysql-instances:
                  - source-id: %s
                    mydumper-config-name: global
                    loader-config-name: global
                %s
                mydumpers:
                  global:
                    threads: 4
                    rows: %d
                    statement-size: %d
                loaders:
                  global:
                    pool-size: %d
                %s
                """.formatted(task, dst.port(), MariaDbServer.ROOT_PASSWORD, sourceId, extraInstance, rows,
                statementSize, poolSize, extraTop);
        TaskConfig tc = ConfigFiles.parseTask(yaml);
        SourceConfig sc = ConfigFiles.parseSource("""
                source-id: %s
                flavor: mariadb
                enable-gtid: true
                from:
                  host: 127.0.0.1
                  port: %d
                  user: root
                  password: %s
                """.formatted(sourceId, src.port(), MariaDbServer.ROOT_PASSWORD));
        var ic = tc.instance(sourceId);
        return new SubtaskContext(tc, ic, sc, MigrationRules.of(tc, ic), "worker-test", 1, dumpDir);
    }

    /**
     * DbConnector's URL (in common, not ours to change) asks for {@code time_zone='%2B00:00'},
     * which Connector/J 3.4 passes to the server undecoded, so every connection fails with
     * "Unknown or incorrect time zone". Until that is fixed, the test servers get a named zone
     * of that exact spelling equal to UTC, so the units still run in UTC as intended.
     */
    static void defineEncodedUtcZone(MariaDbServer server) {
        server.execute(
                "INSERT INTO mysql.time_zone (Time_zone_id, Use_leap_seconds) VALUES (999, 'N')",
                "INSERT INTO mysql.time_zone_name (Name, Time_zone_id) VALUES ('%2B00:00', 999)",
                "INSERT INTO mysql.time_zone_transition_type (Time_zone_id, Transition_type_id, `Offset`, Is_DST, Abbreviation)"
                        + " VALUES (999, 0, 0, 0, 'UTC')");
    }

    /** Row count and an order-independent checksum over every column (hex for binary ones). */
    static String fingerprint(MariaDbServer server, String schema, String table, List<String[]> columns) throws SQLException {
        List<String> exprs = new ArrayList<>();
        for (String[] c : columns) {
            String q = "`" + c[0] + "`";
            exprs.add(BINARY.contains(c[1]) ? "COALESCE(HEX(" + q + "),'~N')" : "COALESCE(" + q + ",'~N')");
        }
        String sql = "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|'," + String.join(",", exprs) + "))),0) FROM `"
                + schema + "`.`" + table + "`";
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getString(2);
        }
    }

    static List<String[]> columns(MariaDbServer server, String schema, String table) throws SQLException {
        List<String[]> cols = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COLUMN_NAME, LOWER(DATA_TYPE) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='" + schema
                        + "' AND TABLE_NAME='" + table + "' ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                cols.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return cols;
    }

    static List<String> tables(MariaDbServer server, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + schema
                        + "' AND TABLE_TYPE='BASE TABLE' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static long scalar(MariaDbServer server, String sql) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
