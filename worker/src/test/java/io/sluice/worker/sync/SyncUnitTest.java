package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SyncerConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.SyncStatus;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.subtask.SubtaskContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sync unit between two real MariaDB servers. */
@Tag("integration")
class SyncUnitTest extends SyncUnitFixture {
    SyncUnitTest() {
        super("sync");
    }

    @Test
    void replicatesEveryTypeAndDdl() throws Exception {
        Running unit = start(new SyncUnit(masterPosition()), context("types", 1));
        src.execute("CREATE DATABASE db1",
                "CREATE TABLE db1.types (id INT NOT NULL PRIMARY KEY,"
                        + " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED,"
                        + " i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, dec65 DECIMAL(65,30), f FLOAT, d DOUBLE,"
                        + " dt DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, dte DATE, tm TIME(6), tm0 TIME, tm3 TIME(3), yr YEAR,"
                        + " c CHAR(10), vc VARCHAR(100), tx TEXT, lt LONGTEXT, bn BINARY(8), vb VARBINARY(100), bl BLOB,"
                        + " js JSON, en ENUM('a','b','c'), st SET('x','y','z'), b1 BIT(1), b64 BIT(64),"
                        + " lat VARCHAR(20) CHARACTER SET latin1) DEFAULT CHARSET=utf8mb4",
                "INSERT INTO db1.types (id) VALUES (1)",
                "INSERT INTO db1.types VALUES (2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,"
                        + " 9223372036854775807, 18446744073709551615,"
                        + " 12345678901234567890123456789012345.123456789012345678901234567890, 1.1, 3.141592653589793,"
                        + " '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '9999-12-31', '838:59:59.000000',"
                        + " '-838:59:59', '-00:00:00.5', 2155, 'abc', '😀 emoji ü', 'text 𝄞', REPEAT('long ', 1000),"
                        + " x'0102000000', x'00FF00', x'DEADBEEF00', '{\"a\": [1, 2, {\"b\": null}]}', 'c', 'x,z',"
                        + " b'1', x'FFFFFFFFFFFFFFFF', 'café')",
                "INSERT INTO db1.types VALUES (3, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0,"
                        + " -9223372036854775808, 0, -99999999999999999999999999999999999.999999999999999999999999999999,"
                        + " -0.5, -1.7976931348623157e308, '1000-01-01 00:00:00.000001', '1970-01-01 00:00:01.000000',"
                        + " '1000-01-01', '-12:34:56.789012', '00:00:00', '-01:02:03.456', 1901, '', '', '', '', x'00', x'', x'',"
                        + " '[]', 'a', '', b'0', x'0000000000000000', '')",
                "INSERT INTO db1.types (id, dt, dte, yr, ts) VALUES (4, '0000-00-00 00:00:00', '0000-00-00', 0, '0000-00-00 00:00:00')",
                "UPDATE db1.types SET vc = 'updated 🚀', biu = 18446744073709551614, tm = '-838:59:59.999999' WHERE id = 2",
                "UPDATE db1.types SET id = 20 WHERE id = 2",
                "DELETE FROM db1.types WHERE id = 3",
                "INSERT INTO db1.types (id, vc) VALUES (5, 'five'), (6, 'six'), (7, 'seven')",
                "UPDATE db1.types SET i = id * 10 WHERE id >= 5",
                // DDL while rows flow
                "CREATE TABLE db1.t2 (id INT PRIMARY KEY, a VARCHAR(10))",
                "INSERT INTO db1.t2 VALUES (1, 'one'), (2, 'two')",
                "ALTER TABLE db1.t2 ADD COLUMN b INT DEFAULT 7",
                "INSERT INTO db1.t2 VALUES (3, 'three', 33)",
                "ALTER TABLE db1.t2 MODIFY COLUMN a VARCHAR(50)",
                "ALTER TABLE db1.t2 CHANGE COLUMN b c BIGINT",
                "INSERT INTO db1.t2 VALUES (4, 'a longer value than ten', 44)",
                "ALTER TABLE db1.t2 ADD INDEX idx_a (a)", "ALTER TABLE db1.t2 DROP INDEX idx_a",
                "CREATE UNIQUE INDEX uk_a ON db1.t2 (a)", "DROP INDEX uk_a ON db1.t2",
                "ALTER TABLE db1.t2 DROP COLUMN c",
                "UPDATE db1.t2 SET a = CONCAT(a, '!')",
                "CREATE TABLE db1.t3 (x INT, y VARCHAR(10))",
                "INSERT INTO db1.t3 VALUES (1, 'a'), (1, 'a'), (2, NULL)",
                "DELETE FROM db1.t3 WHERE x = 1 LIMIT 1",
                "UPDATE db1.t3 SET y = 'b' WHERE x = 2",
                "TRUNCATE TABLE db1.t3",
                "INSERT INTO db1.t3 VALUES (9, 'nine'), (9, 'nine')",
                "RENAME TABLE db1.t3 TO db1.t4",
                "INSERT INTO db1.t4 VALUES (10, 'ten')",
                "CREATE TABLE db1.t5 (x INT)", "DROP TABLE db1.t5",
                "CREATE DATABASE db2", "CREATE TABLE db2.x (id INT PRIMARY KEY)", "INSERT INTO db2.x VALUES (1)",
                "DROP DATABASE db2",
                "CREATE USER 'someone'@'%' IDENTIFIED BY 'pw'", "GRANT SELECT ON db1.* TO 'someone'@'%'");
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO db1.t2 VALUES (10, 'ten')");
            st.execute("SAVEPOINT sp1");
            st.execute("INSERT INTO db1.t2 VALUES (11, 'eleven')");
            st.execute("ROLLBACK TO SAVEPOINT sp1");
            st.execute("INSERT INTO db1.t2 VALUES (12, 'twelve')");
            c.commit();
        }
        for (String t : List.of("db1.types", "db1.t2", "db1.t4")) {
            awaitEqual(t, unit);
        }
        assertEquals(rows("db1.types", src), rows("db1.types", dst));
        assertFalse(exists(dst, "db1", "t3"));
        assertFalse(exists(dst, "db1", "t5"));
        assertFalse(exists(dst, "db2", "x"));
        awaitSynced(unit);
        SyncStatus s = status(unit.unit());
        assertTrue(s.getTotalEvents() > 0);
        assertEquals("remote", s.getBinlogType());
        unit.stopAndJoin();
        assertNotNull(checkpointRow("types"));
    }

    /**
     * A halted (crashed) unit and a stopped one, each followed by a new unit on the same
     * checkpoint, under a steady stream of writes to a table without a primary key.
     */
    @Test
    void restartsWithoutDuplicatesOnTablesWithoutKeys() throws Exception {
        src.execute("CREATE DATABASE db3", "CREATE TABLE db3.nopk (a INT, b VARCHAR(32))",
                "CREATE TABLE db3.pk (id INT PRIMARY KEY, n INT)",
                "INSERT INTO db3.pk VALUES (0,0),(1,0),(2,0),(3,0),(4,0),(5,0),(6,0),(7,0),(8,0),(9,0)");
        dst.execute("CREATE DATABASE db3", "CREATE TABLE db3.nopk (a INT, b VARCHAR(32))",
                "CREATE TABLE db3.pk (id INT PRIMARY KEY, n INT)",
                "INSERT INTO db3.pk VALUES (0,0),(1,0),(2,0),(3,0),(4,0),(5,0),(6,0),(7,0),(8,0),(9,0)");
        BinlogPosition start = masterPosition();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger txns = new AtomicInteger();
        Thread load = new Thread(() -> {
            try (Connection c = src.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                for (int i = 0; writing.get(); i++) {
                    st.execute("INSERT INTO db3.nopk VALUES (" + i + ", 'x')");
                    st.execute("INSERT INTO db3.nopk VALUES (" + i + ", 'y'), (" + i + ", 'z')");
                    st.execute("UPDATE db3.pk SET n = n + 1 WHERE id = " + (i % 10));
                    st.execute("INSERT INTO db3.nopk VALUES (" + i + ", 'x')");
                    c.commit();
                    txns.incrementAndGet();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        load.start();
        long t0 = System.nanoTime();
        Running a = start(new SyncUnit(start), context("restart", 1));
        Thread.sleep(1500);
        a.unit().halt();
        a.join();
        Running b = start(new SyncUnit(start), context("restart", 1));
        Thread.sleep(1500);
        b.stopAndJoin();
        Running c = start(new SyncUnit(null), context("restart", 1));
        Thread.sleep(1000);
        writing.set(false);
        load.join();
        awaitEqual("db3.nopk", c);
        awaitEqual("db3.pk", c);
        double secs = (System.nanoTime() - t0) / 1e9;
        long rows = count(dst, "db3.nopk");
        System.out.printf("restart test: %d upstream transactions, %d no-key rows, %.1f s, %.0f rows/s end to end%n",
                txns.get(), rows, secs, (rows + txns.get()) / secs);
        assertEquals(count(src, "db3.nopk"), rows);
        assertTrue(rows > 100, "the load ran");
        c.stopAndJoin();
    }

    @Test
    void aFencedUnitCannotWrite() throws Exception {
        src.execute("CREATE DATABASE db4", "CREATE TABLE db4.t (id INT PRIMARY KEY)");
        dst.execute("CREATE DATABASE db4", "CREATE TABLE db4.t (id INT PRIMARY KEY)");
        BinlogPosition start = masterPosition();
        Running old = start(new SyncUnit(start), context("fence", 5));
        src.execute("INSERT INTO db4.t VALUES (1)");
        awaitEqual("db4.t", old);

        Running successor = start(new SyncUnit(start), context("fence", 6));
        Thread.sleep(500);
        src.execute("INSERT INTO db4.t VALUES (2)");
        old.thread().join(20_000);
        assertFalse(old.thread().isAlive(), "the fenced unit stops");
        SluiceException e = assertInstanceOf(SluiceException.class, old.error().get());
        assertEquals(SyncErrors.CHECKPOINT_FENCED, e.code());
        awaitEqual("db4.t", successor);

        Running late = start(new SyncUnit(start), context("fence", 5));
        late.thread().join(20_000);
        assertEquals(SyncErrors.CHECKPOINT_FENCED, ((SluiceException) late.error().get()).code());
        successor.stopAndJoin();
    }

    @Test
    void followsMariaDbGtidAcrossRestarts() throws Exception {
        src.execute("CREATE DATABASE db5", "CREATE TABLE db5.t (id INT PRIMARY KEY, v VARCHAR(10))");
        dst.execute("CREATE DATABASE db5", "CREATE TABLE db5.t (id INT PRIMARY KEY, v VARCHAR(10))");
        String gtid = gtidPos();
        SubtaskContext ctx = context("gtid", 1);
        ctx.source().enableGtid = true;
        Running a = start(new SyncUnit(new BinlogPosition("", 4, gtid)), ctx);
        // the first event is a DDL on a table the tracker has not seen yet
        src.execute("ALTER TABLE db5.t ADD COLUMN w INT DEFAULT 5");
        for (int i = 1; i <= 50; i++) {
            src.execute("INSERT INTO db5.t (id, v) VALUES (" + i + ", 'a')");
        }
        awaitEqual("db5.t", a);
        a.stopAndJoin();
        assertEquals(gtidPos(), checkpointGtid("gtid"));
        for (int i = 51; i <= 100; i++) {
            src.execute("INSERT INTO db5.t (id, v) VALUES (" + i + ", 'b')", "UPDATE db5.t SET v = 'c' WHERE id = " + (i - 50));
        }
        Running b = start(new SyncUnit(null), ctx);
        awaitEqual("db5.t", b);
        b.stopAndJoin();
        assertEquals(gtidPos(), checkpointGtid("gtid"));
    }

    /** Catch-up rate over a backlog of 50,000 single-row-event inserts in 500-row transactions. */
    @Test
    void measuresCatchUpRate() throws Exception {
        src.execute("CREATE DATABASE db6", "CREATE TABLE db6.t (id INT PRIMARY KEY, v VARCHAR(32), n BIGINT)");
        dst.execute("CREATE DATABASE db6", "CREATE TABLE db6.t (id INT PRIMARY KEY, v VARCHAR(32), n BIGINT)");
        BinlogPosition start = masterPosition();
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 50_000; i++) {
                st.addBatch("INSERT INTO db6.t VALUES (" + i + ", 'value " + i + "', " + (i * 7L) + ")");
                if (i % 500 == 499) {
                    st.executeBatch();
                    c.commit();
                }
            }
        }
        long t0 = System.nanoTime();
        SubtaskContext ctx = context("rate", 1);
        ctx.instance().syncer.workerCount = 16;
        ctx.instance().syncer.batch = 100;
        Running r = start(new SyncUnit(start), ctx);
        while (count(dst, "db6.t") < 50_000) {
            assertTrue(r.thread().isAlive(), () -> "unit running: " + r.error().get());
            Thread.sleep(50);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("catch-up: 50000 rows in %.2f s = %.0f rows/s (16 queues, batch 100)%n", secs, 50_000 / secs);
        awaitEqual("db6.t", r);
        r.stopAndJoin();
    }

    private String gtidPos() throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String checkpointGtid(String task) throws SQLException {
        try (Connection c = dst.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT binlog_gtid FROM dm_meta.`" + task + "_syncer_checkpoint` WHERE is_global = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    // --- helpers -------------------------------------------------------------------------

    private SubtaskContext context(String task, long epoch) {
        TaskConfig tc = new TaskConfig();
        tc.name = task;
        tc.metaSchema = "dm_meta";
        tc.targetDatabase = db(dst);
        InstanceConfig ic = new InstanceConfig();
        ic.sourceId = SOURCE_ID;
        ic.syncer = new SyncerConfig();
        ic.syncer.workerCount = 4;
        ic.syncer.batch = 20;
        ic.syncer.checkpointFlushInterval = 1;
        return contextOf(tc, ic, epoch);
    }

    /** Waits until COUNT(*) and the order-independent CRC32 sum agree on both servers. */
    private void awaitEqual(String table, Running unit) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String want = null;
        String got = null;
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            want = checksum(src, table);
            got = targetChecksum(table);
            if (want.equals(got)) {
                return;
            }
            Thread.sleep(200);
        }
        fail(table + ": source " + want + " target " + got);
    }

    /** The target's checksum, or null while it lags behind a DDL the source already has. */
    private String targetChecksum(String table) throws Exception {
        if (!exists(dst, table.split("\\.")[0], table.split("\\.")[1])) {
            return null;
        }
        try {
            return checksum(dst, table);
        } catch (java.sql.SQLSyntaxErrorException e) {
            return null; // e.g. a column added upstream that the sync unit has not added yet
        }
    }

    private void awaitSynced(Running unit) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (status(unit.unit()).getSynced()) {
                return;
            }
            Thread.sleep(200);
        }
        fail("not synced: " + status(unit.unit()));
    }

    private static SyncStatus status(SyncUnit unit) {
        SubTaskStatus.Builder b = SubTaskStatus.newBuilder();
        unit.fillStatus(b);
        return b.getSync();
    }

    private String checksum(MariaDbServer s, String table) throws SQLException {
        String[] p = table.split("\\.");
        List<String> exprs = new ArrayList<>();
        try (Connection c = src.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                        + p[0] + "' AND TABLE_NAME = '" + p[1] + "' ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                String col = "`" + rs.getString(1) + "`";
                String type = rs.getString(2);
                boolean bytes = type.contains("binary") || type.contains("blob") || type.equals("bit");
                exprs.add("IFNULL(" + (bytes ? "HEX(" + col + ")" : "CAST(" + col + " AS CHAR)") + ", '<null>')");
            }
        }
        try (Connection c = s.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), IFNULL(SUM(CRC32(CONCAT_WS('|', " + String.join(", ", exprs)
                        + "))), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getString(2);
        }
    }

    private static List<String> rows(String table, MariaDbServer s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    String type = rs.getMetaData().getColumnTypeName(i).toUpperCase();
                    boolean bytes = type.contains("BINARY") || type.contains("BLOB") || type.contains("BIT");
                    Object v = bytes ? rs.getBytes(i) : rs.getString(i);
                    sb.append(rs.getMetaData().getColumnName(i)).append('=')
                            .append(v == null ? "NULL" : v instanceof byte[] b ? HexFormat.of().formatHex(b) : v).append(' ');
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    private static long count(MariaDbServer s, String table) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean exists(MariaDbServer s, String schema, String table) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + schema
                        + "' AND TABLE_NAME = '" + table + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private String checkpointRow(String task) throws SQLException {
        try (Connection c = dst.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT binlog_name FROM dm_meta.`" + task + "_syncer_checkpoint` WHERE is_global = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
