package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.MariaDbServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a coded error, a non-zero exit, and nothing starts half-way. */
class BadInputTest {
    static MariaDbServer src;
    static MariaDbServer stmtSrc;
    static MariaDbServer dst;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        src = MariaDbServer.start("bad-src");
        stmtSrc = MariaDbServer.start("bad-stmt", "--binlog-format=STATEMENT");
        dst = MariaDbServer.start("bad-dst");
        cluster = Cluster.start("bad", 1);
        src.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY)");
    }

    @AfterAll
    static void down() {
        for (AutoCloseable c : new AutoCloseable[] {cluster, src, stmtSrc, dst}) {
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
    void malformedTaskFileIsRejectedWithItsCode() throws Exception {
        Path task = cluster.writeFile("malformed.yaml", "name: x\ntask-mode: all\n  target-database: [unclosed\n");
        Cluster.CtlResult r = cluster.ctl("start-task", task.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("code=20003"), r.toString());
        assertNoTasks();
    }

    @Test
    void unknownKeyIsNamedWithItsLine() throws Exception {
        String yaml = SampleData.taskYaml("typo", "all", "mysql-01", dst).replace("task-mode: all\n", "task-mode: all\ntask-mdoe: full\n");
        Cluster.CtlResult r = cluster.ctl("start-task", cluster.writeFile("typo.yaml", yaml).toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("code=20011") && r.out().contains("task-mdoe") && r.out().contains("line 3"), r.toString());
        assertNoTasks();
    }

    @Test
    void wrongUpstreamPasswordIsRefusedAtSourceCreation() throws Exception {
        String yaml = SampleData.sourceYaml("wrong-pw", src).replace(MariaDbServer.ROOT_PASSWORD, "not-the-password");
        Cluster.CtlResult r = cluster.ctl("operate-source", "create", cluster.writeFile("wrong.yaml", yaml).toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("code=26002") && r.out().contains("Access denied"), r.toString());
        assertFalse(r.out().contains("not-the-password"), "never echo a password: " + r);
        JsonNode show = cluster.ctlJson("operate-source", "show");
        assertFalse(show.toString().contains("wrong-pw"), show.toString());
    }

    @Test
    void statementBinlogFormatFailsThePrecheck() throws Exception {
        Path source = cluster.writeFile("stmt-source.yaml", SampleData.sourceYaml("stmt-01", stmtSrc));
        assertTrue(cluster.ctlJson("operate-source", "create", source.toString()).path("result").asBoolean());
        Cluster.CtlResult r = cluster.ctl("start-task", cluster.writeFile("stmt-task.yaml",
                SampleData.taskYaml("stmt", "all", "stmt-01", dst)).toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("code=26005") && r.out().contains("binlog_format is STATEMENT"), r.toString());
        assertNoTasks();
        assertTrue(cluster.ctlJson("operate-source", "stop", "stmt-01").path("result").asBoolean());
    }

    private static void assertNoTasks() {
        JsonNode all = cluster.ctlJson("query-status");
        assertTrue(all.path("result").asBoolean(), all.toString());
        assertEquals(0, all.path("tasks").size(), "no task half-started: " + all);
    }
}
