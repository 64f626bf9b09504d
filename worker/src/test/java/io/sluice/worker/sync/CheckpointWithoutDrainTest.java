package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SyncerConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.subtask.SubtaskContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The periodic global checkpoint does not wait for the writer queues: a row stuck on the target
 * (a lock held by someone else) holds back the checkpoint, never the rows of the other queues;
 * and a crash after checkpoints saved that way still replays nothing twice, keyless table included.
 */
@Tag("integration")
class CheckpointWithoutDrainTest extends SyncUnitFixture {
    CheckpointWithoutDrainTest() {
        super("cpdrain");
    }

    @Test
    void aStuckRowHoldsTheCheckpointButNotTheStream() throws Exception {
        for (MariaDbServer s : new MariaDbServer[] {src, dst}) {
            s.execute("CREATE DATABASE db7", "CREATE TABLE db7.stuck (id INT PRIMARY KEY, v INT)", "INSERT INTO db7.stuck VALUES (1, 0)",
                    "CREATE TABLE db7.flow (id INT PRIMARY KEY, v INT)", "CREATE TABLE db7.nopk (a INT, b VARCHAR(8))");
        }
        Running a = start(new SyncUnit(masterPosition()), context());
        Load load = null;
        try (Connection holder = dst.connect(); Statement hold = holder.createStatement()) {
            holder.setAutoCommit(false);
            hold.executeQuery("SELECT * FROM db7.stuck WHERE id = 1 FOR UPDATE").close();
            BinlogPosition beforeStuck = masterPosition();
            src.execute("UPDATE db7.stuck SET v = 1 WHERE id = 1");
            Thread.sleep(500); // a periodic checkpoint (every 100 ms here) comes due while the row waits
            for (int i = 0; i < 200; i++) {
                src.execute("INSERT INTO db7.flow VALUES (" + i + ", 0)");
            }
            // about three quarters of these rows hash to queues other than the stuck one
            long deadline = System.currentTimeMillis() + 30_000;
            while (count("db7.flow") < 100) {
                assertTrue(a.thread().isAlive(), () -> "unit running: " + a.error().get());
                if (System.currentTimeMillis() > deadline) {
                    fail("the other queues stalled behind the stuck row: " + count("db7.flow") + " of 200 rows on the target");
                }
                Thread.sleep(100);
            }
            BinlogPosition global = globalCheckpoint();
            assertEquals(beforeStuck.file(), global.file());
            assertTrue(global.pos() <= beforeStuck.pos(), "checkpoint " + global + " must not pass the unwritten row at " + beforeStuck);
            holder.rollback();

            // now crash under a steady stream of writes, keyless rows included, and resume from the checkpoint
            load = Load.start(src);
            Thread.sleep(1500);
            a.unit().halt();
            a.join();
            Running b = start(new SyncUnit(null), context());
            Thread.sleep(1500);
            b.unit().halt();
            b.join();
            Running c = start(new SyncUnit(null), context());
            Thread.sleep(1000);
            int txns = load.stop();
            load = null;
            assertTrue(txns > 50, "the load ran: " + txns);
            for (String t : new String[] {"db7.stuck", "db7.flow", "db7.nopk"}) {
                awaitSame(t, c);
            }
            c.stopAndJoin();
        } finally {
            if (load != null) {
                load.stop();
            }
            if (a.thread().isAlive()) {
                a.stopAndJoin();
            }
        }
    }

