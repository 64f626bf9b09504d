package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The source mariadbd stopped and started again (same port, same data) while a task syncs under
 * a steady write load, safe mode off: the unit reconnects by itself from its last transaction
 * boundary, and the target ends equal to the source with no row applied twice, on a table
 * without any key too (where a replayed insert would show as an extra row).
 */
@Tag("integration")
class UpstreamRestartSyncTest extends SyncUnitFixture {
    UpstreamRestartSyncTest() {
        super("uprestart");
    }

    @Test
    void syncReconnectsAfterTheSourceRestartsAndAppliesEveryRowOnce() throws Exception {
        String ddl = "CREATE TABLE up.keyed (id INT PRIMARY KEY, n INT, v VARCHAR(20))";
        String keyless = "CREATE TABLE up.keyless (k INT, v VARCHAR(20))";
        src.execute("CREATE DATABASE up", ddl, keyless, "INSERT INTO up.keyed SELECT seq, 0, 'x' FROM up.seq_0_to_49");
        dst.execute("CREATE DATABASE up", ddl, keyless, "INSERT INTO up.keyed SELECT seq, 0, 'x' FROM up.seq_0_to_49");
        Running unit = start(new SyncUnit(masterPosition()), contextOf("""
                name: uprestart
                task-mode: incremental
                target-database: %s
                mysql-instances:
                  - source-id: %s
                    syncer: {worker-count: 4, batch: 20, checkpoint-flush-interval: 1, safe-mode: false, safe-mode-duration: 0s}
                """.formatted(targetDatabaseYaml(), SOURCE_ID)));

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Thread load = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
                try (Connection c = src.connect(); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (; writing.get(); i++) {
                        st.execute("INSERT INTO up.keyless VALUES (" + i + ", 'a'), (" + i + ", 'b')");
                        st.execute("UPDATE up.keyed SET n = n + 1, v = 'w" + i + "' WHERE id = " + (i % 50));
                        st.execute("INSERT INTO up.keyless VALUES (" + i + ", 'a')");
                        c.commit();
                        committed.incrementAndGet();
                    }
                } catch (SQLException downOrRestarting) {
                    refused.incrementAndGet();
                    sleepQuietly(100);
                }
            }
        }, "upstream-writes");
        load.start();
        try {
            // restart only once rows are flowing to the target, so the reader is connected and mid-stream
            long deadline = System.currentTimeMillis() + 60_000;
            while (scalar(dst, "SELECT SUM(n) FROM up.keyed") == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1000);
            int before = committed.get();
            long t0 = System.nanoTime();
            src.restart();
            System.out.printf("upstream restart: %.1f s down; %d transactions before it%n", (System.nanoTime() - t0) / 1e9, before);
            Thread.sleep(3000);
        } finally {
            writing.set(false);
            load.join(30_000);
        }
        assertTrue(refused.get() > 0, "the writer saw the source go away");
        assertTrue(committed.get() > 50, "writes went on after the restart: " + committed.get());

        awaitSame(unit, "up.keyless", "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT(k, v))), 0) FROM up.keyless");
        awaitSame(unit, "up.keyed", "SELECT COUNT(*), SUM(n), COALESCE(SUM(CRC32(CONCAT(id, n, v))), 0) FROM up.keyed");
        assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM (SELECT k, v FROM up.keyless GROUP BY k, v HAVING COUNT(*) > IF(v = 'a', 2, 1)) d"),
                "no row applied twice");
        unit.stopAndJoin();
    }

    private void awaitSame(Running unit, String table, String query) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        String want = null;
        String got = null;
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            want = row(src, query);
            got = row(dst, query);
            if (want.equals(got)) {
                return;
            }
            Thread.sleep(300);
        }
        fail(table + ": source " + want + " target " + got);
    }

    private static String row(MariaDbServer s, String query) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                sb.append(rs.getString(i)).append('/');
            }
            return sb.toString();
        }
    }

    private static long scalar(MariaDbServer s, String query) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
