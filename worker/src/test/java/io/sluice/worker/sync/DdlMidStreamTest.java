package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DDL of each kind in the middle of the stream, each followed at once by rows that must be read
 * with the new schema, while another table takes a steady stream of inserts; with a block-allow
 * list and routed shards. At the end every table's columns (type, nullability, default, charset),
 * indexes and rows on the target equal the source's (the shards' union for the routed table),
 * and what was dropped or filtered is as it should be.
 */
@Tag("integration")
class DdlMidStreamTest extends SyncUnitFixture {
    DdlMidStreamTest() {
        super("ddlmid");
    }

    private String taskYaml() {
        return "name: ddlmid\n"
                + "task-mode: incremental\n"
                + "target-database: " + targetDatabaseYaml() + "\n"
                + "mysql-instances:\n"
                + "  - source-id: " + SOURCE_ID + "\n"
                + "    block-allow-list: bal\n"
                + "    route-rules: [r-db, r-shard]\n"
                + "    syncer: {worker-count: 4, batch: 20, checkpoint-flush-interval: 1}\n"
                + "block-allow-list:\n"
                + "  bal:\n"
                + "    do-dbs: [dm, \"shard_*\", drop_me]\n"
                + "    ignore-tables: [{db-name: dm, tbl-name: ignored}]\n"
                + "routes:\n"
                + "  r-db: {schema-pattern: \"shard_*\", target-schema: merged}\n"
                + "  r-shard: {schema-pattern: \"shard_*\", table-pattern: \"t_*\", target-schema: merged, target-table: t}\n";
    }

    @Test
    void everyKindOfDdlEndsWithTargetEqualToSource() throws Exception {
        // filtered upstream, present downstream by hand: a DROP naming it must leave it alone
        dst.execute("CREATE DATABASE dm", "CREATE TABLE dm.ignored (id INT PRIMARY KEY)", "INSERT INTO dm.ignored VALUES (42)");
        Running unit = start(new SyncUnit(masterPosition()), contextOf(taskYaml()));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        src.execute("CREATE DATABASE dm", "CREATE TABLE dm.stream (id INT AUTO_INCREMENT PRIMARY KEY, at BIGINT)");
        Thread writer = new Thread(() -> {
            try (Connection c = src.connect(); Statement st = c.createStatement()) {
                while (writing.get()) {
                    st.execute("INSERT INTO dm.stream (at) VALUES (" + System.nanoTime() + ")");
                    written.incrementAndGet();
                }
            } catch (Throwable e) {
                writerError.set(e);
            }
        }, "ddl-test-writer");
        writer.start();
        try {
            src.execute(
                    "CREATE TABLE dm.a (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO dm.a VALUES (1, 'one'), (2, 'two')",
                    "CREATE TABLE dm.b LIKE dm.a",
                    "INSERT INTO dm.b VALUES (1, 'b-one')",
                    "CREATE TABLE dm.c (x INT, y VARCHAR(10))",
                    "INSERT INTO dm.c VALUES (1, 'c1'), (2, 'c2'), (3, NULL)",
                    "CREATE TABLE dm.ignored (id INT PRIMARY KEY)", "INSERT INTO dm.ignored VALUES (1)",
                    // one statement, two changes: split and applied one by one
                    "ALTER TABLE dm.a ADD COLUMN n INT DEFAULT 5, ADD COLUMN s VARCHAR(10) CHARSET latin1",
                    "INSERT INTO dm.a VALUES (3, 'three', 33, 'café')", "UPDATE dm.a SET s = 'ñu' WHERE id = 1",
                    "ALTER TABLE dm.a MODIFY v VARCHAR(50) NOT NULL DEFAULT 'd'",
                    "INSERT INTO dm.a (id, v) VALUES (4, 'a value longer than twenty chars')",
                    "ALTER TABLE dm.a CHANGE n n2 BIGINT",
                    "INSERT INTO dm.a VALUES (5, 'five', 9000000000, 'x')",
                    "ALTER TABLE dm.a DROP COLUMN s",
                    "INSERT INTO dm.a VALUES (6, 'six', 6)", "UPDATE dm.a SET n2 = n2 + 1 WHERE id <= 3",
                    "ALTER TABLE dm.a ADD INDEX i_v (v)", "INSERT INTO dm.a VALUES (7, 'seven', 7)",
                    "ALTER TABLE dm.a DROP INDEX i_v", "CREATE INDEX i_n ON dm.a (n2)", "INSERT INTO dm.a VALUES (8, 'eight', 8)",
                    "DROP INDEX i_n ON dm.a", "CREATE UNIQUE INDEX uk_v ON dm.a (v)", "DELETE FROM dm.a WHERE id = 8",
                    "ALTER TABLE dm.a ALTER COLUMN v SET DEFAULT 'zz'", "INSERT INTO dm.a (id) VALUES (9)",
                    // a new table charset: old columns keep theirs, new ones take it
                    "ALTER TABLE dm.a DEFAULT CHARSET=latin1", "ALTER TABLE dm.a ADD t2 VARCHAR(10)",
                    "INSERT INTO dm.a VALUES (10, 'ünïcødé ✓', 10, 'señal')",
                    "ALTER TABLE dm.b CONVERT TO CHARACTER SET latin1", "INSERT INTO dm.b VALUES (2, 'año')",
                    "ALTER TABLE dm.c ADD PRIMARY KEY (x)", "UPDATE dm.c SET y = 'c2!' WHERE x = 2",
                    "ALTER TABLE dm.c MODIFY y VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT 'dflt'",
                    "INSERT INTO dm.c (x) VALUES (4)",
                    "TRUNCATE dm.c", "INSERT INTO dm.c VALUES (7, 'after')",
                    "RENAME TABLE dm.b TO dm.b2", "INSERT INTO dm.b2 VALUES (3, 'renamed')",
                    "RENAME TABLE dm.b2 TO dm.b3, dm.c TO dm.c2", "INSERT INTO dm.b3 VALUES (4, 'b3')", "INSERT INTO dm.c2 VALUES (8, 'c2')",
                    "ALTER TABLE dm.a ADD p1 INT, ADD p2 INT DEFAULT 2, DROP PRIMARY KEY, ADD PRIMARY KEY (id, p2)",
                    "INSERT INTO dm.a (id, v, p1) VALUES (11, 'eleven', 1)", "UPDATE dm.a SET p1 = id WHERE id < 5",
                    "CREATE TABLE dm.d (id INT PRIMARY KEY, v INT)", "INSERT INTO dm.d VALUES (1, 1)",
                    "DROP TABLE dm.d, dm.ignored",
                    "CREATE DATABASE drop_me", "CREATE TABLE drop_me.t (id INT PRIMARY KEY)", "INSERT INTO drop_me.t VALUES (1)",
                    "DROP DATABASE drop_me",
                    // two shards routed into merged.t, then the same change on each
                    "CREATE DATABASE shard_1", "CREATE DATABASE shard_2",
                    "CREATE TABLE shard_1.t_1 (id INT PRIMARY KEY, v INT)", "CREATE TABLE shard_2.t_2 (id INT PRIMARY KEY, v INT)",
                    "INSERT INTO shard_1.t_1 VALUES (1, 1), (2, 2)", "INSERT INTO shard_2.t_2 VALUES (101, 1)",
                    "ALTER TABLE shard_1.t_1 ADD COLUMN w VARCHAR(10) DEFAULT 'w'",
                    "INSERT INTO shard_1.t_1 VALUES (3, 3, 'new')", "INSERT INTO shard_2.t_2 VALUES (102, 2)",
                    "ALTER TABLE shard_2.t_2 ADD COLUMN w VARCHAR(10) DEFAULT 'w'",
                    "INSERT INTO shard_2.t_2 VALUES (103, 3, 'new2')", "UPDATE shard_2.t_2 SET v = v * 10");
            Thread.sleep(300); // a few more stream rows after the last DDL
        } finally {
            writing.set(false);
            writer.join(10_000);
        }
        assertTrue(writerError.get() == null, () -> "writer: " + writerError.get());
        assertTrue(written.get() > 0);

        Map<String, String> same = Map.of("dm.a", "dm.a", "dm.b3", "dm.b3", "dm.c2", "dm.c2", "dm.stream", "dm.stream");
        for (Map.Entry<String, String> t : same.entrySet()) {
            awaitEqual(unit, t.getKey(), t.getValue());
        }
        awaitEqual(unit, "shard_1.t_1", "merged.t", "shard_2.t_2");
        for (String gone : List.of("dm.b", "dm.b2", "dm.c", "dm.d", "drop_me.t")) {
            assertFalse(exists(dst, gone), gone + " is not on the target");
        }
        assertEquals(List.of("42"), column(dst, "SELECT id FROM dm.ignored"), "the filtered table is left alone");
        assertEquals("a value longer than twenty chars", column(dst, "SELECT v FROM dm.a WHERE id = 4").get(0));
        assertEquals("ünïcødé ✓|señal", column(dst, "SELECT CONCAT(v, '|', t2) FROM dm.a WHERE id = 10").get(0));
        unit.stopAndJoin();
    }

