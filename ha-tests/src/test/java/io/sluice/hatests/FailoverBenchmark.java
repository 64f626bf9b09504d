package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The failover benchmark (not part of the test run): over 5 runs each, the time from SIGKILL of
 * the leader of three masters to the next acknowledged API write, and from SIGKILL of the bound
 * worker to the first row its successor applies. Run with
 * {@code mvn -pl ha-tests -am test -Dtest=FailoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.bench=true}.
 */
class FailoverBenchmark {
    private static final int RUNS = 5;

    @Test
    void failoverTimes() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sluice.bench"), "benchmark: run with -Dsluice.bench=true");
        try (MariaDbServer src = MariaDbServer.start("bench-src"); MariaDbServer dst = MariaDbServer.start("bench-dst");
             Cluster cluster = Cluster.start("bench", 3, 2)) {
            src.execute("CREATE DATABASE app", "CREATE TABLE app.ticks (id BIGINT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6))");
            assertTrue(cluster.ctlJson("operate-source", "create",
                    cluster.writeFile("source.yaml", SampleData.sourceYaml("mysql-01", src)).toString()).path("result").asBoolean());
            assertTrue(cluster.ctlJson("start-task",
                    cluster.writeFile("task.yaml", SampleData.taskYaml("bench", "all", "mysql-01", dst)).toString()).path("result").asBoolean());
            cluster.await("sync running", 120, () -> "Sync".equals(cluster.subtask("bench").path("unit").asText()));

            List<Long> leader = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                int idx = cluster.leaderIndex();
                SluiceProcess m = cluster.masters.get(idx);
                long t0 = System.nanoTime();
                m.kill();
                String id = "probe-" + run;
                java.nio.file.Path probe = cluster.writeFile(id + ".yaml", SampleData.sourceYaml(id, src));
                while (true) {
                    Cluster.CtlResult r = cluster.ctl("operate-source", "create", probe.toString());
                    // an earlier try may have been applied although its reply was lost
                    if (r.exitCode() == 0 || r.out().contains("code=46013")) {
                        break;
                    }
                    assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "no write acknowledged within 60 s: " + r);
                    Thread.sleep(20);
                }
                leader.add((System.nanoTime() - t0) / 1_000_000);
                assertTrue(cluster.ctlJson("operate-source", "stop", id).path("result").asBoolean());
                m.restart();
                cluster.await("the old leader back in the group", 60, () -> cluster.ctlJson("list-member", "--master")
                        .findValuesAsText("alive").stream().filter("true"::equals).count() == 3);
            }

            List<Long> worker = new ArrayList<>();
            AtomicBoolean ticking = new AtomicBoolean(true);
            Thread ticker = new Thread(() -> {
                try (Connection c = src.connect(); Statement st = c.createStatement()) {
                    while (ticking.get()) {
                        st.execute("INSERT INTO app.ticks (at) VALUES (NOW(6))");
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ticker.start();
            try {
                for (int run = 0; run < RUNS; run++) {
                    String bound = cluster.workerOf("mysql-01");
                    SluiceProcess w = cluster.workers.stream().filter(p -> p.name().equals(bound)).findFirst().orElseThrow();
                    Thread.sleep(1000);
                    long t0 = System.nanoTime();
                    w.kill();
                    long lastAtKill = max(src);
                    while (max(dst) <= lastAtKill) {
                        Thread.sleep(10);
                    }
                    worker.add((System.nanoTime() - t0) / 1_000_000);
                    w.restart();
                    cluster.await("the killed worker back as a spare", 60,
                            () -> cluster.ctlJson("list-member", "--worker").findValuesAsText("stage").contains("free"));
                }
            } finally {
                ticking.set(false);
                ticker.join();
            }
            System.out.println("FAILOVER BENCHMARK (2 cores, keepalive-ttl 3 s, 3 masters)");
            report("leader SIGKILL -> next acknowledged API write", leader);
            report("bound worker SIGKILL -> first row applied by its successor", worker);
        }
    }

    private static long max(MariaDbServer s) throws Exception {
        try (Connection c = s.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM app.ticks")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // the table is not on the target yet
        }
    }

    private static void report(String what, List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf("%s: runs=%s median=%d ms worst=%d ms%n", what, ms, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
}
