package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.testkit.MariaDbServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * DM's OpenAPI on a real cluster (two masters, one worker, real MariaDB): every endpoint's reply
 * against DM's documented shape, failures as DM's error body with its code and nothing changed,
 * the spec and page, the bearer token, and a follower answering like the leader.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "t0ken-for-tests";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static MariaDbServer src;
    static MariaDbServer dst;
    static Cluster cluster;
    /** Every reply body seen, to check no password ever leaves the API. */
    static final List<String> replies = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        src = MariaDbServer.start("api-src");
        dst = MariaDbServer.start("api-dst");
        src.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO shop.t VALUES (1, 'one'), (2, 'two')", "CREATE DATABASE other", "CREATE TABLE other.x (id INT PRIMARY KEY)");
        cluster = Cluster.start("api", 2, 1, List.of("--openapi-token", TOKEN));
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

    record Reply(int status, String body, JsonNode json) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    static Reply call(String addr, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + addr + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        replies.add(r.body());
        JsonNode json = null;
        if (r.body() != null && !r.body().isBlank() && (r.body().startsWith("{") || r.body().startsWith("["))) {
            json = JSON.readTree(r.body());
        }
        return new Reply(r.statusCode(), r.body(), json);
    }

    static Reply api(String method, String path, String body) throws Exception {
        return call(leaderAddr(), method, path, body, TOKEN);
    }

    static String leaderAddr() throws Exception {
        return cluster.masterAddrs.get(cluster.leaderIndex());
    }

    static String followerAddr() throws Exception {
        return cluster.masterAddrs.get(1 - cluster.leaderIndex());
    }

    /** DM's error body: exactly error_msg and error_code, the code also in the message. */
    static void assertError(Reply r, int status, int code) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(Set.of("error_msg", "error_code"), fields(r.json()), r.toString());
        assertEquals(code, r.json().path("error_code").asInt(), r.toString());
        assertTrue(r.json().path("error_msg").asText().contains("code=" + code), r.toString());
    }

    static Set<String> fields(JsonNode n) {
        Set<String> out = new HashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static String sourceBody(String name) {
        return "{\"source_name\": \"" + name + "\", \"host\": \"127.0.0.1\", \"port\": " + src.port() + ", \"user\": \"root\","
                + " \"password\": \"" + MariaDbServer.ROOT_PASSWORD + "\", \"enable\": true, \"enable_gtid\": true,"
                + " \"security\": {\"ssl_ca_content\": \"\", \"ssl_cert_content\": \"\", \"ssl_key_content\": \"\", \"cert_allowed_cn\": []},"
                + " \"purge\": {\"interval\": 3600, \"expires\": 0, \"remain_space\": 15}}";
    }

    static ObjectNode task(String name, String source) {
        ObjectNode t = JSON.createObjectNode();
        t.put("name", name);
        t.put("task_mode", "all");
        t.put("meta_schema", "dm_meta");
        t.put("enhance_online_schema_change", false);
        t.put("on_duplicate", "overwrite");
        ObjectNode target = t.putObject("target_config");
        target.put("host", "127.0.0.1");
        target.put("port", dst.port());
        target.put("user", "root");
        target.put("password", MariaDbServer.ROOT_PASSWORD);
        t.putObject("binlog_filter_rule").putObject("no-drop").putArray("ignore_event").add("drop table");
        ObjectNode rule = t.putArray("table_migrate_rule").addObject();
        rule.putObject("source").put("source_name", source).put("schema", "shop").put("table", "*");
        rule.putArray("binlog_filter_rule").add("no-drop");
        ObjectNode sc = t.putObject("source_config");
        sc.putObject("full_migrate_conf").put("export_threads", 2).put("import_threads", 2);
        sc.putObject("incr_migrate_conf").put("repl_threads", 2).put("repl_batch", 50);
        sc.putArray("source_conf").addObject().put("source_name", source);
        return t;
    }

    @Test
    @Order(1)
    void specAndDocsPageAreServedWithoutTheToken() throws Exception {
        Reply yaml = call(leaderAddr(), "GET", "/api/v1/dm.yaml", null, null);
        assertEquals(200, yaml.status(), yaml.toString());
        assertTrue(yaml.body().startsWith("openapi: 3.0.0"), yaml.body().substring(0, 40));
        Reply spec = call(followerAddr(), "GET", "/api/v1/dm.json", null, null);
        assertEquals(200, spec.status());
        JsonNode paths = spec.json().path("paths");
        for (String p : List.of("/cluster/masters", "/cluster/workers/{worker-name}", "/sources", "/sources/{source-name}/relay/enable",
                "/sources/{source-name}/start-relay", "/tasks", "/tasks/{task-name}/start", "/tasks/{task-name}/pause",
                "/tasks/{task-name}/lag", "/tasks/{task-name}/progress")) {
            assertTrue(paths.has(p), "spec lists " + p);
        }
        Reply page = call(leaderAddr(), "GET", "/api/v1/docs", null, null);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<html") && page.body().contains("dm.json") && !page.body().contains("https://"), "self-contained page");
    }

    @Test
    @Order(2)
    void withoutTheRightTokenEveryEndpointIsRefused() throws Exception {
        assertError(call(leaderAddr(), "GET", "/api/v1/sources", null, null), 401, 49006);
        assertError(call(followerAddr(), "GET", "/api/v1/tasks", null, "wrong"), 401, 49006);
        assertError(call(leaderAddr(), "POST", "/api/v1/sources", sourceBody("sneaky"), "wrong"), 401, 49006);
        assertEquals(200, api("GET", "/api/v1/sources", null).status());
        assertEquals(0, api("GET", "/api/v1/sources", null).json().path("total").asInt(), "the refused create changed nothing");
    }

    @Test
    @Order(3)
    void clusterMembersInDmShape() throws Exception {
        Reply masters = call(followerAddr(), "GET", "/api/v1/cluster/masters", null, TOKEN);
        assertEquals(200, masters.status(), masters.toString());
        assertEquals(2, masters.json().path("total").asInt(), masters.toString());
        int leaders = 0;
        for (JsonNode m : masters.json().path("data")) {
            assertEquals(Set.of("name", "alive", "leader", "addr"), fields(m));
            assertTrue(m.path("alive").asBoolean(), m.toString());
            assertTrue(cluster.masterAddrs.contains(m.path("addr").asText()), m.toString());
            leaders += m.path("leader").asBoolean() ? 1 : 0;
        }
        assertEquals(1, leaders, masters.toString());
        Reply workers = api("GET", "/api/v1/cluster/workers", null);
        assertEquals(1, workers.json().path("total").asInt(), workers.toString());
        JsonNode w = workers.json().path("data").path(0);
        assertEquals(Set.of("name", "addr", "bound_stage", "bound_source_name"), fields(w));
        assertEquals("free", w.path("bound_stage").asText(), w.toString());

        assertError(api("DELETE", "/api/v1/cluster/workers/" + w.path("name").asText(), null), 400, 46005);
        assertError(api("DELETE", "/api/v1/cluster/masters/no-such-master", null), 404, 38048);
        assertEquals(2, api("GET", "/api/v1/cluster/masters", null).json().path("total").asInt());
    }

    @Test
    @Order(4)
    void badSourceBodiesAreRefusedAndChangeNothing() throws Exception {
        assertError(api("POST", "/api/v1/sources", "{\"source_name\": \"bad\", \"host\": "), 400, 49003);
        assertError(api("POST", "/api/v1/sources", sourceBody("bad").replace("\"port\": " + src.port(), "\"port\": \"3306\"")), 400, 49004);
        assertError(api("POST", "/api/v1/sources", "[1, 2]"), 400, 49004);
        assertError(api("POST", "/api/v1/sources", "{\"host\": \"127.0.0.1\", \"user\": \"root\"}"), 400, 49001);
        String huge = sourceBody("huge").replace("\"user\": \"root\"", "\"user\": \"root\", \"note\": \"" + "x".repeat(2 * 1024 * 1024) + "\"");
        assertError(api("POST", "/api/v1/sources", huge), 413, 49005);
        assertError(api("GET", "/api/v1/no-such-endpoint", null), 404, 49001);
        assertError(api("POST", "/api/v1/sources", sourceBody("badpw").replace(MariaDbServer.ROOT_PASSWORD, "not-the-password")), 400, 26002);
        assertError(api("GET", "/api/v1/sources/nope", null), 404, 46014);
        assertError(api("DELETE", "/api/v1/sources/nope", null), 404, 46014);
        assertEquals(0, api("GET", "/api/v1/sources", null).json().path("total").asInt());
        assertTrue(cluster.ctlJson("operate-source", "show").path("sources").isEmpty(), "nothing reached raft");
    }

    @Test
    @Order(5)
    void sourceLifecycle() throws Exception {
        Reply created = api("POST", "/api/v1/sources", sourceBody("mysql-01"));
        assertEquals(200, created.status(), created.toString());
        JsonNode s = created.json();
        assertEquals("mysql-01", s.path("source_name").asText());
        assertEquals(src.port(), s.path("port").asInt());
        assertEquals("******", s.path("password").asText());
        assertTrue(s.path("enable").asBoolean() && s.path("enable_gtid").asBoolean(), s.toString());
        assertEquals(3600, s.path("purge").path("interval").asInt());
        assertEquals("mysql-01", s.path("status_list").path(0).path("source_name").asText(), s.toString());

        assertError(api("POST", "/api/v1/sources", sourceBody("mysql-01")), 400, 46013);
        assertEquals(1, api("GET", "/api/v1/sources", null).json().path("total").asInt());

        cluster.await("source bound", 30, () -> !cluster.workerOf("mysql-01").isEmpty());
        Reply list = api("GET", "/api/v1/sources?with_status=true", null);
        assertEquals(cluster.workerOf("mysql-01"), list.json().path("data").path(0).path("status_list").path(0).path("worker_name").asText(), list.toString());
        Reply plain = api("GET", "/api/v1/sources", null);
        assertFalse(plain.json().path("data").path(0).has("status_list"), plain.toString());
        Reply one = call(followerAddr(), "GET", "/api/v1/sources/mysql-01", null, TOKEN);
        assertEquals(200, one.status(), one.toString());
        assertTrue(one.json().path("task_name_list").isArray() && one.json().has("relay_config") && one.json().has("flavor"), one.toString());
        Reply status = api("GET", "/api/v1/sources/mysql-01/status", null);
        assertEquals(1, status.json().path("total").asInt());
        assertEquals(cluster.workerOf("mysql-01"), status.json().path("data").path(0).path("worker_name").asText());

        // relay endpoints answer for real (RelayOpenApiTest); bad bodies here change nothing
        assertError(api("POST", "/api/v1/sources/mysql-01/relay/enable", "{\"worker_name_list\": \"w\"}"), 400, 49004);
        assertError(api("POST", "/api/v1/sources/mysql-01/relay/purge", "{}"), 400, 49001);
        assertError(api("PATCH", "/api/v1/sources/mysql-01/start-relay", "{"), 400, 49003);
        assertError(api("POST", "/api/v1/sources/nope/relay/disable", "{}"), 404, 46014);
        assertError(api("POST", "/api/v1/sources/mysql-01/transfer", "{\"worker_name\": \"no-such-worker\"}"), 400, 46018);
        assertError(api("PATCH", "/api/v1/sources/mysql-01/transfer", "{\"worker_name\": 7}"), 400, 49004);

        // PUT (no task uses it yet): stored, and the source is bound again to start over from it
        Reply updated = api("PUT", "/api/v1/sources/mysql-01", "{\"source\": " + sourceBody("mysql-01").replace("\"interval\": 3600", "\"interval\": 1800") + "}");
        assertEquals(200, updated.status(), updated.toString());
        assertEquals(1800, api("GET", "/api/v1/sources/mysql-01", null).json().path("purge").path("interval").asInt());
        assertError(api("PUT", "/api/v1/sources/mysql-01", sourceBody("mysql-02")), 400, 49001);
        assertError(api("PUT", "/api/v1/sources/nope", sourceBody("nope")), 404, 46014);
        assertError(api("PUT", "/api/v1/sources/mysql-01", sourceBody("mysql-01").replace(MariaDbServer.ROOT_PASSWORD, "wrong")), 400, 26002);
        assertEquals(1800, api("GET", "/api/v1/sources/mysql-01", null).json().path("purge").path("interval").asInt(), "refusals changed nothing");
        cluster.await("source bound again", 30, () -> !cluster.workerOf("mysql-01").isEmpty());

        assertEquals(200, call(followerAddr(), "POST", "/api/v1/sources/mysql-01/disable", null, TOKEN).status());
        assertFalse(api("GET", "/api/v1/sources/mysql-01", null).json().path("enable").asBoolean());
        cluster.await("disabled source unbound", 30, () -> cluster.workerOf("mysql-01").isEmpty());
        assertEquals(200, api("POST", "/api/v1/sources/mysql-01/enable", null).status());
        cluster.await("enabled source bound again", 30, () -> !cluster.workerOf("mysql-01").isEmpty());
    }

    @Test
    @Order(6)
    void badTaskBodiesAreRefusedAndChangeNothing() throws Exception {
        assertError(api("POST", "/api/v1/tasks", "{\"task\": {\"name\": \"t\","), 400, 49003);
        ObjectNode wrongType = task("bad", "mysql-01");
        wrongType.put("enhance_online_schema_change", "yes");
        assertError(api("POST", "/api/v1/tasks", JSON.createObjectNode().set("task", wrongType).toString()), 400, 49004);
        assertError(api("POST", "/api/v1/tasks", JSON.createObjectNode().set("task", task("missing", "no-such-source")).toString()), 404, 46014);
        ObjectNode badMode = task("badmode", "mysql-01");
        badMode.put("task_mode", "sometimes");
        Reply r = api("POST", "/api/v1/tasks", JSON.createObjectNode().set("task", badMode).toString());
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.json().path("error_msg").asText().contains("sometimes"), r.toString());
        assertError(api("GET", "/api/v1/tasks/nope", null), 404, 46016);
        assertError(api("GET", "/api/v1/tasks/nope/status", null), 404, 46016);
        assertError(api("POST", "/api/v1/tasks/nope/start", null), 404, 46016);
        assertError(api("PATCH", "/api/v1/tasks/nope/pause", "[]"), 404, 46016);
        assertEquals(0, api("GET", "/api/v1/tasks", null).json().path("total").asInt());
        assertEquals(0, cluster.ctlJson("query-status").path("tasks").size(), "no task reached raft");
    }

    @Test
    @Order(7)
    void taskLifecycleOfTheNewerGeneration() throws Exception {
        Reply created = api("POST", "/api/v1/tasks", JSON.createObjectNode().set("task", task("api-task", "mysql-01")).toString());
        assertEquals(200, created.status(), created.toString());
        JsonNode t = created.json();
        assertEquals("api-task", t.path("name").asText());
        assertEquals("******", t.path("target_config").path("password").asText(), t.toString());
        assertEquals("shop", t.path("table_migrate_rule").path(0).path("source").path("schema").asText(), t.toString());
        assertEquals("no-drop", t.path("table_migrate_rule").path(0).path("binlog_filter_rule").path(0).asText(), t.toString());
        assertEquals("drop table", t.path("binlog_filter_rule").path("no-drop").path("ignore_event").path(0).asText(), t.toString());
        assertEquals(2, t.path("source_config").path("incr_migrate_conf").path("repl_threads").asInt(), t.toString());
        assertEquals("mysql-01", t.path("source_config").path("source_conf").path(0).path("source_name").asText(), t.toString());

        assertError(api("POST", "/api/v1/tasks", JSON.createObjectNode().set("task", task("api-task", "mysql-01")).toString()), 400, 46015);
        Reply stopped = api("GET", "/api/v1/tasks/api-task/status", null);
        assertEquals("Stopped", stopped.json().path("data").path(0).path("stage").asText(), "created, not started: " + stopped);
        assertEquals(0, TableChecksum.count(dst, "information_schema.schemata WHERE schema_name = 'shop'"), "nothing copied before start");

        // PUT while stopped: the next start runs with it; a renamed task or another source set is refused
        com.fasterxml.jackson.databind.node.ObjectNode changed = task("api-task", "mysql-01");
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.path("source_config").path("incr_migrate_conf")).put("repl_threads", 3);
        Reply updated = api("PUT", "/api/v1/tasks/api-task", JSON.createObjectNode().set("task", changed).toString());
        assertEquals(200, updated.status(), updated.toString());
        assertEquals(3, updated.json().path("source_config").path("incr_migrate_conf").path("repl_threads").asInt(), updated.toString());
        assertEquals(3, api("GET", "/api/v1/tasks/api-task", null).json().path("source_config").path("incr_migrate_conf").path("repl_threads")
                .asInt());
        assertError(api("PUT", "/api/v1/tasks/api-task", JSON.createObjectNode().set("task", task("other-name", "mysql-01")).toString()), 400, 49001);
        assertError(api("PUT", "/api/v1/tasks/nope", JSON.createObjectNode().set("task", task("nope", "mysql-01")).toString()), 404, 46016);

        assertEquals(200, call(followerAddr(), "POST", "/api/v1/tasks/api-task/start", null, TOKEN).status());
        cluster.await("task syncing", 90, () -> {
            JsonNode st = api("GET", "/api/v1/tasks/api-task/status?stage=running", null).json();
            return st.path("total").asInt() == 1 && "sync".equals(st.path("data").path(0).path("unit").asText());
        });
        JsonNode st = api("GET", "/api/v1/tasks/api-task/status", null).json().path("data").path(0);
        assertEquals(Set.of("name", "source_name", "worker_name", "stage", "unit", "unresolved_ddl_lock_id", "sync_status"), fields(st), st.toString());
        assertEquals(Set.of("total_events", "total_tps", "recent_tps", "master_binlog", "master_binlog_gtid", "syncer_binlog",
                "syncer_binlog_gtid", "blocking_ddls", "unresolved_groups", "synced", "binlog_type", "seconds_behind_master"),
                fields(st.path("sync_status")), st.toString());
        assertEquals(2, TableChecksum.count(dst, "shop.t"));
        assertEquals(0, api("GET", "/api/v1/tasks/api-task/status?stage=paused", null).json().path("total").asInt());

        src.execute("INSERT INTO shop.t VALUES (3, 'three')");
        cluster.await("row 3 synced", 60, () -> TableChecksum.count(dst, "shop.t") == 3);
        Reply lag = call(followerAddr(), "GET", "/api/v1/tasks/api-task/lag", null, TOKEN);
        assertEquals(200, lag.status(), lag.toString());
        JsonNode row = lag.json().path("data").path(0);
        assertEquals("mysql-01", row.path("source_name").asText(), lag.toString());
        assertTrue(row.path("seconds_behind_master").isNumber() && row.path("seconds_behind_master").asLong() >= 0, lag.toString());
        assertFalse(row.path("syncer_binlog").asText().isEmpty(), lag.toString());
        assertTrue(lag.json().path("max_seconds_behind_master").isNumber(), lag.toString());
        cluster.await("progress counts the synced insert", 30, () -> {
            JsonNode p = api("GET", "/api/v1/tasks/api-task/progress", null).json().path("data").path(0);
            return "sync".equals(p.path("unit").asText()) && p.path("sync").path("total_events").asLong() >= 1;
        });

        Reply whileRunning = api("PUT", "/api/v1/tasks/api-task", JSON.createObjectNode().set("task", task("api-task", "mysql-01")).toString());
        assertError(whileRunning, 400, 49008);
        assertEquals(3, api("GET", "/api/v1/tasks/api-task", null).json().path("source_config").path("incr_migrate_conf").path("repl_threads")
                .asInt(), "the refused update changed nothing");
        // a source a task uses is not updated either
        assertError(api("PUT", "/api/v1/sources/mysql-01", sourceBody("mysql-01")), 400, 46017);

        assertEquals(200, api("PATCH", "/api/v1/tasks/api-task/pause", "[\"mysql-01\"]").status());
        cluster.await("paused", 30, () -> "Paused".equals(api("GET", "/api/v1/tasks/api-task/status", null).json().path("data").path(0).path("stage").asText()));
        assertError(api("PATCH", "/api/v1/tasks/api-task/resume", "{\"source\": 1}"), 400, 49004);
        assertEquals(200, api("PATCH", "/api/v1/tasks/api-task/resume", null).status());
        cluster.await("resumed", 30, () -> "Running".equals(api("GET", "/api/v1/tasks/api-task/status", null).json().path("data").path(0).path("stage").asText()));

        assertEquals(200, api("POST", "/api/v1/tasks/api-task/stop", null).status());
        cluster.await("stopped", 30, () -> "Stopped".equals(api("GET", "/api/v1/tasks/api-task/status", null).json().path("data").path(0).path("stage").asText()));
        src.execute("INSERT INTO shop.t VALUES (4, 'four')");
        Thread.sleep(3000);
        assertEquals(3, TableChecksum.count(dst, "shop.t"), "a stopped task writes nothing");
        assertEquals(List.of("api-task"), List.of(api("GET", "/api/v1/sources/mysql-01", null).json().path("task_name_list").path(0).asText()));
        assertError(api("DELETE", "/api/v1/sources/mysql-01", null), 400, 46017);
        assertEquals(200, api("POST", "/api/v1/tasks/api-task/start", "{\"source_name_list\": [\"mysql-01\"]}").status());
        cluster.await("row 4 synced after restart", 60, () -> TableChecksum.count(dst, "shop.t") == 4);

        Reply withStatus = api("GET", "/api/v1/tasks?with_status=true", null);
        assertEquals(1, withStatus.json().path("total").asInt(), withStatus.toString());
        assertEquals("mysql-01", withStatus.json().path("data").path(0).path("status_list").path(0).path("source_name").asText());
        assertEquals(204, call(followerAddr(), "DELETE", "/api/v1/tasks/api-task", null, TOKEN).status());
        assertError(api("GET", "/api/v1/tasks/api-task", null), 404, 46016);
    }

    @Test
    @Order(8)
    void v53CreateStartsTheTaskAndDeleteStopsIt() throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("remove_meta", false);
        ObjectNode t = task("v53-task", "mysql-01");
        ((ObjectNode) t.path("source_config")).remove("source_conf");
        body.set("task", t);
        body.putArray("source_name_list").add("mysql-01");
        Reply created = api("POST", "/api/v1/tasks", body.toString());
        assertEquals(200, created.status(), created.toString());
        cluster.await("v5.3 task running at once", 60, () -> "Running".equals(
                api("GET", "/api/v1/tasks/v53-task/status", null).json().path("data").path(0).path("stage").asText()));
        assertEquals(204, api("DELETE", "/api/v1/tasks/v53-task", null).status());
        assertEquals(0, api("GET", "/api/v1/tasks", null).json().path("total").asInt());
        assertEquals(204, api("DELETE", "/api/v1/sources/mysql-01?force=true", null).status());
        assertEquals(0, api("GET", "/api/v1/sources", null).json().path("total").asInt());
    }

    @Test
    @Order(9)
    void noReplyEverCarriedAPassword() {
        for (String body : replies) {
            assertFalse(body.contains(MariaDbServer.ROOT_PASSWORD), "password in a reply: " + body);
            assertFalse(body.contains("not-the-password"), "password in a reply: " + body);
            assertFalse(body.contains(TOKEN), "token in a reply: " + body);
        }
    }
}
