package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * check-data through sluicectl, a real master, two workers and three MariaDB servers: two sources
 * (one of them holding tables with an integer, a string, a composite and no key; both holding a
 * shard of one merged table) and the target. After the full copy every chunk is equal; then rows
 * changed, deleted and added on the target behind the task's back are reported as exactly the
 * chunks that hold them, with their key ranges and row counts; NULL against '' and a trailing
 * space count as differences. Failure replies: an unknown task, a table missing on the target,
 * a source that cannot be reached.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckDataTest {
    static final String TASK = "chkd";
    static MariaDbServer src1;
    static MariaDbServer src2;
    static MariaDbServer dst;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        src1 = MariaDbServer.start("chkd-src1");
        src2 = MariaDbServer.start("chkd-src2");
        dst = MariaDbServer.start("chkd-dst");
        cluster = Cluster.start("chkd", 1, 2);
        src1.execute("CREATE DATABASE cd", "CREATE DATABASE shard",
                "CREATE TABLE cd.ints (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, note VARCHAR(20) NULL)",
                "CREATE TABLE cd.strs (code VARCHAR(16) PRIMARY KEY, v INT)",
                "CREATE TABLE cd.comp (a INT, b VARCHAR(8), v VARCHAR(10), PRIMARY KEY (a, b))",
                "CREATE TABLE cd.nokey (x INT, y VARCHAR(10))",
                "CREATE TABLE shard.t_1 (id INT PRIMARY KEY, v VARCHAR(10))");
        src2.execute("CREATE DATABASE shard", "CREATE TABLE shard.t_2 (id INT PRIMARY KEY, v VARCHAR(10))");
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            rows.add("INSERT INTO cd.ints VALUES (" + i + ", 'n" + i + "', " + (i % 3 == 0 ? "NULL" : "'x'") + ")");
        }
        for (int i = 0; i < 60; i++) {
            rows.add(String.format("INSERT INTO cd.strs VALUES ('k%03d', %d)", i, i));
        }
        for (int a = 1; a <= 10; a++) {
            for (String b : List.of("p", "q", "r", "s", "t")) {
                rows.add("INSERT INTO cd.comp VALUES (" + a + ", '" + b + "', 'v" + a + b + "')");
            }
        }
        for (int i = 0; i < 20; i++) {
            rows.add("INSERT INTO cd.nokey VALUES (" + (i % 10) + ", 'y" + (i % 10) + "')"); // every row twice
        }
        for (int i = 1; i <= 40; i++) {
            rows.add("INSERT INTO shard.t_1 VALUES (" + i + ", 's1')");
        }
        src1.execute(rows.toArray(String[]::new));
        List<String> shard2 = new ArrayList<>();
        for (int i = 41; i <= 80; i++) {
            shard2.add("INSERT INTO shard.t_2 VALUES (" + i + ", 's2')");
        }
        src2.execute(shard2.toArray(String[]::new));

        for (String[] s : new String[][] {{"mysql-01", "1"}, {"mysql-02", "2"}}) {
            MariaDbServer server = s[1].equals("1") ? src1 : src2;
            JsonNode created = cluster.ctlJson("operate-source", "create",
                    cluster.writeFile("source" + s[1] + ".yaml", SampleData.sourceYaml(s[0], server)).toString());
            assertTrue(created.path("result").asBoolean(), created.toString());
        }
        String task = "name: " + TASK + "\n"
                + "task-mode: all\n"
                + "target-database: {host: 127.0.0.1, port: " + dst.port() + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}\n"
                + "mysql-instances:\n"
                + "  - {source-id: mysql-01, block-allow-list: ba, route-rules: [shards, shard-schema], syncer-config-name: sync}\n"
                + "  - {source-id: mysql-02, block-allow-list: ba, route-rules: [shards, shard-schema], syncer-config-name: sync}\n"
                + "block-allow-list:\n"
                + "  ba: {do-dbs: [cd, shard]}\n"
                + "routes:\n"
                + "  shards: {schema-pattern: shard, table-pattern: t_*, target-schema: merged, target-table: t}\n"
                + "  shard-schema: {schema-pattern: shard, target-schema: merged}\n"
                + "syncers:\n"
                + "  sync: {worker-count: 2, batch: 50, checkpoint-flush-interval: 1}\n";
        JsonNode started = cluster.ctlJson("start-task", cluster.writeFile("task.yaml", task).toString());
        assertTrue(started.path("result").asBoolean(), started.toString());
        cluster.await("both subtasks syncing and every row copied", 180, () -> syncing() == 2
                && count("cd.ints") == 100 && count("cd.strs") == 60 && count("cd.comp") == 50 && count("cd.nokey") == 20
                && count("merged.t") == 80);
    }

    @AfterAll
    static void down() {
        for (AutoCloseable c : new AutoCloseable[] {cluster, src1, src2, dst}) {
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
    @Order(1)
    void aTargetEqualToItsSourcesIsEqualInEveryChunk() {
        Cluster.CtlResult r = cluster.ctl("check-data", TASK, "--chunk-size", "10");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode reply = json(r);
        assertTrue(reply.path("result").asBoolean(), r.toString());
        Map<String, JsonNode> tables = tables(reply);
        assertEquals(List.of("`cd`.`comp`", "`cd`.`ints`", "`cd`.`nokey`", "`cd`.`strs`", "`merged`.`t`"), List.copyOf(tables.keySet()));
        assertEquals(10, tables.get("`cd`.`ints`").path("chunks").asInt(), r.toString());
        assertEquals(6, tables.get("`cd`.`strs`").path("chunks").asInt(), r.toString());
        assertEquals(5, tables.get("`cd`.`comp`").path("chunks").asInt(), r.toString());
        assertEquals(1, tables.get("`cd`.`nokey`").path("chunks").asInt(), r.toString());
        assertEquals(8, tables.get("`merged`.`t`").path("chunks").asInt(), r.toString());
        assertEquals(List.of("mysql-01:`shard`.`t_1`", "mysql-02:`shard`.`t_2`"), texts(tables.get("`merged`.`t`").path("upstreams")));
        assertEquals(List.of("a", "b"), texts(tables.get("`cd`.`comp`").path("key")));
        assertEquals(List.of(), texts(tables.get("`cd`.`nokey`").path("key")));
        for (JsonNode t : tables.values()) {
            assertTrue(t.path("result").asBoolean(), t.toString());
            assertEquals(0, t.path("differingChunks").asInt(), t.toString());
        }
        JsonNode positions = reply.path("positions");
        assertEquals(2, positions.size(), r.toString());
        for (JsonNode p : positions) {
            assertTrue(p.path("binlogPos").asText().matches(".+:\\d+"), p.toString());
            assertTrue(p.path("checkpoint").asText().matches(".+:\\d+"), p.toString());
        }
    }

    @Test
    @Order(2)
    void rowsChangedDeletedAndAddedOnTheTargetAreReportedAsTheirChunks() throws Exception {
        dst.execute("UPDATE cd.ints SET name = 'changed' WHERE id = 15",
                "UPDATE cd.ints SET note = '' WHERE id = 33", // NULL upstream
                "DELETE FROM cd.ints WHERE id = 47",
                "UPDATE cd.ints SET name = CONCAT(name, ' ') WHERE id = 77", // a trailing space
                "INSERT INTO cd.ints VALUES (101, 'extra', NULL)",
                "UPDATE cd.strs SET v = v + 1 WHERE code = 'k030'",
                "DELETE FROM cd.comp WHERE a = 7 AND b = 'q'",
                "INSERT INTO cd.nokey VALUES (3, 'y3')",
                "UPDATE merged.t SET v = 'zz' WHERE id = 60");
        Cluster.CtlResult r = cluster.ctl("check-data", TASK, "--chunk-size", "10");
        assertEquals(1, r.exitCode(), r.toString());
        JsonNode reply = json(r);
        assertFalse(reply.path("result").asBoolean(), r.toString());
        assertTrue(reply.path("msg").asText().contains("code=38174"), r.toString());
        Map<String, JsonNode> tables = tables(reply);

        // ints: min 1, max 101, 100 rows → 10 chunks 11 wide: [1,12) [12,23) … [100,∞)
        JsonNode ints = tables.get("`cd`.`ints`");
        assertFalse(ints.path("result").asBoolean(), ints.toString());
        assertEquals(10, ints.path("chunks").asInt(), ints.toString());
        Map<Integer, JsonNode> byKey = new TreeMap<>();
        for (int id : new int[] {15, 33, 47, 77, 101}) {
            byKey.put(id, chunkHolding(ints, id));
        }
        assertEquals(5, ints.path("differingChunks").asInt(), ints.toString());
        assertEquals(5, ints.path("differing").size(), ints.toString());
        assertEquals("`id` >= 12 AND `id` < 23", byKey.get(15).path("range").asText());
        assertEquals("`id` >= 100", byKey.get(101).path("range").asText());
        assertRows(byKey.get(15), 11, 11);
        assertRows(byKey.get(33), 11, 11);
        assertRows(byKey.get(47), 10, 11);
        assertRows(byKey.get(77), 11, 11);
        assertRows(byKey.get(101), 2, 1);

        JsonNode strs = tables.get("`cd`.`strs`");
        assertEquals(1, strs.path("differing").size(), strs.toString());
        assertEquals("`code` >= 'k030' AND `code` < 'k040'", strs.path("differing").path(0).path("range").asText());
        assertRows(strs.path("differing").path(0), 10, 10);

        JsonNode comp = tables.get("`cd`.`comp`");
        assertEquals(1, comp.path("differing").size(), comp.toString());
        JsonNode compChunk = comp.path("differing").path(0);
        assertEquals(List.of("7", "'p'"), texts(compChunk.path("lowerBound")), comp.toString());
        assertEquals(List.of("9", "'q'"), texts(compChunk.path("upperBound")), comp.toString());
        assertRows(compChunk, 10, 11);

        JsonNode nokey = tables.get("`cd`.`nokey`");
        assertEquals("whole table", nokey.path("differing").path(0).path("range").asText(), nokey.toString());
        assertRows(nokey.path("differing").path(0), 21, 20);

        JsonNode merged = tables.get("`merged`.`t`");
        assertEquals(1, merged.path("differing").size(), merged.toString());
        JsonNode mergedChunk = merged.path("differing").path(0);
        assertTrue(holds(mergedChunk, 60), merged.toString());
        assertRows(mergedChunk, 10, 10);

        // one table only, and one source's tables only
        JsonNode onlyStrs = cluster.ctlJson("check-data", TASK, "--table", "cd.strs", "--chunk-size", "10");
        assertEquals(List.of("`cd`.`strs`"), List.copyOf(tables(onlyStrs).keySet()), onlyStrs.toString());
        // -s picks the tables mysql-02 feeds; merged.t is still compared with both shards
        JsonNode onlySecond = cluster.ctlJson("check-data", TASK, "-s", "mysql-02", "--chunk-size", "10");
        assertEquals(List.of("`merged`.`t`"), List.copyOf(tables(onlySecond).keySet()), onlySecond.toString());
        JsonNode mergedAgain = tables(onlySecond).get("`merged`.`t`");
        assertEquals(1, mergedAgain.path("differing").size(), onlySecond.toString());
        assertTrue(holds(mergedAgain.path("differing").path(0), 60), onlySecond.toString());
        assertEquals(2, onlySecond.path("positions").size(), onlySecond.toString());

        // the same over HTTP, with the OpenAPI's snake_case names; differing chunks are a result, not an error
        java.net.http.HttpResponse<String> http = post("/api/v1/tasks/" + TASK + "/check-data",
                "{\"table_list\": [\"merged.t\"], \"chunk_size\": 10}");
        assertEquals(200, http.statusCode(), http.body());
        JsonNode viaHttp = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.body());
        assertFalse(viaHttp.path("result").asBoolean(), http.body());
        assertEquals("`merged`.`t`", viaHttp.path("tables").path(0).path("table").asText(), http.body());
        assertEquals(1, viaHttp.path("tables").path(0).path("differing_chunks").asInt(), http.body());
        assertEquals(10, viaHttp.path("tables").path(0).path("differing").path(0).path("source_rows").asInt(), http.body());
        assertEquals(2, viaHttp.path("positions").size(), http.body());

        // the repair makes it equal again (upstream is the truth: shard 2 holds 41..80 with v = 's2')
        dst.execute("UPDATE merged.t SET v = 's2' WHERE id = 60");
        JsonNode repaired = cluster.ctlJson("check-data", TASK, "--table", "merged.t");
        assertTrue(repaired.path("result").asBoolean(), repaired.toString());
    }

    @Test
    @Order(3)
    void failureRepliesNameWhatIsWrong() {
        Cluster.CtlResult unknown = cluster.ctl("check-data", "nosuch");
        assertEquals(1, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.out().contains("code=46016") && unknown.out().contains("nosuch"), unknown.toString());

        java.net.http.HttpResponse<String> http = post("/api/v1/tasks/nosuch/check-data", "");
        assertEquals(404, http.statusCode(), http.body());
        assertTrue(http.body().contains("\"error_code\":46016"), http.body());
        http = post("/api/v1/tasks/" + TASK + "/check-data", "{\"chunk_size\": \"ten\"}");
        assertEquals(400, http.statusCode(), http.body());

        Cluster.CtlResult notInTask = cluster.ctl("check-data", TASK, "--table", "cd.nothere");
        assertEquals(1, notInTask.exitCode(), notInTask.toString());
        assertTrue(notInTask.out().contains("code=38176") && notInTask.out().contains("cd.nothere"), notInTask.toString());

        dst.execute("DROP TABLE cd.nokey");
        Cluster.CtlResult missing = cluster.ctl("check-data", TASK, "--table", "cd.nokey");
        assertEquals(1, missing.exitCode(), missing.toString());
        JsonNode table = tables(json(missing)).get("`cd`.`nokey`");
        assertFalse(table.path("result").asBoolean(), missing.toString());
        assertTrue(table.path("msg").asText().contains("code=38173") && table.path("msg").asText().contains("`cd`.`nokey`"),
                missing.toString());

        src2.close();
        Cluster.CtlResult unreachable = cluster.ctl("check-data", TASK);
        assertEquals(1, unreachable.exitCode(), unreachable.toString());
        assertTrue(unreachable.out().contains("code=38171") && unreachable.out().contains("mysql-02"), unreachable.toString());
        assertFalse(unreachable.out().contains(MariaDbServer.ROOT_PASSWORD), unreachable.toString());
    }

    private static java.net.http.HttpResponse<String> post(String path, String body) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://" + cluster.masterAddrs.get(0) + path)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(Cluster.CtlResult r) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        } catch (Exception e) {
            throw new AssertionError("no JSON: " + r, e);
        }
    }

    private static Map<String, JsonNode> tables(JsonNode reply) {
        Map<String, JsonNode> byName = new TreeMap<>();
        reply.path("tables").forEach(t -> byName.put(t.path("table").asText(), t));
        return byName;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode chunkHolding(JsonNode table, int id) {
        for (JsonNode chunk : table.path("differing")) {
            if (holds(chunk, id)) {
                return chunk;
            }
        }
        throw new AssertionError("no differing chunk holds id " + id + ": " + table);
    }

    private static boolean holds(JsonNode chunk, int id) {
        JsonNode lo = chunk.path("lowerBound");
        JsonNode hi = chunk.path("upperBound");
        return (lo.size() == 0 || Long.parseLong(lo.path(0).asText()) <= id) && (hi.size() == 0 || id < Long.parseLong(hi.path(0).asText()));
    }

    private static void assertRows(JsonNode chunk, long target, long source) {
        assertEquals(target, chunk.path("targetRows").asLong(), chunk.toString());
        assertEquals(source, chunk.path("sourceRows").asLong(), chunk.toString());
    }

    private static int syncing() {
        int n = 0;
        for (JsonNode s : cluster.ctlJson("query-status", TASK).path("sources")) {
            if ("Sync".equals(s.path("subTaskStatus").path(0).path("unit").asText())) {
                n++;
            }
        }
        return n;
    }

    private static long count(String table) throws Exception {
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
