package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.MariaDbServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * purge-relay through sluicectl and the relay endpoints of the OpenAPI, on a real master, a real
 * worker and real MariaDB: a paused task pins its relay files (the purge is refused naming it,
 * nothing deleted), files before the named one go, the relay is started, paused, resumed and
 * stopped over HTTP with DM's paths and bodies, query-status tells whether the task reads the relay
 * ("local") or the upstream ("remote"), and every bad request gets DM's error body with its code.
 */
class RelayPurgeAndApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String SOURCE = "mysql-01";

    static MariaDbServer src;
    static MariaDbServer dst;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        src = MariaDbServer.start("relaypurge-src");
        dst = MariaDbServer.start("relaypurge-dst");
        cluster = Cluster.start("relaypurge", 1);
        src.execute("CREATE DATABASE rp", "CREATE TABLE rp.t (id INT PRIMARY KEY, v VARCHAR(20))");
        dst.execute("CREATE DATABASE rp", "CREATE TABLE rp.t (id INT PRIMARY KEY, v VARCHAR(20))");
        JsonNode created = cluster.ctlJson("operate-source", "create",
                cluster.writeFile("source.yaml", SampleData.sourceYaml(SOURCE, src)).toString());
        assertTrue(created.path("result").asBoolean(), created.toString());
        cluster.await("the source to be bound", 60, () -> !cluster.workerOf(SOURCE).isEmpty());
    }

    @AfterAll
    static void down() {
        for (AutoCloseable c : new AutoCloseable[] {cluster, src, dst}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void purgeKeepsWhatATaskNeedsAndTheRelayEndpointsDriveTheRelay() throws Exception {
        // before relay runs: unknown source, and a source nobody relays
        JsonNode unknown = cluster.ctlJson("purge-relay", "-s", "nope", "-f", "mysql-bin.000001");
        assertFalse(unknown.path("result").asBoolean(), unknown.toString());
        assertTrue(unknown.path("msg").asText().contains("code=46014"), unknown.toString());
        JsonNode noRelay = cluster.ctlJson("purge-relay", "-s", SOURCE, "-f", "mysql-bin.000001");
        assertFalse(noRelay.path("result").asBoolean(), noRelay.toString());
        assertTrue(noRelay.path("sources").path(0).path("msg").asText().contains("code=30104"), noRelay.toString());
        assertEquals(2, cluster.ctl("purge-relay", "-s", SOURCE).exitCode(), "-f is required");
        assertError(api("POST", "/api/v1/sources/" + SOURCE + "/relay/purge", "{\"relay_binlog_name\": \"mysql-bin.000001\"}"), 400, 30104);
        assertError(api("PATCH", "/api/v1/sources/" + SOURCE + "/pause-relay", null), 400, 38035);

        // bad bodies and unknown sources on every relay endpoint change nothing
        assertError(api("PATCH", "/api/v1/sources/nope/start-relay", "{}"), 404, 46014);
        assertError(api("POST", "/api/v1/sources/nope/relay/purge", "{\"relay_binlog_name\": \"x.000001\"}"), 404, 46014);
        assertError(api("PATCH", "/api/v1/sources/nope/resume-relay", null), 404, 46014);
        assertError(api("PATCH", "/api/v1/sources/" + SOURCE + "/start-relay", "{\"worker_name_list\": \"w\"}"), 400, 49004);
        assertError(api("POST", "/api/v1/sources/" + SOURCE + "/relay/enable", "[1]"), 400, 49004);
        assertError(api("POST", "/api/v1/sources/" + SOURCE + "/relay/disable", "{\"worker_name_list\": ["), 400, 49003);
        assertError(api("POST", "/api/v1/sources/" + SOURCE + "/relay/purge", "{\"relay_binlog_name\": 7}"), 400, 49004);
        assertError(api("PATCH", "/api/v1/sources/" + SOURCE + "/start-relay", "{\"worker_name_list\": [\"no-such-worker\"]}"), 404, 46004);
        assertTrue(relay().isMissingNode() || relay().path("stage").asText().isEmpty(), "relay still off");

        // start over HTTP (v5.3 path, empty list: the bound worker), then a task reading the relay
        String worker = cluster.workerOf(SOURCE);
        Reply started = api("PATCH", "/api/v1/sources/" + SOURCE + "/start-relay", "{\"worker_name_list\": [\"" + worker + "\"]}");
        assertEquals(200, started.status(), started.toString());
        String[] pos = masterStatus();
        String task = "name: rp\ntask-mode: incremental\n"
                + "target-database: {host: 127.0.0.1, port: " + dst.port() + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}\n"
                + "mysql-instances:\n  - source-id: " + SOURCE + "\n"
                + "    meta: {binlog-name: " + pos[0] + ", binlog-pos: " + pos[1] + "}\n"
                + "    syncer: {worker-count: 2, batch: 10, checkpoint-flush-interval: 1}\n";
        assertEquals(0, cluster.ctl("start-task", cluster.writeFile("rp.yaml", task).toString()).exitCode());
        cluster.await("relay to run", 60, () -> "Running".equals(relay().path("stage").asText()));
        int id = 0;
        for (int i = 0; i < 3; i++) {
            src.execute("INSERT INTO rp.t VALUES (" + ++id + ", 'r" + id + "')", "FLUSH BINARY LOGS");
        }
        src.execute("INSERT INTO rp.t VALUES (" + ++id + ", 'r" + id + "')");
        awaitTargetEqualsSource();
        cluster.await("the task to read the relay", 60, () -> "local".equals(sync().path("binlogType").asText()));
        cluster.await("relay to catch up", 60, () -> relay().path("relayCatchUpMaster").asBoolean());
        // the OpenAPI source status carries DM's relay_status while relay is on
        Reply status = api("GET", "/api/v1/sources/" + SOURCE + "/status", null);
        assertEquals(200, status.status(), status.toString());
        JsonNode rs = status.json().path("data").path(0).path("relay_status");
        assertEquals(Set.of("master_binlog", "master_binlog_gtid", "relay_dir", "relay_binlog_gtid", "relay_catch_up_master", "stage"),
                fields(rs), status.toString());
        assertEquals("Running", rs.path("stage").asText(), status.toString());
        assertEquals(relay().path("relaySubDir").asText(), rs.path("relay_dir").asText(), status.toString());
        assertTrue(rs.path("master_binlog").asText().startsWith("(mysql-bin."), status.toString());

        // a paused task pins its file: purging past it is refused, naming the task, deleting nothing
        assertEquals(0, cluster.ctl("pause-task", "rp").exitCode());
        cluster.await("the task to pause", 60, () -> "Paused".equals(cluster.subtask("rp").path("stage").asText()));
        String needed = fileOf(sync().path("syncerBinlog").asText());
        for (int i = 0; i < 2; i++) {
            src.execute("INSERT INTO rp.t VALUES (" + ++id + ", 'r" + id + "')", "FLUSH BINARY LOGS");
        }
        cluster.await("relay to catch up", 60, () -> relay().path("relayCatchUpMaster").asBoolean()
                && relay().path("relayBinlog").asText().equals(relay().path("masterBinlog").asText()));
        String subDir = relay().path("relaySubDir").asText();
        Path relayDir = cluster.dir().resolve(worker).resolve("relay-dir").resolve(subDir);
        List<String> files = relayFiles(relayDir);
        String newest = files.get(files.size() - 1);
        assertTrue(files.indexOf(needed) > 0 && files.indexOf(needed) < files.size() - 2, needed + " in " + files);

        JsonNode refused = cluster.ctlJson("purge-relay", "-s", SOURCE, "-f", newest);
        assertFalse(refused.path("result").asBoolean(), refused.toString());
        String why = refused.path("sources").path(0).path("msg").asText();
        assertTrue(why.contains("code=30037") && why.contains("task rp still needs relay file " + subDir + "/" + needed), refused.toString());
        assertEquals(worker, refused.path("sources").path(0).path("worker").asText(), refused.toString());
        assertEquals(files, relayFiles(relayDir), "nothing deleted");
        JsonNode noFile = cluster.ctlJson("purge-relay", "-s", SOURCE, "-f", "mysql-bin.999999");
        assertTrue(noFile.path("sources").path(0).path("msg").asText().contains("code=30102"), noFile.toString());
        JsonNode noDir = cluster.ctlJson("purge-relay", "-s", SOURCE, "-f", needed, "--sub-dir", "0-77.000009");
        assertTrue(noDir.path("sources").path(0).path("msg").asText().contains("code=28003"), noDir.toString());
        assertEquals(files, relayFiles(relayDir), "nothing deleted");

        // up to the file it needs: the older files go, DM's reply shape
        JsonNode purged = cluster.ctlJson("purge-relay", "-s", SOURCE, "-f", needed, "--sub-dir", subDir);
        assertTrue(purged.path("result").asBoolean(), purged.toString());
        assertEquals(Set.of("result", "msg", "sources"), fields(purged), purged.toString());
        assertEquals(SOURCE, purged.path("sources").path(0).path("source").asText(), purged.toString());
        assertTrue(purged.path("sources").path(0).path("result").asBoolean(), purged.toString());
        assertEquals(files.subList(files.indexOf(needed), files.size()), relayFiles(relayDir));

        // the task resumes from the relay, then the newer generation's purge takes it up to the newest file
        assertEquals(0, cluster.ctl("resume-task", "rp").exitCode());
        src.execute("INSERT INTO rp.t VALUES (" + ++id + ", 'r" + id + "')");
        awaitTargetEqualsSource();
        cluster.await("the checkpoint to reach " + newest, 60, () -> newest.equals(fileOf(sync().path("syncerBinlog").asText())));
        Reply viaApi = api("POST", "/api/v1/sources/" + SOURCE + "/relay/purge", "{\"relay_binlog_name\": \"" + newest + "\", \"relay_dir\": \"\"}");
        assertEquals(200, viaApi.status(), viaApi.toString());
        assertEquals(List.of(newest), relayFiles(relayDir));

        // pause and resume over HTTP: nothing arrives while the relay is paused
        assertEquals(200, api("PATCH", "/api/v1/sources/" + SOURCE + "/pause-relay", null).status());
        cluster.await("relay to pause", 60, () -> "Paused".equals(relay().path("stage").asText()));
        src.execute("INSERT INTO rp.t VALUES (" + ++id + ", 'while-paused')");
        Thread.sleep(3_000);
        assertEquals(id - 1, rows(dst).size(), "the task reads the paused relay");
        assertEquals(200, api("PATCH", "/api/v1/sources/" + SOURCE + "/resume-relay", null).status());
        awaitTargetEqualsSource();

        // disable (newer path): relayStatus goes, the task reads the upstream
        Reply disabled = api("POST", "/api/v1/sources/" + SOURCE + "/relay/disable", "{\"worker_name_list\": [\"" + worker + "\"]}");
        assertEquals(200, disabled.status(), disabled.toString());
        cluster.await("relayStatus to go", 60, () -> relay().isMissingNode());
        src.execute("INSERT INTO rp.t VALUES (" + ++id + ", 'from-upstream')");
        awaitTargetEqualsSource();
        cluster.await("the task to read the upstream", 60, () -> "remote".equals(sync().path("binlogType").asText()));
        assertEquals(0, cluster.ctl("stop-task", "rp").exitCode());
    }

    record Reply(int status, String body, JsonNode json) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static Reply api(String method, String path, String body) throws Exception {
        String addr = cluster.masterAddrs.get(cluster.leaderIndex());
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + addr + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body() != null && r.body().startsWith("{") ? JSON.readTree(r.body()) : null;
        return new Reply(r.statusCode(), r.body(), json);
    }

    /** DM's error body: exactly error_msg and error_code, the code also in the message. */
    private static void assertError(Reply r, int status, int code) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(Set.of("error_msg", "error_code"), fields(r.json()), r.toString());
        assertEquals(code, r.json().path("error_code").asInt(), r.toString());
        assertTrue(r.json().path("error_msg").asText().contains("code=" + code), r.toString());
    }

    private static Set<String> fields(JsonNode n) {
        Set<String> out = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode relay() {
        return cluster.ctlJson("query-status", "rp").path("sources").path(0).path("sourceStatus").path("relayStatus");
    }

    private static JsonNode sync() {
        return cluster.subtask("rp").path("sync");
    }

    /** "(mysql-bin.000003, 1234)" → "mysql-bin.000003". */
    private static String fileOf(String position) {
        return position.replaceAll("^\\(([^,]+),.*$", "$1").trim();
    }

    private static List<String> relayFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches(".+\\.\\d+")).sorted().toList();
        }
    }

    private static String[] masterStatus() throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), Long.toString(rs.getLong(2))};
        }
    }

    private static void awaitTargetEqualsSource() throws Exception {
        cluster.await("target rows equal source rows", 60, () -> rows(dst).equals(rows(src)));
    }

    private static List<String> rows(MariaDbServer s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, v FROM rp.t ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getString(2));
            }
        }
        return out;
    }
}
