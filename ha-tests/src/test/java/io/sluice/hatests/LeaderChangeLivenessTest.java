package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The leader's view of worker liveness lives in its memory, and a new leader gives every worker
 * one TTL of grace. A bound worker that dies together with the leader must still lose its
 * source soon after: within two TTLs (one for the election to settle, one of grace), here with
 * slack for a loaded machine.
 */
class LeaderChangeLivenessTest {
    private static final long TTL_MS = 3_000;

    @Test
    void aWorkerThatDiesWithTheLeaderIsStillReplaced() throws Exception {
        try (SyncingTask t = SyncingTask.start("deadpair", 3, 2); WriteLoad load = t.writes()) {
            SluiceProcess worker = t.boundWorker();
            SluiceProcess leader = t.cluster.masters.get(t.cluster.leaderIndex());
            Thread.sleep(2000);
            long t0 = System.nanoTime();
            leader.kill();
            worker.kill();
            String spare = t.awaitMovedOffFrom(worker.name());
            long movedMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("LEADER+WORKER SIGKILL: source moved to %s after %d ms (ttl %d ms)%n", spare, movedMs, TTL_MS);
            assertTrue(movedMs < 2 * TTL_MS + 4_000, "the source moved " + movedMs + " ms after the deaths");
            t.awaitSyncingOn(spare);
            Thread.sleep(2000);
            assertTrue(load.stop() > 100);
            t.awaitEqual("after the leader and the bound worker died together");
        }
    }
}
