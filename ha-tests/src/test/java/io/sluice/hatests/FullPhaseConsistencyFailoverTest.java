package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of the bound worker while it dumps in {@code consistency: snapshot} (one MariaDB
 * snapshot per dump connection, no global lock) and then in {@code consistency: none} (no
 * snapshot at all), under write load, on one cluster of two workers: each time the spare takes
 * the source, dumps again, loads, reaches sync, and the target ends equal to the source.
 *
 * <p>Without a snapshot a table without a key cannot be exact under writes (a row inserted while
 * it is read arrives twice), so the {@code none} task leaves the keyless table out, as a user of
 * that mode must.
 */
class FullPhaseConsistencyFailoverTest {
    private static final int ORDERS = 120_000;
    private static final int USERS = 60_000;

    @Test
    void aWorkerKilledDuringASnapshotDumpAndThenDuringANoneDumpIsReplacedAndTheTargetEndsEqual() throws Exception {
        long t0 = System.nanoTime();
        try (SyncingTask t = SyncingTask.begin("fpsnap", 1, 2, ORDERS, USERS, yaml -> withDumper(yaml, "consistency: snapshot", ""))) {
            SluiceProcess first = killDuringDumpAndAwaitEqual(t, "fpsnap", Map.of());
            // the chunks it loaded while it dumped (the overlapped load) were kept, and the equality covers them
            System.out.printf("fpsnap: %d chunks loaded by the killed worker%n",
                    count(t, "SELECT COUNT(*) FROM dm_meta.fpsnap_loader_checkpoint WHERE worker = '" + first.name() + "'"));
            first.restart(); // the spare for the second round

            // the same source, a fresh target, and no snapshot at all
            assertTrue(t.cluster.ctlJson("stop-task", "fpsnap").path("result").asBoolean());
            t.cluster.await("task fpsnap gone", 60, () -> t.cluster.subtask("fpsnap").isMissingNode());
            Thread.sleep(2000); // the worker stops its sync unit on its next keepalive
            t.dst.execute("DROP DATABASE IF EXISTS shop", "DROP DATABASE IF EXISTS media", "DROP DATABASE IF EXISTS app",
                    "DROP DATABASE IF EXISTS extra");
            String yaml = withDumper(SampleData.taskYaml("fpnone", "all", SyncingTask.SOURCE, t.dst), "consistency: none",
                    "    ignore-tables:\n      - db-name: media\n        tbl-name: events_nopk\n");
            JsonNode started = t.cluster.ctlJson("start-task", t.cluster.writeFile("fpnone.yaml", yaml).toString());
            assertTrue(started.path("result").asBoolean(), started.toString());
            killDuringDumpAndAwaitEqual(t, "fpnone", Map.of("media.events_nopk", ""));
        }
        System.out.printf("fp consistency failover: test %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** The sample task file with a key added to its dumper and lines added to its block-allow list. */
    private static String withDumper(String yaml, String dumperKey, String baExtra) {
        return yaml.replace("    rows: 5000\n", "    rows: 5000\n    " + dumperKey + "\n")
                .replace("    do-dbs: [\"shop\", \"media\", \"app\", \"extra\"]\n",
                        "    do-dbs: [\"shop\", \"media\", \"app\", \"extra\"]\n" + baExtra);
    }

    /** Kills the bound worker once the dump of {@code task} is under way; returns it, dead. */
    private static SluiceProcess killDuringDumpAndAwaitEqual(SyncingTask t, String task, Map<String, String> leftOut)
            throws Exception {
        try (WriteLoad load = WriteLoad.start(t.src, 10_000_000, USERS, ORDERS)) {
            SluiceProcess bound = t.boundWorker();
            t.cluster.await(task + " dump under way", 60, () -> {
                JsonNode st = t.cluster.subtask(task);
                return "Dump".equals(st.path("unit").asText()) && st.path("dump").path("finishedRows").asDouble() > 0;
            });
            bound.kill();
            long killedAt = System.nanoTime();
            String spare = t.awaitMovedOffFrom(bound.name());
            t.cluster.await(task + " sync running on " + spare, 120, () -> "Sync".equals(t.cluster.subtask(task).path("unit").asText())
                    && "Running".equals(t.cluster.subtask(task).path("stage").asText()));
            System.out.printf("%s: kill to sync on the spare %.1f s%n", task, (System.nanoTime() - killedAt) / 1e9);
            Thread.sleep(1000);
            assertTrue(load.stop() > 50);
            t.cluster.await("target equals source after the kill (" + task + ")", 180, () -> {
                Map<String, String> s = new java.util.TreeMap<>(TableChecksum.of(t.src, SampleData.SCHEMAS));
                Map<String, String> d = new java.util.TreeMap<>(TableChecksum.of(t.dst, SampleData.SCHEMAS));
                leftOut.keySet().forEach(k -> {
                    s.remove(k);
                    d.remove(k);
                });
                return s.equals(d);
            });
            assertTrue(count(t, "SELECT COUNT(*) FROM dm_meta." + task + "_loader_checkpoint WHERE worker = '" + spare + "'") > 0);
            return bound;
        }
    }

    private static long count(SyncingTask t, String sql) throws Exception {
        try (var c = t.dst.connect(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
