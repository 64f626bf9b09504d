package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Two of three masters down: the API answers with a coded error instead of hanging or
 * pretending; when one comes back (same data dir, no flag changed) the group has a quorum
 * again, every acknowledged write is still there, and the task is still syncing.
 */
class MasterQuorumTest {
    @Test
    void withoutAQuorumTheApiSaysSoAndNothingAcknowledgedIsLost() throws Exception {
        try (SyncingTask t = SyncingTask.start("quorum", 3, 1)) {
            int leader = t.cluster.leaderIndex();
            int other = (leader + 1) % 3;
            t.cluster.masters.get(leader).kill();
            t.cluster.masters.get(other).kill();

            Cluster.CtlResult r = t.cluster.ctl("operate-source", "create",
                    t.cluster.writeFile("second.yaml", SampleData.sourceYaml("mysql-02", t.src)).toString());
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.out().contains("[code=38"), "a master-class error: " + r);

            t.src.execute("INSERT INTO media.events_nopk VALUES (NOW(), 'no-quorum', 1)");
            t.cluster.masters.get(other).restart();
            t.cluster.await("a quorum again", 60, () -> t.cluster.ctlJson("query-status").path("result").asBoolean());
            JsonNode sources = t.cluster.ctlJson("operate-source", "show");
            assertTrue(sources.toString().contains(SyncingTask.SOURCE), sources.toString());
            assertFalse(sources.toString().contains("mysql-02"), "the refused write left nothing behind: " + sources);
            t.cluster.await("the task reported running", 60,
                    () -> "Running".equals(t.cluster.subtask(t.task).path("stage").asText()));
            t.awaitEqual("after the quorum came back");
        }
    }
}
