package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of the leader of three masters while a task syncs under write load: another master
 * is elected and serves the API (followers forward to it), the subtask never leaves Running,
 * and the target equals the source.
 */
class MasterLeaderKillTest {
    @Test
    void aNewLeaderServesTheApiAndTheTaskNeverStops() throws Exception {
        try (SyncingTask t = SyncingTask.start("leaderkill", 3, 1); WriteLoad load = t.writes()) {
            int leader = t.cluster.leaderIndex();
            Thread.sleep(1000);
            long killedAt = System.nanoTime();
            t.cluster.masters.get(leader).kill();

            Path second = t.cluster.writeFile("second.yaml", SampleData.sourceYaml("mysql-02", t.src));
            List<String> stagesSeen = new ArrayList<>();
            long writeOkAt = 0;
            while (writeOkAt == 0 && System.nanoTime() - killedAt < 60_000_000_000L) {
                JsonNode st = t.cluster.subtask(t.task);
                if (st.has("stage") && !"InvalidUnit".equals(st.path("unit").asText())) { // a worker's own report
                    stagesSeen.add(st.path("stage").asText());
                }
                if (t.cluster.ctlJson("operate-source", "create", second.toString()).path("result").asBoolean()) {
                    writeOkAt = System.nanoTime();
                }
            }
            assertNotEquals(0, writeOkAt, "no master accepted a write within 60 s of the leader's death");
            System.out.printf("leader SIGKILL -> next acknowledged API write: %d ms%n", (writeOkAt - killedAt) / 1_000_000);
            assertNotEquals(leader, t.cluster.leaderIndex(), "a new leader");
            assertTrue(t.cluster.ctlJson("operate-source", "show").toString().contains("mysql-02"), "the write survived");
            assertTrue(t.cluster.ctlJson("operate-source", "stop", "mysql-02").path("result").asBoolean());

            Thread.sleep(2000);
            long written = load.stop();
            assertTrue(written > 100, "the writer ran: " + written);
            assertEquals("Running", t.cluster.subtask(t.task).path("stage").asText());
            assertTrue(stagesSeen.stream().allMatch("Running"::equals), "the subtask stayed Running: " + stagesSeen);
            t.awaitEqual("after the leader's death");
        }
    }
}