    private void awaitEqual(Running unit, String source, String target, String... moreSources) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        String want = null;
        String got = null;
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            want = shape(src, source) + rows(src, source, moreSources);
            try {
                got = shape(dst, target) + rows(dst, target);
            } catch (SQLException notYet) {
                got = notYet.getMessage();
            }
            if (want.equals(got)) {
                return;
            }
            Thread.sleep(250);
        }
        assertEquals(want, got, source + " -> " + target);
    }

    /** Columns (name, type, nullability, default, charset) and indexes, in order. */
    private static String shape(MariaDbServer s, String table) throws SQLException {
        String[] p = table.split("\\.");
        StringBuilder out = new StringBuilder();
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, CHARACTER_SET_NAME"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + p[0] + "' AND TABLE_NAME = '" + p[1]
                    + "' ORDER BY ORDINAL_POSITION")) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3))
                            .append(" default=").append(rs.getString(4)).append(" cs=").append(rs.getString(5)).append('\n');
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS"
                    + " WHERE TABLE_SCHEMA = '" + p[0] + "' AND TABLE_NAME = '" + p[1] + "' ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
                while (rs.next()) {
                    out.append("index ").append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ')
                            .append(rs.getString(3)).append(' ').append(rs.getString(4)).append('\n');
                }
            }
        }
        if (out.isEmpty()) {
            throw new SQLException("no table " + table);
        }
        return out.toString();
    }

    /** Every row of the tables, each as its values joined, sorted. */
    private static String rows(MariaDbServer s, String table, String... more) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> tables = new ArrayList<>(List.of(table));
        tables.addAll(List.of(more));
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        out.add(row.toString());
                    }
                }
            }
        }
        out.sort(null);
        return out.size() + " rows\n" + String.join("\n", out);
    }

    private static boolean exists(MariaDbServer s, String table) throws SQLException {
        String[] p = table.split("\\.");
        return !column(s, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + p[0]
                + "' AND TABLE_NAME = '" + p[1] + "'").isEmpty();
    }

    private static List<String> column(MariaDbServer s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
