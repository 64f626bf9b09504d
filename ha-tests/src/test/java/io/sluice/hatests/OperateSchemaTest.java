package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * operate-schema through sluicectl, a real master and a real worker. A column renamed with the
 * binlog off (upstream and, by hand, downstream) leaves the tracked schema wrong: the next row
 * is written to a column the target no longer has and the task pauses. get shows the stale
 * schema, set repairs it, resume-task gets the rows through; remove makes the next row read
 * the table afresh. Bad requests are refused with DM's codes and change nothing.
 */
class OperateSchemaTest {
    static MariaDbServer src;
    static MariaDbServer dst;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        src = MariaDbServer.start("osch-src");
        dst = MariaDbServer.start("osch-dst");
        cluster = Cluster.start("osch", 1);
        for (MariaDbServer s : List.of(src, dst)) {
            s.execute("CREATE DATABASE osch", "CREATE TABLE osch.t (id INT PRIMARY KEY, a INT)");
        }
        JsonNode created = cluster.ctlJson("operate-source", "create",
                cluster.writeFile("source.yaml", SampleData.sourceYaml("mysql-01", src)).toString());
        assertTrue(created.path("result").asBoolean(), created.toString());
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
    void setRepairsAWrongTrackedSchemaAndRemoveMakesItReadAgain() throws Exception {
        String[] pos = masterStatus();
        String yaml = "name: osch\n"
                + "task-mode: incremental\n"
                + "target-database: {host: 127.0.0.1, port: " + dst.port() + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}\n"
                + "mysql-instances:\n"
                + "  - source-id: mysql-01\n"
                + "    meta: {binlog-name: " + pos[0] + ", binlog-pos: " + pos[1] + "}\n"
                + "    syncer: {worker-count: 2, batch: 10, checkpoint-flush-interval: 1}\n";
        assertEquals(0, cluster.ctl("start-task", cluster.writeFile("osch.yaml", yaml).toString()).exitCode());
        cluster.await("the subtask to run", 60, () -> "Running".equals(cluster.subtask("osch").path("stage").asText()));
        src.execute("INSERT INTO osch.t VALUES (1, 1)");
        awaitEqual();
        cluster.await("the table's schema in the checkpoint", 30, () -> savedSchema().contains("\"columns\":[\"id\",\"a\"]"));

        Cluster.CtlResult running = cluster.ctl("operate-schema", "get", "-s", "mysql-01", "osch", "-d", "osch", "-t", "t");
        assertEquals(1, running.exitCode(), running.toString());
        assertTrue(running.out().contains("code=40051") && running.out().contains("current stage is Running but not paused"),
                running.toString());

        // the rename bypasses the binlog: the tracker still says `a`
        src.execute("SET sql_log_bin = 0", "ALTER TABLE osch.t CHANGE a b INT", "SET sql_log_bin = 1");
        dst.execute("ALTER TABLE osch.t CHANGE a b INT");
        src.execute("INSERT INTO osch.t VALUES (2, 2)", "UPDATE osch.t SET b = 10 WHERE id = 1");
        cluster.await("the subtask to pause on the unknown column", 60, () -> "Paused".equals(cluster.subtask("osch").path("stage").asText())
                && cluster.subtask("osch").path("result").path("errors").size() > 0);
        JsonNode paused = cluster.subtask("osch");
        assertTrue(paused.path("result").path("errors").path(0).path("RawCause").asText().contains("Unknown column"), paused.toString());

        JsonNode got = cluster.ctlJson("operate-schema", "get", "-s", "mysql-01", "osch", "-d", "osch", "-t", "t");
        assertTrue(got.path("result").asBoolean(), got.toString());
        JsonNode one = got.path("sources").path(0);
        assertEquals("mysql-01", one.path("source").asText(), got.toString());
        assertFalse(one.path("worker").asText().isEmpty(), got.toString());
        assertTrue(one.path("msg").asText().startsWith("CREATE TABLE") && one.path("msg").asText().contains("`a`"), got.toString());

