package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The master group grows 3 → 5 with --join and shrinks 5 → 3 with offline-member while a task
 * syncs under write load: the API answers throughout (after a SIGKILL of the leader too), the
 * subtask never leaves Running, and the target equals the source at the end. A stopped worker
 * is offlined the same way.
 */
class MasterGrowShrinkTest {
    @Test
    void growToFiveAndShrinkToThreeWhileATaskSyncs() throws Exception {
        try (SyncingTask t = SyncingTask.start("growshrink", 3, 2); WriteLoad load = t.writes()) {
            Cluster c = t.cluster;
            List<String> stagesSeen = new ArrayList<>();
            Cluster.Check watchTask = () -> {
                JsonNode st = c.subtask(t.task);
                if (st.has("stage") && !"InvalidUnit".equals(st.path("unit").asText())) {
                    stagesSeen.add(st.path("stage").asText());
                }
                return true;
            };

            long growStart = System.nanoTime();
            c.joinMaster();
            c.joinMaster();
            c.await("five masters, all alive", 120, () -> watchTask.ok()
                    && c.listMasters().equals(Map.of("m1", true, "m2", true, "m3", true, "m4", true, "m5", true)));
            System.out.printf("grow 3 -> 5 masters (two --join started together): %d ms%n", (System.nanoTime() - growStart) / 1_000_000);

            int leader = c.leaderIndex();
            String killed = "m" + (leader + 1);
            long killedAt = System.nanoTime();
            c.masters.get(leader).kill();
            c.await("the API answers after the leader's SIGKILL", 60,
                    () -> watchTask.ok() && c.ctlJson("operate-source", "show").path("result").asBoolean());
            System.out.printf("leader SIGKILL -> API answers again: %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);

            Cluster.CtlResult alive = c.ctl("offline-member", "--master", "--name", "m" + (c.leaderIndex() + 1));
            assertEquals(1, alive.exitCode(), alive.toString());
            assertTrue(alive.out().contains("code=38060"), "a running master is refused: " + alive);

            c.await("the killed leader " + killed + " offlined", 60,
                    () -> watchTask.ok() && c.ctl("offline-member", "--master", "--name", killed).exitCode() == 0);
            int newLeader = c.leaderIndex();
            int stopped = newLeader == 4 ? 3 : 4; // a joined master that does not lead: stopped cleanly, then offlined
            c.masters.get(stopped).close();
            String stoppedName = "m" + (stopped + 1);
            c.await(stoppedName + " offlined after it stopped", 60,
                    () -> watchTask.ok() && c.ctl("offline-member", "--master", "--name", stoppedName).exitCode() == 0);

            Map<String, Boolean> masters = c.listMasters();
            assertEquals(3, masters.size(), masters.toString());
            assertTrue(masters.values().stream().allMatch(Boolean::booleanValue), masters.toString());
            assertTrue(!masters.containsKey(killed) && !masters.containsKey(stoppedName), masters.toString());
            JsonNode writes = c.ctlJson("operate-source", "show");
            assertTrue(writes.path("result").asBoolean(), "three masters still take requests: " + writes);

            // the spare worker: refused while it runs, offlined once stopped
            String spare = c.workers.stream().map(SluiceProcess::name).filter(n -> !n.equals(c.workerOf(SyncingTask.SOURCE)))
                    .findFirst().orElseThrow();
            Cluster.CtlResult online = c.ctl("offline-member", "--worker", "--name", spare);
            assertTrue(online.out().contains("code=46005"), online.toString());
            assertTrue(c.ctl("offline-member", "--worker", "--name", "no-such-worker").out().contains("code=46004"));
            c.workers.stream().filter(w -> w.name().equals(spare)).findFirst().orElseThrow().close();
            c.await("the spare worker offlined", 60, () -> c.ctl("offline-member", "--worker", "--name", spare).exitCode() == 0);
            JsonNode workers = c.ctlJson("list-member", "--worker").path("members").path(0).path("worker").path("workers");
            assertEquals(1, workers.size(), workers.toString());

            Thread.sleep(2000);
            long written = load.stop();
            assertTrue(written > 100, "the writer ran: " + written);
            watchTask.ok();
            assertEquals("Running", c.subtask(t.task).path("stage").asText());
            assertTrue(stagesSeen.stream().allMatch("Running"::equals),
                    "the subtask stayed Running: " + stagesSeen.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
            t.awaitEqual("after growing to five masters and shrinking to three");
        }
    }
}
