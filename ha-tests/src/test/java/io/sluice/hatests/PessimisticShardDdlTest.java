package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * shard-mode pessimistic across real processes: 2 sources × 2 databases × 2 tables merged into
 * merged.t by three masters and two workers, under writes to every shard. Each DDL goes shard by
 * shard in a different order across both sources; the target gets it once, from the lock's owner,
 * only after the last shard of the last source ran it, and the rows held back meanwhile arrive.
 * The leader is SIGKILLed while a lock is half-synced, and a lock that one source never joins is
 * resolved with unlock-ddl-lock.
 */
class PessimisticShardDdlTest extends ShardMergeFixture {
    static final String TASK = "pessim";
    static final String LOCK_ID = TASK + "-`merged`.`t`";

    @BeforeAll
    static void up() throws Exception {
        startShardMerge("pessim", TASK);
    }

    @Test
    void everyShardOfBothSourcesRunsTheDdlBeforeTheTargetDoesOnce() throws Exception {
        startTaskWithFirstRows("pessimistic");

        long started0 = System.nanoTime();
        try (Writers writers = new Writers()) {
            // ADD COLUMN, source 1's shards first: its worker waits on the lock, the target has nothing yet
            List<String> order = List.of(SHARDS.get(1), SHARDS.get(5), SHARDS.get(0), SHARDS.get(3), SHARDS.get(2), SHARDS.get(6),
                    SHARDS.get(7));
            for (String shard : order) {
                exec(shard, "ALTER TABLE %s ADD COLUMN c INT DEFAULT 7");
                Thread.sleep(150);
            }
            JsonNode lock = awaitLock("mysql-01");
            assertEquals("pessimistic", lock.path("mode").asText(), lock.toString());
            assertEquals("mysql-01", lock.path("owner").asText(), lock.toString());
            assertEquals("[\"mysql-01\"]", lock.path("synced").toString(), lock.toString());
            assertEquals("[\"mysql-02\"]", lock.path("unsynced").toString(), lock.toString());
            assertTrue(lock.path("DDLs").path(0).asText().contains("ADD COLUMN c INT DEFAULT 7"), lock.toString());
            JsonNode waiting = subtask("mysql-01");
            assertEquals(LOCK_ID, waiting.path("unresolvedDDLLockID").asText(), waiting.toString());
            assertTrue(waiting.path("sync").path("blockingDDLs").path(0).asText().contains("ADD COLUMN c"), waiting.toString());
            assertFalse(targetColumns().containsKey("c"), "no column while a shard of mysql-02 lacks it");
            assertTrue(leaderMetrics().contains("dm_master_ddl_state_number{task=\"pessim\",type=\"Un-synced\",} 1.0"),
                    "DM's pending-DDL gauge on the leader");
            exec(SHARDS.get(4), "ALTER TABLE %s ADD COLUMN c INT DEFAULT 7");
            cluster.await("the column once every shard of both sources has it", 60, () -> targetColumns().containsKey("c"));
            cluster.await("the lock gone", 60, () -> locks().isEmpty());

            // ADD INDEX, mysql-02 first this time; the leader is SIGKILLed while the lock is half-synced
            order = List.of(SHARDS.get(6), SHARDS.get(0), SHARDS.get(4), SHARDS.get(7), SHARDS.get(2), SHARDS.get(5));
            for (String shard : order) {
                exec(shard, "ALTER TABLE %s ADD INDEX idx_a (a)");
                Thread.sleep(150);
            }
            lock = awaitLock("mysql-02");
            assertEquals("mysql-02", lock.path("owner").asText(), lock.toString());
            int leader = cluster.leaderIndex();
            cluster.masters.get(leader).kill();
            System.out.printf("pessimistic: SIGKILL of leader m%d with lock %s half-synced%n", leader + 1, lock);
            exec(SHARDS.get(3), "ALTER TABLE %s ADD INDEX idx_a (a)");
            exec(SHARDS.get(1), "ALTER TABLE %s ADD INDEX idx_a (a)");
            cluster.await("the index after the new leader resolved the lock", 90, () -> targetIndexes().contains("idx_a"));

            // MODIFY (widening) and DROP COLUMN, in two more interleavings
            for (int i : new int[] {3, 4, 0, 7, 1, 6, 2, 5}) {
                exec(SHARDS.get(i), "ALTER TABLE %s MODIFY COLUMN a BIGINT DEFAULT NULL");
            }
            cluster.await("the wider type", 90, () -> "bigint".equals(targetColumns().get("a")));
            for (int i : new int[] {7, 2, 6, 1, 5, 0, 4}) {
                exec(SHARDS.get(i), "ALTER TABLE %s DROP COLUMN name");
                Thread.sleep(100);
            }
            awaitLock("mysql-02");
            assertTrue(targetColumns().containsKey("name"), "the column stays while one shard has it");
            exec(SHARDS.get(3), "ALTER TABLE %s DROP COLUMN name");
            cluster.await("the column dropped with the last shard", 90, () -> !targetColumns().containsKey("name"));
            Thread.sleep(500);
            writers.stop();
        }
        awaitSameRows("after the DDLs");
        assertEquals(new TreeMap<>(java.util.Map.of("id", "bigint", "a", "bigint", "c", "int")), targetColumns());
        assertEquals(new TreeSet<>(List.of("PRIMARY", "idx_a")), targetIndexes());
        System.out.printf("pessimistic: 31 shard DDLs of 2 sources under writes, target equal in %d ms%n",
                (System.nanoTime() - started0) / 1_000_000);
        // each DDL ran on the target once, by the lock's owner; the other source skipped it
        assertEquals(4, workerLogLines("applied DDL"), "DDLs run on the target");
        assertEquals(0, workerLogLines("DDL already applied"), "no DDL ran twice");
        assertEquals(4, workerLogLines("event=shard_ddl_skipped"), "the other source skipped each DDL");
        assertEquals("Running", subtask("mysql-01").path("stage").asText());
        assertEquals("Running", subtask("mysql-02").path("stage").asText());

        aWorkerKilledAroundTheLocksDecisionLosesAndDoublesNothing();
        aSourceThatNeverJoinsIsUnlockedByTheOperator();
        aSourceWithOtherDdlsIsRefusedAndReplacedByTheOperator();
    }