        // the OpenAPI's schema endpoints: upstream names, the task's view, the tracked schema
        assertTrue(http("GET", "/api/v1/sources/mysql-01/schemas", null).json().toString().contains("\"osch\""));
        assertTrue(http("GET", "/api/v1/sources/mysql-01/schemas/osch", null).json().toString().contains("\"t\""));
        assertEquals("[\"osch\"]", http("GET", "/api/v1/tasks/osch/sources/mysql-01/schemas", null).json().toString());
        assertTrue(http("GET", "/api/v1/tasks/osch/sources/mysql-01/schemas/osch", null).json().toString().contains("\"t\""));
        JsonNode tracked = http("GET", "/api/v1/tasks/osch/sources/mysql-01/schemas/osch/t", null).json();
        assertEquals("osch", tracked.path("schema_name").asText(), tracked.toString());
        assertEquals("t", tracked.path("table_name").asText(), tracked.toString());
        assertTrue(tracked.path("schema_create_sql").asText().startsWith("CREATE TABLE") && hasIntColumn(tracked.path("schema_create_sql").asText(), "a"),
                tracked.toString());
        JsonNode targets = http("GET", "/api/v1/tasks/osch/sources/mysql-01/migrate_targets", null).json();
        assertTrue(targets.path("data").toString().contains(
                "{\"source_schema\":\"osch\",\"source_table\":\"t\",\"target_schema\":\"osch\",\"target_table\":\"t\"}"), targets.toString());
        assertEquals(targets.path("data").size(), targets.path("total").asInt(), targets.toString());
        Http unknownTask = http("GET", "/api/v1/tasks/nosuch/sources/mysql-01/schemas", null);
        assertEquals(46016, unknownTask.json().path("error_code").asInt(), unknownTask.toString());
        Http notInTask = http("GET", "/api/v1/tasks/osch/sources/mysql-02/schemas/osch/t", null);
        assertEquals(49002, notInTask.json().path("error_code").asInt(), notInTask.toString());
        Http badBody = http("PUT", "/api/v1/tasks/osch/sources/mysql-01/schemas/osch/t", "{\"flush\": true}");
        assertEquals(400, badBody.status(), badBody.toString());

        // refused, and nothing changes
        assertCode(cluster.ctl("operate-schema", "get", "-s", "mysql-01", "nosuch", "-d", "osch", "-t", "t"), "46016");
        assertCode(cluster.ctl("operate-schema", "get", "-s", "mysql-01", "osch", "-d", "osch", "-t", "nosuch"), "44005");
        assertCode(cluster.ctl("operate-schema", "get", "-s", "mysql-02", "osch", "-d", "osch", "-t", "t"), "38035");
        String broken = cluster.writeFile("broken.sql", "CREATE TABLE t (id INT PRIMARY KEY, b INT").toString();
        assertCode(cluster.ctl("operate-schema", "set", "-s", "mysql-01", "osch", "-d", "osch", "-t", "t", broken), "44009");
        String like = cluster.writeFile("like.sql", "CREATE TABLE t LIKE osch.other").toString();
        assertCode(cluster.ctl("operate-schema", "set", "-s", "mysql-01", "osch", "-d", "osch", "-t", "t", like), "44009");
        assertTrue(savedSchema().contains("\"columns\":[\"id\",\"a\"]"), savedSchema());