    /**
     * A checkpoint noted before a DDL is dropped when the DDL arrives (the DDL drains and saves at
     * once): crashes under a stream with DDLs between the rows lose and double nothing, keyless
     * table included, and the target's tables end with the source's columns.
     */
    @Test
    void crashesUnderAStreamWithDdlsBetweenTheRows() throws Exception {
        for (MariaDbServer s : new MariaDbServer[] {src, dst}) {
            s.execute("CREATE DATABASE db8", "CREATE TABLE db8.flow (id INT PRIMARY KEY, v INT)", "CREATE TABLE db8.nopk (a INT, b VARCHAR(8))");
        }
        Running a = start(new SyncUnit(masterPosition()), context());
        AtomicBoolean on = new AtomicBoolean(true);
        int[] ddls = {0};
        Thread load = new Thread(() -> {
            try (Connection c = src.connect(); Statement st = c.createStatement()) {
                for (int i = 0; on.get(); i++) {
                    c.setAutoCommit(false);
                    st.execute("INSERT INTO db8.nopk (a, b) VALUES (" + i + ", 'x'), (" + i + ", 'y')");
                    st.execute("INSERT INTO db8.flow (id, v) VALUES (" + (i % 200) + ", 1) ON DUPLICATE KEY UPDATE v = v + 1");
                    c.commit();
                    c.setAutoCommit(true);
                    if (i % 60 == 59) {
                        ddls[0]++;
                        st.execute("ALTER TABLE db8." + (ddls[0] % 2 == 0 ? "flow" : "nopk") + " ADD COLUMN c" + ddls[0] + " INT DEFAULT " + ddls[0]);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "cpdrain-ddl-load");
        load.start();
        Running last = a;
        try {
            for (int crash = 0; crash < 3; crash++) {
                Thread.sleep(1200 + 300L * crash);
                last.unit().halt();
                last.join();
                last = start(new SyncUnit(null), context());
            }
            Thread.sleep(800);
        } finally {
            on.set(false);
            load.join(30_000);
        }
        assertTrue(ddls[0] >= 3, "DDLs ran between the rows: " + ddls[0]);
        for (String t : new String[] {"db8.flow", "db8.nopk"}) {
            awaitSame(t, last);
            String cols = "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION), COUNT(*) FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = 'db8' AND TABLE_NAME = '" + t.substring(4) + "'";
            assertEquals(row(src, cols), row(dst, cols), t + " columns");
        }
        last.stopAndJoin();
    }

    /** Transactions of a keyless insert pair and a keyed upsert, until stopped. */
    private static final class Load {
        private final AtomicBoolean on = new AtomicBoolean(true);
        private final Thread thread;
        private volatile int txns;

        private Load(MariaDbServer src) {
            thread = new Thread(() -> {
                try (Connection c = src.connect(); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (int i = 0; on.get(); i++) {
                        st.execute("INSERT INTO db7.nopk VALUES (" + i + ", 'x'), (" + i + ", 'y')");
                        st.execute("INSERT INTO db7.flow VALUES (" + (1000 + i % 300) + ", 1) ON DUPLICATE KEY UPDATE v = v + 1");
                        c.commit();
                        txns = i + 1;
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "cpdrain-load");
            thread.start();
        }

        static Load start(MariaDbServer src) {
            return new Load(src);
        }

        int stop() throws InterruptedException {
            on.set(false);
            thread.join(30_000);
            return txns;
        }
    }

    private SubtaskContext context() {
        TaskConfig tc = new TaskConfig();
        tc.name = "cpdrain";
        tc.metaSchema = "dm_meta";
        tc.targetDatabase = db(dst);
        InstanceConfig ic = new InstanceConfig();
        ic.sourceId = SOURCE_ID;
        ic.syncer = new SyncerConfig();
        ic.syncer.workerCount = 4;
        ic.syncer.batch = 20;
        ic.syncer.checkpointFlushInterval = 0; // the unit's floor: every 100 ms
        ic.syncer.safeModeDuration = "0s"; // no REPLACE to hide a row written twice
        return contextOf(tc, ic, 1);
    }

    private BinlogPosition globalCheckpoint() throws SQLException {
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT binlog_name, binlog_pos FROM dm_meta.cpdrain_syncer_checkpoint WHERE is_global = 1")) {
            assertTrue(rs.next(), "a global checkpoint is saved");
            return new BinlogPosition(rs.getString(1), rs.getLong(2), "");
        }
    }

    private long count(String table) throws SQLException {
        return count(dst, table);
    }

    private static long count(MariaDbServer s, String table) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until the table's rows (as a multiset: keyless duplicates count) are the same on both sides. */
    private void awaitSame(String table, Running unit) throws Exception {
        String sql = "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', " + (table.endsWith("nopk") ? "a, b" : "id, v") + "))), 0) FROM " + table;
        long deadline = System.currentTimeMillis() + 60_000;
        String want = null;
        String got = null;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(unit.thread().isAlive(), () -> "unit running: " + unit.error().get());
            want = row(src, sql);
            got = row(dst, sql);
            if (want.equals(got)) {
                return;
            }
            Thread.sleep(200);
        }
        fail(table + ": source " + want + " target " + got);
    }

    private static String row(MariaDbServer s, String sql) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1) + "/" + rs.getString(2);
        }
    }
}