    /**
     * DM's 38016: every shard of mysql-02 ran another definition than mysql-01's. Its subtask
     * pauses with the code, nothing reaches the target, and {@code handle-error replace -s} with
     * the lock's statement on the event it stopped at lets it join: the owner runs the DDL once.
     */
    private void aSourceWithOtherDdlsIsRefusedAndReplacedByTheOperator() throws Exception {
        for (int i = 0; i < 4; i++) {
            exec(SHARDS.get(i), "ALTER TABLE %s ADD COLUMN g INT DEFAULT 1");
        }
        awaitLock("mysql-01");
        for (int i = 4; i < 8; i++) {
            exec(SHARDS.get(i), "ALTER TABLE %s ADD COLUMN g INT DEFAULT 2");
            exec(SHARDS.get(i), "INSERT INTO %s (id, a, g) VALUES (" + (base(SHARDS.get(i)) + 998_000) + ", 8, 9)");
        }
        cluster.await("mysql-02 paused on 38016", 60, () -> subtask("mysql-02").path("result").path("errors").toString().contains("38016"));
        assertFalse(targetColumns().containsKey("g"), "nothing ran on the target");
        assertEquals("[\"mysql-01\"]", locks().path(0).path("synced").toString(), "the lock still waits for mysql-02");
        JsonNode replace = cluster.ctlJson("handle-error", TASK, "-s", "mysql-02", "replace",
                "ALTER TABLE " + table(SHARDS.get(7)) + " ADD COLUMN g INT DEFAULT 1");
        assertTrue(replace.path("result").asBoolean(), replace.toString());
        cluster.await("the column once mysql-02 joined", 60, () -> targetColumns().containsKey("g"));
        cluster.await("no lock left", 60, () -> locks().isEmpty());
        cluster.await("mysql-02 running without errors", 60, () -> "Running".equals(subtask("mysql-02").path("stage").asText())
                && subtask("mysql-02").path("result").path("errors").isEmpty());
        awaitSameRows("after the replace");
        assertEquals(4, count("SELECT COUNT(*) FROM merged.t WHERE g = 9"), "mysql-02's rows held during the lock arrived");
    }

