package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.MariaDbServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * check-task through sluicectl against a running master: DM's reply for a passing task, for one
 * with warnings and for a failing one (capped by --error), and start-task refusing the failing
 * task without creating anything.
 */
class PrecheckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static MariaDbServer db;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        db = MariaDbServer.start("precheck-cmd");
        db.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY, v VARCHAR(10))",
                "CREATE DATABASE loose", "CREATE TABLE loose.log (at DATETIME, line TEXT)",
                "CREATE USER 'norepl'@'127.0.0.1' IDENTIFIED BY 'norepl-pw'", "GRANT SELECT, RELOAD ON *.* TO 'norepl'@'127.0.0.1'");
        cluster = Cluster.start("precheck", 0);
        Path ok = cluster.writeFile("ok-source.yaml", SampleData.sourceYaml("ok-01", db));
        Path weak = cluster.writeFile("weak-source.yaml", SampleData.sourceYaml("weak-01", db)
                .replace("user: root", "user: norepl").replace(MariaDbServer.ROOT_PASSWORD, "norepl-pw"));
        for (Path p : new Path[] {ok, weak}) {
            JsonNode r = cluster.ctlJson("operate-source", "create", p.toString());
            assertTrue(r.path("result").asBoolean(), r.toString());
        }
    }

    @AfterAll
    static void down() {
        for (AutoCloseable c : new AutoCloseable[] {cluster, db}) {
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
    void passingTaskRepliesCheckPass() throws Exception {
        Cluster.CtlResult r = cluster.ctl("check-task", task("pass", "ok-01", "shop", "auto").toString());
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode reply = JSON.readTree(r.out());
        assertTrue(reply.path("result").asBoolean(), r.out());
        assertEquals("check pass!!!", reply.path("msg").asText());
    }

    @Test
    void warningsPassButAreListedWithTheSummary() throws Exception {
        Cluster.CtlResult r = cluster.ctl("check-task", task("warn", "ok-01", "loose", "auto").toString());
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode reply = JSON.readTree(r.out());
        assertTrue(reply.path("result").asBoolean(), r.out());
        JsonNode detail = JSON.readTree(reply.path("msg").asText());
        assertTrue(detail.path("summary").path("passed").asBoolean(), detail.toString());
        assertEquals(1, detail.path("summary").path("warning").asInt(), detail.toString());
        JsonNode item = detail.path("results").get(0);
        assertEquals("warn", item.path("state").asText());
        assertTrue(item.path("errors").get(0).path("short_error").asText().contains("`loose`.`log`"), item.toString());
    }

    @Test
    void failingTaskExitsOneAndErrorCapsTheListedItems() throws Exception {
        Path file = task("fail", "weak-01", "shop", "lock");
        Cluster.CtlResult all = cluster.ctl("check-task", file.toString());
        assertEquals(1, all.exitCode(), all.toString());
        String msg = JSON.readTree(all.out()).path("msg").asText();
        assertTrue(msg.startsWith("[code=26005:class=task-check"), msg);
        JsonNode detail = detail(msg);
        assertEquals(2, detail.path("summary").path("failed").asInt(), detail.toString());
        assertEquals(2, detail.path("results").size(), detail.toString());
        assertTrue(msg.contains("lack of REPLICATION SLAVE privilege") && msg.contains("lack of LOCK TABLES privilege"), msg);
        assertFalse(msg.contains("norepl-pw"), "no password in a reply: " + msg);

        Cluster.CtlResult capped = cluster.ctl("check-task", file.toString(), "--error", "1");
        assertEquals(1, capped.exitCode(), capped.toString());
        JsonNode one = detail(JSON.readTree(capped.out()).path("msg").asText());
        assertEquals(1, one.path("results").size(), one.toString());
        assertEquals(2, one.path("summary").path("failed").asInt(), "the summary still counts every item: " + one);
    }

    @Test
    void startTaskRefusesAFailingTaskAndCreatesNothing() throws Exception {
        Cluster.CtlResult r = cluster.ctl("start-task", task("refused", "weak-01", "shop", "lock").toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("code=26005") && r.out().contains("lack of REPLICATION SLAVE privilege"), r.toString());
        JsonNode status = cluster.ctlJson("query-status");
        assertTrue(status.path("result").asBoolean(), status.toString());
        assertEquals(0, status.path("tasks").size(), "nothing started: " + status);
    }

    private static JsonNode detail(String msg) throws Exception {
        int at = msg.indexOf("detail: ");
        assertTrue(at > 0, msg);
        return JSON.readTree(msg.substring(at + "detail: ".length()));
    }

    private static Path task(String name, String source, String schema, String consistency) throws Exception {
        return cluster.writeFile(name + ".yaml", SampleData.taskYaml(name, "all", source, db)
                .replace("do-dbs: [\"shop\", \"media\", \"app\", \"extra\"]", "do-dbs: [\"" + schema + "\"]")
                .replace("    threads: 2\n", "    threads: 2\n    consistency: " + consistency + "\n"));
    }
}
