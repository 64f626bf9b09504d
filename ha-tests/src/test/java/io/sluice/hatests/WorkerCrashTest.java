package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.MariaDbServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of the only worker in the middle of sync under write load: once restarted it
 * resumes from its checkpoint, and the target equals the source — nothing lost, nothing
 * applied twice, including a table without a primary key.
 */
class WorkerCrashTest {
    @Test
    void killedWorkerResumesWithNothingLostOrDoubled() throws Exception {
        try (MariaDbServer src = MariaDbServer.start("crash-src"); MariaDbServer dst = MariaDbServer.start("crash-dst");
             Cluster cluster = Cluster.start("crash", 1)) {
            SampleData.create(src, 2_000, 500, 2_000, 2_000);
            Path source = cluster.writeFile("source.yaml", SampleData.sourceYaml("mysql-01", src));
            Path task = cluster.writeFile("task.yaml", SampleData.taskYaml("crash", "all", "mysql-01", dst));
            assertTrue(cluster.ctlJson("operate-source", "create", source.toString()).path("result").asBoolean());
            assertTrue(cluster.ctlJson("start-task", task.toString()).path("result").asBoolean());
            cluster.await("sync running", 120, () -> "Sync".equals(cluster.subtask("crash").path("unit").asText()));

            WriteLoad load = WriteLoad.start(src, 20_000, 2_000, 2_000);
            Thread.sleep(3000);
            SluiceProcess worker = cluster.workers.get(0);
            worker.kill();
            Thread.sleep(2000);
            worker.restart();
            Thread.sleep(4000);
            long written = load.stop();
            assertTrue(written > 100, "the writer ran: " + written);

            cluster.await("target equals source after the crash", 180, () ->
                    TableChecksum.of(src, SampleData.SCHEMAS).equals(TableChecksum.of(dst, SampleData.SCHEMAS)));
        }
    }
}
