package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.MariaDbServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bound worker dies (SIGKILL) in the middle of the full phase (while it dumps and loads at
 * once, or while it loads), under write load, with one spare worker: the source is rebound, the spare continues the subtask from the load
 * checkpoint in the target (not from files it does not have), the task reaches sync and the
 * target equals the source. Chunks the dead worker loaded are neither loaded again nor lost.
 */
class FullPhaseFailoverTest {
    private static final int ORDERS = 120_000;
    private static final int USERS = 60_000;
    private static final Pattern DUMPED_ROWS = Pattern.compile("dump finished .* rows=(\\d+) ");

    @Test
    void aWorkerKilledWhileItDumpsAndLoadsKeepsItsChunksAndTheSpareLoadsNothingTwice() throws Exception {
        long t0 = System.nanoTime();
        // one dump thread: the dump lasts long enough for the overlapped load to commit chunks meanwhile
        try (SyncingTask t = SyncingTask.begin("fpdump", 1, 2, ORDERS, USERS, yaml -> yaml.replace("threads: 2", "threads: 1"));
                WriteLoad load = WriteLoad.start(t.src, 10_000_000, USERS, ORDERS)) {
            SluiceProcess bound = t.boundWorker();
            String ofBound = "SELECT COUNT(*) FROM dm_meta.fpdump_loader_checkpoint WHERE worker = '" + bound.name() + "'";
            t.cluster.await("chunks loaded while the dump runs", 90, () -> "Dump".equals(t.cluster.subtask(t.task).path("unit").asText())
                    && scalar(t.dst, ofBound) > 0);
            bound.kill();
            long killedAt = System.nanoTime();
            assertFalse(Files.readString(bound.log()).contains("dump finished"), "killed while the dump still ran");
            long loadedByDead = scalar(t.dst, ofBound);
            String deadChunks = text(t.dst, "SELECT GROUP_CONCAT(CONCAT(filename, '@', update_time) ORDER BY filename)"
                    + " FROM dm_meta.fpdump_loader_checkpoint WHERE worker = '" + bound.name() + "'");
            String spare = t.awaitMovedOffFrom(bound.name());
            t.cluster.await("sync running on " + spare, 90, () -> "Sync".equals(t.cluster.subtask(t.task).path("unit").asText())
                    && "Running".equals(t.cluster.subtask(t.task).path("stage").asText()));
            System.out.printf("fpdump: %d chunks loaded during the dump before the kill; kill to sync on the spare %.1f s%n",
                    loadedByDead, (System.nanoTime() - killedAt) / 1e9);
            Thread.sleep(1000);
            assertTrue(load.stop() > 50);
            // equal includes the keyless table, where a chunk loaded twice would show as doubled rows
            t.awaitEqual("after the bound worker was killed while dumping and loading");
            assertEquals(deadChunks, text(t.dst, "SELECT GROUP_CONCAT(CONCAT(filename, '@', update_time) ORDER BY filename)"
                    + " FROM dm_meta.fpdump_loader_checkpoint WHERE worker = '" + bound.name() + "'"));
            assertTrue(scalar(t.dst, "SELECT COUNT(*) FROM dm_meta.fpdump_loader_checkpoint WHERE worker = '" + spare + "'") > 0);
        }
        System.out.printf("fpdump: test %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void aWorkerKilledDuringLoadKeepsItsChunksAndTheSpareLoadsOnlyTheRest() throws Exception {
        long t0 = System.nanoTime();
        // one load connection against two dump threads: the load lags the dump, so the load unit
        // still has most chunks to load once the dump ends (the overlapped load did the others)
        try (SyncingTask t = SyncingTask.begin("fpload", 1, 2, ORDERS, USERS, yaml -> yaml
                .replace("    mydumper-config-name: dump\n", "    mydumper-config-name: dump\n    loader-config-name: load\n")
                + "loaders:\n  load:\n    pool-size: 1\n");
                WriteLoad load = WriteLoad.start(t.src, 10_000_000, USERS, ORDERS)) {
            SluiceProcess bound = t.boundWorker();
            String ofBound = "SELECT COUNT(*) FROM dm_meta.fpload_loader_checkpoint WHERE worker = '" + bound.name() + "'";
            t.cluster.await("the load under way", 90, () -> "Load".equals(t.cluster.subtask(t.task).path("unit").asText())
                    && scalar(t.dst, ofBound) > 0);
            bound.kill();
            long killedAt = System.nanoTime();
            long loadedByDead = scalar(t.dst, ofBound);
            String firstDump = text(t.dst, "SELECT GROUP_CONCAT(CONCAT(filename, '@', update_time) ORDER BY filename)"
                    + " FROM dm_meta.fpload_loader_checkpoint WHERE worker = '" + bound.name() + "'");
            String spare = t.awaitMovedOffFrom(bound.name());
            t.cluster.await("sync running on " + spare, 90, () -> "Sync".equals(t.cluster.subtask(t.task).path("unit").asText())
                    && "Running".equals(t.cluster.subtask(t.task).path("stage").asText()));
            System.out.printf("fpload: %d chunks loaded before the kill; kill to sync on the spare %.1f s%n", loadedByDead,
                    (System.nanoTime() - killedAt) / 1e9);
            Thread.sleep(1000);
            assertTrue(load.stop() > 50);
            t.awaitEqual("after the bound worker was killed during load");
            // the dead worker's chunks stay as they were: not loaded again, not replaced
            assertEquals(firstDump, text(t.dst, "SELECT GROUP_CONCAT(CONCAT(filename, '@', update_time) ORDER BY filename)"
                    + " FROM dm_meta.fpload_loader_checkpoint WHERE worker = '" + bound.name() + "'"));
            assertTrue(scalar(t.dst, "SELECT COUNT(*) FROM dm_meta.fpload_loader_checkpoint WHERE worker = '" + spare + "'") > 0);
            // and the spare dumped only what was not loaded yet
            SluiceProcess spareProcess = t.cluster.workers.stream().filter(w -> w.name().equals(spare)).findFirst().orElseThrow();
            Matcher m = DUMPED_ROWS.matcher(Files.readString(spareProcess.log()));
            assertTrue(m.find(), "the spare's log has its dump summary");
            long sourceRows = scalar(t.src, "SELECT (SELECT COUNT(*) FROM shop.orders) + (SELECT COUNT(*) FROM app.users)"
                    + " + (SELECT COUNT(*) FROM media.blobs) + (SELECT COUNT(*) FROM media.events_nopk)");
            long dumpedBySpare = Long.parseLong(m.group(1));
            System.out.printf("fpload: the spare dumped %d of %d rows%n", dumpedBySpare, sourceRows);
            assertTrue(dumpedBySpare < sourceRows, dumpedBySpare + " of " + sourceRows);
        }
        System.out.printf("fpload: test %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static long scalar(MariaDbServer server, String sql) throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
                return 0; // not created yet
            }
            throw e;
        }
    }

    private static String text(MariaDbServer server, String sql) throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
