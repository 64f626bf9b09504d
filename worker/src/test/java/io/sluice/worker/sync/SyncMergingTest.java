package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SyncerConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code compact} and {@code multiple-rows} against real servers: one binlog range of mixed
 * writes (hot keys updated again and again, rows deleted and inserted again, keys moved, a
 * keyless table and one with a second unique key) replayed from its start with each option,
 * each run ending with the target equal to the source, and fewer statements on the target
 * (its Com_* counters) with the options on than off.
 */
@Tag("integration")
class SyncMergingTest extends SyncUnitFixture {
    private static final List<String> TABLES = List.of("mrg.k", "mrg.kl", "mrg.two");
    private BinlogPosition start;
    private BinlogPosition end;

    SyncMergingTest() {
        super("merge");
    }

    @BeforeAll
    void writeTheRange() throws Exception {
        start = masterPosition();
        src.execute("CREATE DATABASE mrg",
                "CREATE TABLE mrg.k (id INT PRIMARY KEY, v VARCHAR(40), n INT)",
                "CREATE TABLE mrg.kl (a INT, b VARCHAR(40))",
                "CREATE TABLE mrg.two (id INT PRIMARY KEY, u INT UNIQUE, v VARCHAR(40))");
        Random rnd = new Random(42);
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int txn = 0; txn < 300; txn++) {
                for (int op = 0; op < 10; op++) {
                    int id = rnd.nextInt(60);
                    switch (rnd.nextInt(8)) {
                        case 0, 1 -> st.execute("INSERT IGNORE INTO mrg.k VALUES (" + id + ", 'v" + txn + "', " + op + ")");
                        case 2, 3 -> st.execute("UPDATE mrg.k SET n = n + 1, v = 'u" + txn + "' WHERE id = " + id);
                        case 4 -> st.execute("DELETE FROM mrg.k WHERE id = " + id);
                        case 5 -> st.execute("UPDATE IGNORE mrg.k SET id = " + (id + 1000) + " WHERE id = " + id);
                        case 6 -> st.execute("INSERT INTO mrg.kl VALUES (" + id + ", 'x" + (txn % 3) + "')");
                        default -> {
                            st.execute("DELETE FROM mrg.kl WHERE a = " + id + " LIMIT 1");
                            st.execute("INSERT INTO mrg.two VALUES (" + id + ", " + (id + 500) + ", 'w') ON DUPLICATE KEY UPDATE v = 'w"
                                    + txn + "'");
                        }
                    }
                }
                if (txn % 50 == 49) {
                    st.execute("DELETE FROM mrg.k WHERE id >= 1000");
                }
                c.commit();
            }
        }
        end = masterPosition();
    }

    @Test
    void eachOptionKeepsTheTargetEqualAndWritesFewerStatements() throws Exception {
        long plain = replay("merge_off", false, false);
        long compact = replay("merge_compact", true, false);
        long multi = replay("merge_multi", false, true);
        long both = replay("merge_both", true, true);
        System.out.printf("target statements for one range: plain=%d compact=%d multiple-rows=%d both=%d%n", plain, compact, multi, both);
        assertTrue(compact < plain, "compact writes fewer statements: " + compact + " vs " + plain);
        assertTrue(multi < plain, "multiple-rows writes fewer statements: " + multi + " vs " + plain);
        assertTrue(both < plain, "both together write fewer statements: " + both + " vs " + plain);
    }

    /** Replays the range into an empty target and returns how many DML statements the target ran. */
    private long replay(String task, boolean compact, boolean multipleRows) throws Exception {
        dst.execute("DROP DATABASE IF EXISTS mrg");
        TaskConfig tc = new TaskConfig();
        tc.name = task;
        tc.metaSchema = "dm_meta";
        tc.targetDatabase = db(dst);
        InstanceConfig ic = new InstanceConfig();
        ic.sourceId = SOURCE_ID;
        ic.syncer = new SyncerConfig();
        // one queue: the writer falls behind the reader and takes full batches, where merging has something to merge
        ic.syncer.workerCount = 1;
        ic.syncer.batch = 100;
        ic.syncer.checkpointFlushInterval = 1;
        ic.syncer.safeModeDuration = "0s"; // REPLACE and DELETE+REPLACE would hide what the options do
        ic.syncer.compact = compact;
        ic.syncer.multipleRows = multipleRows;
        long before = dmlStatements();
        Running unit = start(new SyncUnit(start), contextOf(tc, ic, 1));
        awaitCheckpoint(unit, task);
        unit.stopAndJoin();
        long statements = dmlStatements() - before;
        for (String t : TABLES) {
            assertEquals(checksum(src, t), checksum(dst, t), task + ": " + t + " equal on both sides");
        }
        return statements;
    }

    /** Waits until the unit's checkpoint is at the range's end: every row of it is committed. */
    private void awaitCheckpoint(Running unit, String task) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            try (Connection c = dst.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT binlog_name, binlog_pos FROM dm_meta.`" + task
                            + "_syncer_checkpoint` WHERE is_global = 1")) {
                if (rs.next() && new BinlogPosition(rs.getString(1), rs.getLong(2), "").compareTo(end) >= 0) {
                    return;
                }
            } catch (SQLException notYet) {
                // checkpoint table not created yet
            }
            Thread.sleep(200);
        }
        fail(task + ": checkpoint did not reach " + end);
    }

    private long dmlStatements() throws SQLException {
        long n = 0;
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_insert', 'Com_update', 'Com_delete', 'Com_replace')")) {
            while (rs.next()) {
                n += rs.getLong(2);
            }
        }
        return n;
    }

    private static String checksum(MariaDbServer s, String table) throws SQLException {
        String cols = switch (table) {
            case "mrg.k" -> "id, v, n";
            case "mrg.kl" -> "a, b";
            default -> "id, u, v";
        };
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', " + cols + "))), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2);
        }
    }
}