    /**
     * SIGKILL of a worker right after the DDL that completes a lock: first the worker of the
     * source that arrives last (it dies before, while or after it is told to skip), then the
     * owner's (before, while or after it runs the DDL). Restarted, each carries on from its
     * checkpoint; the lock resolves, nothing is lost or doubled.
     */
    private void aWorkerKilledAroundTheLocksDecisionLosesAndDoublesNothing() throws Exception {
        try (Writers writers = new Writers()) {
            for (int i : new int[] {4, 5, 6, 7, 0, 1, 2}) {
                exec(SHARDS.get(i), "ALTER TABLE %s ADD COLUMN f INT DEFAULT NULL");
            }
            awaitLock("mysql-02");
            exec(SHARDS.get(3), "ALTER TABLE %s ADD COLUMN f INT DEFAULT NULL");
            killAndRestartWorkerOf("mysql-01", "the last arrival");
            cluster.await("the column after the restart", 90, () -> targetColumns().containsKey("f"));
            cluster.await("the lock gone", 60, () -> locks().isEmpty());

            for (int i : new int[] {0, 1, 2, 3, 4, 5, 6}) {
                exec(SHARDS.get(i), "ALTER TABLE %s ADD INDEX idx_c (c)");
            }
            awaitLock("mysql-01");
            exec(SHARDS.get(7), "ALTER TABLE %s ADD INDEX idx_c (c)");
            killAndRestartWorkerOf("mysql-01", "the owner");
            cluster.await("the index after the owner's restart", 90, () -> targetIndexes().contains("idx_c"));
            cluster.await("the lock gone", 60, () -> locks().isEmpty());
            Thread.sleep(500);
            writers.stop();
        }
        awaitSameRows("after the worker kills");
        for (String source : List.of("mysql-01", "mysql-02")) {
            cluster.await(source + " running without errors", 60, () -> "Running".equals(subtask(source).path("stage").asText())
                    && subtask(source).path("result").path("errors").isEmpty());
        }
    }

    private static void killAndRestartWorkerOf(String source, String role) throws Exception {
        String name = cluster.workerOf(source);
        SluiceProcess w = cluster.workers.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 400));
        w.kill();
        System.out.printf("pessimistic: SIGKILL of %s (worker of %s, %s of the lock)%n", name, source, role);
        w.restart();
    }

    /** DM's first stuck state: a source never runs the DDL (removed, or its shards will not); unlock-ddl-lock lets the owner go on. */
    private void aSourceThatNeverJoinsIsUnlockedByTheOperator() throws Exception {
        for (int i = 0; i < 4; i++) {
            exec(SHARDS.get(i), "ALTER TABLE %s ADD COLUMN e INT DEFAULT NULL");
        }
        awaitLock("mysql-01");
        JsonNode unknown = cluster.ctlJson("unlock-ddl-lock", TASK + "-`merged`.`nope`");
        assertFalse(unknown.path("result").asBoolean(), unknown.toString());
        assertTrue(unknown.toString().contains("38019"), unknown.toString());
        assertEquals(1, locks().size(), "an unknown ID changes nothing");
        JsonNode unlocked = cluster.ctlJson("unlock-ddl-lock", LOCK_ID);
        assertTrue(unlocked.path("result").asBoolean(), unlocked.toString());
        cluster.await("the owner ran the DDL", 60, () -> targetColumns().containsKey("e"));
        cluster.await("no lock left", 60, () -> locks().isEmpty());
        long id = base(SHARDS.get(2)) + 999_000;
        exec(SHARDS.get(2), "INSERT INTO %s (id, a, e) VALUES (" + id + ", 5, 6)");
        cluster.await("mysql-01's held and new rows flow", 60, () -> count("SELECT COUNT(*) FROM merged.t WHERE e = 6 AND id = " + id) == 1);
        awaitSameRows("after the unlock");
    }

    // ---- helpers ----

    private static JsonNode locks() {
        JsonNode r = cluster.ctlJson("show-ddl-locks", TASK);
        assertTrue(r.path("result").asBoolean(), r.toString());
        return r.path("locks");
    }

    /** Waits until the task's lock has {@code synced} as its only synced source. */
    private static JsonNode awaitLock(String synced) throws Exception {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        cluster.await("the lock synced by " + synced, 90, () -> {
            JsonNode l = locks().path(0);
            seen.set(l);
            return LOCK_ID.equals(l.path("ID").asText()) && l.path("synced").toString().equals("[\"" + synced + "\"]");
        });
        return seen.get();
    }

    static String leaderMetrics() throws Exception {
        String url = "http://" + cluster.masterAddrs.get(cluster.leaderIndex()) + "/metrics";
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long workerLogLines(String marker) throws Exception {
        long n = 0;
        for (SluiceProcess w : cluster.workers) {
            try (var lines = Files.lines(w.log())) {
                n += lines.filter(l -> l.contains(marker) && l.contains("merged")).count();
            }
        }
        return n;
    }
}