        // the repair: the file may name the table anything, the tracker files it under -d/-t
        String fixed = cluster.writeFile("t.sql", "CREATE TABLE whatever (\n  id INT PRIMARY KEY,\n  b INT\n)").toString();
        JsonNode set = cluster.ctlJson("operate-schema", "set", "-s", "mysql-01", "osch", "-d", "osch", "-t", "t", fixed);
        assertTrue(set.path("result").asBoolean(), set.toString());
        assertTrue(set.path("sources").path(0).path("result").asBoolean(), set.toString());
        String now = cluster.ctlJson("operate-schema", "get", "-s", "mysql-01", "osch", "-d", "osch", "-t", "t")
                .path("sources").path(0).path("msg").asText();
        assertTrue(hasIntColumn(now, "b") && !hasIntColumn(now, "a") && now.startsWith("CREATE TABLE `t`"), now);
        assertTrue(savedSchema().contains("\"columns\":[\"id\",\"b\"]"), "flushed into the checkpoint: " + savedSchema());
        // the same set over HTTP (DM's body) leaves it so
        Http put = http("PUT", "/api/v1/tasks/osch/sources/mysql-01/schemas/osch/t",
                "{\"sql_content\": \"CREATE TABLE t (id INT PRIMARY KEY, b INT)\", \"flush\": true, \"sync\": false}");
        assertEquals(200, put.status(), put.toString());
        assertTrue(hasIntColumn(http("GET", "/api/v1/tasks/osch/sources/mysql-01/schemas/osch/t", null).json()
                .path("schema_create_sql").asText(), "b"));
        // the same through PATCH (v5.3's title) and POST (the newer API's method)
        for (String method : List.of("PATCH", "POST")) {
            Http same = http(method, "/api/v1/tasks/osch/sources/mysql-01/schemas/osch/t",
                    "{\"sql_content\": \"CREATE TABLE t (id INT PRIMARY KEY, b INT)\", \"flush\": true, \"sync\": false}");
            assertEquals(200, same.status(), method + " " + same);
        }
        assertTrue(hasIntColumn(http("GET", "/api/v1/tasks/osch/sources/mysql-01/schemas/osch/t", null).json()
                .path("schema_create_sql").asText(), "b"));

        assertEquals(0, cluster.ctl("resume-task", "osch").exitCode());
        awaitEqual();
        src.execute("INSERT INTO osch.t VALUES (3, 3)", "DELETE FROM osch.t WHERE id = 2");
        awaitEqual();
        assertEquals(List.of("1|10", "3|3"), rows(dst));

        // remove: the next row of the table reads its schema afresh
        assertEquals(0, cluster.ctl("pause-task", "osch").exitCode());
        cluster.await("the subtask to pause", 60, () -> "Paused".equals(cluster.subtask("osch").path("stage").asText()));
        JsonNode removed = cluster.ctlJson("operate-schema", "remove", "-s", "mysql-01", "osch", "-d", "osch", "-t", "t");
        assertTrue(removed.path("result").asBoolean(), removed.toString());
        assertCode(cluster.ctl("operate-schema", "get", "-s", "mysql-01", "osch", "-d", "osch", "-t", "t"), "44005");
        assertCode(cluster.ctl("operate-schema", "remove", "-s", "mysql-01", "osch", "-d", "osch", "-t", "t"), "44005");
        assertEquals(0, cluster.ctl("resume-task", "osch").exitCode());
        src.execute("INSERT INTO osch.t VALUES (4, 4)");
        awaitEqual();
        assertEquals(0, cluster.ctl("stop-task", "osch").exitCode());
    }

    record Http(int status, String body) {
        JsonNode json() {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(body, e);
            }
        }
    }

    private static Http http(String method, String path, String body) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://" + cluster.masterAddrs.get(0) + path)).header("Content-Type", "application/json")
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Http(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasIntColumn(String createTable, String column) {
        return java.util.regex.Pattern.compile("[\\s(]`?" + column + "`?\\s+int", java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(createTable).find();
    }

    private static void assertCode(Cluster.CtlResult r, String code) {
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("code=" + code), "want code " + code + ": " + r);
    }

    private static void awaitEqual() throws Exception {
        cluster.await("target rows equal to the source", 60, () -> rows(src).equals(rows(dst)));
    }

    /** The tracked CREATE TABLE the sync checkpoint holds for osch.t ("" when none). */
    private static String savedSchema() throws SQLException {
        try (Connection c = dst.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_info FROM dm_meta.osch_syncer_checkpoint"
                        + " WHERE cp_schema = 'osch' AND cp_table = 't' AND is_global = 0")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static String[] masterStatus() throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), Long.toString(rs.getLong(2))};
        }
    }

    private static List<String> rows(MariaDbServer s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM osch.t ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2));
            }
        }
        return out;
    }
}
