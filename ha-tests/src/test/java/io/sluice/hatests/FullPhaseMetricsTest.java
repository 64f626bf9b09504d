package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.MariaDbServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DM's dump and load metrics on a real worker's {@code /metrics}, scraped while a full task
 * runs and after it finished: progress, sizes, table and file counts, statement and
 * transaction latency, remaining time, and dumpling's finished rows.
 */
class FullPhaseMetricsTest {
    private static final int ROWS = 400_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void dumpAndLoadMetricsAreScrapedDuringAndAfterTheLoad() throws Exception {
        try (MariaDbServer src = MariaDbServer.start("metrics-src"); MariaDbServer dst = MariaDbServer.start("metrics-dst");
                Cluster cluster = Cluster.start("metrics", 1, 0)) {
            int port = MariaDbServer.freePort();
            cluster.workers.add(SluiceProcess.start("metrics-w1", "io.sluice.worker.process.WorkerMain", "--name", "metrics-w1",
                    "--worker-addr", "127.0.0.1:" + port, "--join", cluster.masterAddr, "--keepalive-ttl", "3",
                    "--data-dir", cluster.dir().resolve("metrics-w1").toString(), "-L", "info"));
            cluster.await("the worker registered", 60, () -> cluster.ctlJson("list-member", "--worker")
                    .path("members").path(0).path("worker").path("workers").size() == 1);
            src.execute("CREATE DATABASE mx", "CREATE TABLE mx.t (id INT PRIMARY KEY, v VARCHAR(64))",
                    "INSERT INTO mx.t SELECT seq, MD5(seq) FROM mysql.seq_1_to_" + ROWS, "ANALYZE TABLE mx.t");
            assertTrue(cluster.ctlJson("operate-source", "create",
                    cluster.writeFile("source.yaml", SampleData.sourceYaml("mysql-01", src)).toString()).path("result").asBoolean());
            String task = "name: mx\ntask-mode: full\n"
                    + "target-database: {host: 127.0.0.1, port: " + dst.port() + ", user: root, password: "
                    + MariaDbServer.ROOT_PASSWORD + "}\n"
                    + "mysql-instances:\n  - source-id: mysql-01\n    block-allow-list: ba\n"
                    + "    mydumper-config-name: dump\n    loader-config-name: load\n"
                    + "block-allow-list:\n  ba:\n    do-dbs: [\"mx\"]\n"
                    // four dump threads against one load connection: the load lags the dump, so the
                    // load unit still has chunks to load (and progress to show) once the dump ends
                    + "mydumpers:\n  dump:\n    threads: 4\n    rows: 2000\n"
                    + "loaders:\n  load:\n    pool-size: 1\n";
            assertTrue(cluster.ctlJson("start-task", cluster.writeFile("task.yaml", task).toString()).path("result").asBoolean());

            String url = "http://127.0.0.1:" + port + "/metrics";
            List<Double> progressDuringLoad = new ArrayList<>();
            List<Double> statesDuringLoad = new ArrayList<>();
            cluster.await("the full task to finish", 240, () -> {
                JsonNode st = cluster.subtask("mx");
                String scrape = scrape(url);
                if ("Load".equals(st.path("unit").asText()) && !"Finished".equals(st.path("stage").asText())) {
                    Double p = value(scrape, "dm_loader_progress", Map.of("task", "mx", "source_id", "mysql-01"));
                    if (p != null) {
                        progressDuringLoad.add(p);
                    }
                    Double state = value(scrape, "dm_worker_task_state", Map.of("task", "mx", "source_id", "mysql-01",
                            "worker", "metrics-w1"));
                    if (state != null) {
                        statesDuringLoad.add(state);
                    }
                }
                return "Finished".equals(st.path("stage").asText());
            });
            assertTrue(progressDuringLoad.stream().anyMatch(p -> p > 0 && p < 1),
                    "load progress between 0 and 1 while loading: " + progressDuringLoad);

            String scrape = scrape(url);
            Map<String, String> ts = Map.of("task", "mx", "source_id", "mysql-01");
            // DM's task state: Running (2) while loading, Finished (5) after a full-mode task
            assertTrue(statesDuringLoad.contains(2.0), "task state while loading: " + statesDuringLoad);
            assertEquals(5.0, value(scrape, "dm_worker_task_state", Map.of("task", "mx", "source_id", "mysql-01",
                    "worker", "metrics-w1")));
            assertTrue(scrape.contains("\ndm_worker_cpu_usage "), scrape);
            // the leader reports the worker bound (2); DM's DM_worker_offline alert fires on 0
            String masterScrape = scrape("http://" + cluster.masterAddrs.get(0) + "/metrics");
            assertEquals(2.0, value(masterScrape, "dm_master_worker_state", Map.of("worker", "metrics-w1")), masterScrape);
            assertTrue(masterScrape.contains("\ndm_master_start_leader_counter 1.0"), masterScrape);

            // the shipped alert rules carry DM's 16 alert names, and every metric they read is one a
            // master or worker exports; the ones of units not built yet are listed and must be absent
            AlertRules rules = AlertRules.load();
            assertEquals(16, rules.alertNames().size(), rules.alertNames().toString());
            assertTrue(rules.alertNames().containsAll(List.of("DM_worker_offline", "DM_task_state",
                    "DM_sync_process_exists_with_error", "DM_binlog_file_gap_between_master_syncer")), rules.alertNames().toString());
            java.util.Set<String> notYet = java.util.Set.of();
            for (String metric : rules.metrics()) {
                boolean exported = scrape.contains("# TYPE " + metric + " ") || masterScrape.contains("# TYPE " + metric + " ");
                // a client counter is scraped as <name>_total, which a rule reading <name> never sees
                assertFalse(scrape.contains("# TYPE " + metric + " counter") || masterScrape.contains("# TYPE " + metric + " counter"),
                        metric + " is exposed as " + metric + "_total");
                assertEquals(!notYet.contains(metric), exported, metric + (exported ? " is exported: take it off the not-yet list"
                        : " is read by an alert rule but exported by neither a master nor a worker"));
            }
            assertEquals(1.0, value(scrape, "dm_loader_progress", ts));
            assertEquals(1.0, value(scrape, "dm_loader_table_gauge", ts));
            double files = value(scrape, "dm_loader_data_file_gauge", ts);
            assertTrue(files >= 100, "the table is split into chunk files: " + files);
            assertTrue(value(scrape, "dm_loader_data_size_gauge", ts) > ROWS * 30.0, scrape);
            assertEquals(files, value(scrape, "dm_loader_txn_duration_time_count", Map.of("task", "mx", "worker", "metrics-w1",
                    "source_id", "mysql-01", "target_schema", "mx", "target_table", "t")), "one transaction per chunk, one file per keyed chunk");
            assertEquals(files, value(scrape, "dm_loader_stmt_duration_time_count", Map.of("type", "stmt", "task", "mx")),
                    "one LOAD DATA statement per file");
            assertTrue(value(scrape, "dm_loader_query_duration_time_sum", ts) > 0);
            assertEquals(0.0, value(scrape, "dm_loader_remaining_time", Map.of("task", "mx", "worker", "metrics-w1",
                    "source_id", "mysql-01", "source_schema", "mx", "source_table", "t")));
            assertEquals(0.0, value(scrape, "dm_loader_exit_with_error_count", ts));
            assertEquals((double) ROWS, value(scrape, "dumpling_dump_finished_rows", ts));
            assertEquals(1.0, value(scrape, "dumpling_dump_finished_tables", ts));
            assertTrue(value(scrape, "dumpling_dump_finished_size", ts) > ROWS * 30.0);
            assertTrue(value(scrape, "dumpling_dump_estimate_total_rows", ts) > 0);
            assertEquals(files, value(scrape, "dumpling_write_write_duration_time_count", ts));
            assertEquals(0.0, value(scrape, "dm_dumpling_exit_with_error_count", ts));
            assertEquals((long) ROWS, TableChecksum.count(dst, "mx.t"));
        }
    }

    private static String scrape(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** The sample of {@code name} whose labels include all of {@code labels}; null if none. */
    private static Double value(String scrape, String name, Map<String, String> labels) {
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            String labelPart = line.substring(name.length(), line.lastIndexOf('}') + 1);
            if (labels.entrySet().stream().allMatch(e -> labelPart.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }
}
