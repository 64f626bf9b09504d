package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The bound worker dies (SIGKILL) or stalls (SIGSTOP past its keepalive TTL) while its source
 * syncs under write load: the master rebinds the source to the spare worker, sync resumes there
 * from the checkpoint, and the target equals the source. A stalled worker that wakes up finds a
 * newer epoch in the fence and writes nothing more.
 */
class WorkerFailoverTest {
    @Test
    void aKilledWorkersSourceMovesToTheSpare() throws Exception {
        try (SyncingTask t = SyncingTask.start("wkill", 1, 2); WriteLoad load = t.writes()) {
            SluiceProcess bound = t.boundWorker();
            Thread.sleep(2000);
            bound.kill();
            t.awaitSyncingOn(t.awaitMovedOffFrom(bound.name()));
            Thread.sleep(2000);
            assertTrue(load.stop() > 100);
            t.awaitEqual("after the bound worker was killed");
        }
    }

    @Test
    void aStalledWorkerThatWakesUpWritesNothingMore() throws Exception {
        try (SyncingTask t = SyncingTask.start("wstop", 1, 2); WriteLoad load = t.writes()) {
            SluiceProcess stalled = t.boundWorker();
            Thread.sleep(2000);
            stalled.pause();
            t.awaitSyncingOn(t.awaitMovedOffFrom(stalled.name()));
            Thread.sleep(2000);
            stalled.resume();
            Thread.sleep(5000);
            assertTrue(load.stop() > 100);
            assertNotEquals(stalled.name(), t.cluster.workerOf(SyncingTask.SOURCE), "the source stays with the spare");
            assertTrue(stalled.isAlive());
            t.awaitEqual("after the stalled worker woke up");
            assertEquals("Running", t.cluster.subtask(t.task).path("stage").asText());
        }
    }

    @Test
    void transferSourceMovesALiveSubtaskWithNothingLostOrDoubled() throws Exception {
        try (SyncingTask t = SyncingTask.start("wmove", 1, 2); WriteLoad load = t.writes()) {
            SluiceProcess from = t.boundWorker();
            String to = t.cluster.workers.stream().map(SluiceProcess::name).filter(n -> !n.equals(from.name())).findFirst().orElseThrow();
            Cluster.CtlResult busy = t.cluster.ctl("transfer-source", SyncingTask.SOURCE, "no-such-worker");
            assertEquals(1, busy.exitCode(), busy.toString());
            assertTrue(busy.out().contains("code=46018"), busy.toString());
            Thread.sleep(1000);
            Cluster.CtlResult moved = t.cluster.ctl("transfer-source", SyncingTask.SOURCE, to);
            assertEquals(0, moved.exitCode(), moved.toString());
            assertEquals(to, t.cluster.workerOf(SyncingTask.SOURCE));
            t.awaitSyncingOn(to);
            Thread.sleep(2000);
            assertTrue(load.stop() > 100);
            t.awaitEqual("after transfer-source");
        }
    }
}
