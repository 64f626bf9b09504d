package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.testkit.MariaDbServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A task with {@code online-ddl: true} on real master and worker processes, while
 * pt-online-schema-change alters a table under write load and the worker is killed with
 * SIGKILL in the middle of the tool's run: the target ends equal to the source, with the new
 * column and without any of the tool's tables.
 */
class OnlineSchemaChangeTest {
    private static final Path PT_OSC = Path.of("/usr/bin/pt-online-schema-change");

    @Test
    void ptOnlineSchemaChangeWithTheWorkerKilledMidRun() throws Exception {
        assumeTrue(Files.isExecutable(PT_OSC), "pt-online-schema-change is not installed: run scripts/install-deps.sh");
        try (MariaDbServer src = MariaDbServer.start("osc-src"); MariaDbServer dst = MariaDbServer.start("osc-dst");
             Cluster cluster = Cluster.start("osc", 1)) {
            SampleData.create(src, 2_000, 500, 2_000, 2_000);
            Path source = cluster.writeFile("source.yaml", SampleData.sourceYaml("mysql-01", src));
            Path task = cluster.writeFile("task.yaml", "online-ddl: true\n" + SampleData.taskYaml("osc", "all", "mysql-01", dst));
            assertTrue(cluster.ctlJson("operate-source", "create", source.toString()).path("result").asBoolean());
            assertTrue(cluster.ctlJson("start-task", task.toString()).path("result").asBoolean());
            cluster.await("sync running", 120, () -> "Sync".equals(cluster.subtask("osc").path("unit").asText()));

            try (UserWrites load = new UserWrites(src)) {
                // small chunks with pauses stretch the run over a few seconds, so the kill lands inside it
                Path ptLog = cluster.writeFile("pt-osc.log", "");
                Process pt = new ProcessBuilder(PT_OSC.toString(), "--alter", "ADD COLUMN c2 INT", "--execute",
                        "--recursion-method=none", "--chunk-size=100", "--sleep=0.2",
                        "D=app,t=users,h=127.0.0.1,P=" + src.port() + ",u=root,p=" + MariaDbServer.ROOT_PASSWORD)
                        .redirectErrorStream(true).redirectOutput(ptLog.toFile()).start();
                // kill once the worker has recorded the ghost's ALTER (it lives only in dm_meta from then on)
                boolean recorded = false;
                long deadline = System.currentTimeMillis() + 60_000;
                while (!recorded && pt.isAlive() && System.currentTimeMillis() < deadline) {
                    recorded = recordedRuns(dst) > 0;
                    Thread.sleep(20);
                }
                System.out.println("worker killed " + (recorded ? "after the ALTER was recorded, before the cut-over"
                        : "with nothing recorded yet"));
                SluiceProcess worker = cluster.workers.get(0);
                worker.kill();
                Thread.sleep(1000);
                worker.restart();
                assertTrue(pt.waitFor(180, TimeUnit.SECONDS), "pt-osc finished");
                assertEquals(0, pt.exitValue(), "pt-osc failed:\n" + Files.readString(ptLog, StandardCharsets.UTF_8));
                Thread.sleep(1000);
                assertTrue(load.stop() > 100, "the writer ran");
            }
            cluster.await("target equals source after pt-osc and a worker crash", 180, () ->
                    TableChecksum.of(src, SampleData.SCHEMAS).equals(TableChecksum.of(dst, SampleData.SCHEMAS)));
            assertEquals(1, scalar(dst, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'app'"
                    + " AND table_name = 'users' AND column_name = 'c2'"), "the ALTER ran on the real table");
            assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'app'"
                    + " AND table_name LIKE '\\_users\\_%'"), "no pt-osc table on the target");
            assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM dm_meta.osc_onlineddl"), "the finished run's record is gone");
        }
    }

    /**
     * Inserts and updates on the table pt-osc alters, as an application would: a write that
     * deadlocks with the tool's row copy (its INSERT .. SELECT takes shared locks and its
     * triggers write the new table) is rolled back, nothing of it reaches the binlog, and the
     * application goes on.
     */
    private static final class UserWrites implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong written = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Thread thread;

        UserWrites(MariaDbServer src) {
            thread = new Thread(() -> {
                try (Connection c = src.connect(); Statement st = c.createStatement()) {
                    for (int i = 1; running.get(); i++) {
                        try {
                            st.execute("UPDATE app.users SET score = score + 1 WHERE id = " + (1 + i % 2_000));
                            if (i % 3 == 0) {
                                st.execute("INSERT INTO app.users (name, email, score) VALUES ('w" + i + "', 'w" + i + "@example.com', " + i + ")");
                            }
                            written.incrementAndGet();
                            // an application's pace, not a flood: unthrottled inserts on a quiet machine
                            // outgrow pt-osc's paced row copy, which then never reaches the table's end
                            Thread.sleep(5);
                        } catch (SQLException e) {
                            if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205) { // deadlock, lock wait timeout
                                throw e;
                            }
                        }
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "user-writes");
            thread.start();
        }

        long stop() throws Exception {
            running.set(false);
            thread.join();
            if (failure.get() != null) {
                throw failure.get();
            }
            return written.get();
        }

        @Override
        public void close() throws Exception {
            if (thread.isAlive()) {
                stop();
            }
        }
    }

    private static long recordedRuns(MariaDbServer dst) {
        try {
            return scalar(dst, "SELECT COUNT(*) FROM dm_meta.osc_onlineddl");
        } catch (Exception notYet) {
            return 0; // the sync unit has not created the table yet
        }
    }

    private static long scalar(MariaDbServer s, String sql) throws Exception {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
