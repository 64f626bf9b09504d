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
 * handle-error through sluicectl, a real master and a real worker: a DDL the target rejects
 * pauses the task with its code and position; skip and replace get it going again.
 * Also the start-task check of expression filters against the upstream's columns.
 */
class HandleErrorTest {
    static MariaDbServer src;
    static MariaDbServer dst;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        src = MariaDbServer.start("herr-src");
        dst = MariaDbServer.start("herr-dst");
        cluster = Cluster.start("herr", 1);
        // the target's table lacks the upstream's index: renaming that index fails downstream
        src.execute("CREATE DATABASE herr", "CREATE TABLE herr.t (id INT PRIMARY KEY, a INT, KEY idx_a (a))");
        dst.execute("CREATE DATABASE herr", "CREATE TABLE herr.t (id INT PRIMARY KEY, a INT)");
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

    private static String taskYaml(String name, String extraInstanceLines, String extraTopLevel) throws SQLException {
        String[] pos = masterStatus();
        return "name: " + name + "\n"
                + "task-mode: incremental\n"
                + "target-database: {host: 127.0.0.1, port: " + dst.port() + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}\n"
                + "mysql-instances:\n"
                + "  - source-id: mysql-01\n"
                + "    meta: {binlog-name: " + pos[0] + ", binlog-pos: " + pos[1] + "}\n"
                + "    syncer: {worker-count: 2, batch: 10, checkpoint-flush-interval: 1}\n"
                + extraInstanceLines
                + extraTopLevel;
    }

    @Test
    void skipAndReplaceResumeATaskPausedOnARejectedDdl() throws Exception {
        Cluster.CtlResult unknown = cluster.ctl("handle-error", "no-such-task", "skip");
        assertEquals(1, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.out().contains("code=46016"), unknown.toString());

        Cluster.CtlResult started = cluster.ctl("start-task", cluster.writeFile("herr.yaml", taskYaml("herr", "", "")).toString());
        assertEquals(0, started.exitCode(), started.toString());
        cluster.await("the subtask to run", 60, () -> "Running".equals(cluster.subtask("herr").path("stage").asText()));
        src.execute("INSERT INTO herr.t VALUES (1, 1)");
        awaitRows(List.of("1|1"));

        Cluster.CtlResult nothing = cluster.ctl("handle-error", "herr", "skip");
        assertEquals(1, nothing.exitCode(), nothing.toString());
        assertTrue(nothing.out().contains("code=38101") && nothing.out().contains("has no error to handle"), nothing.toString());

        src.execute("ALTER TABLE herr.t RENAME INDEX idx_a TO idx_b", "INSERT INTO herr.t VALUES (2, 2)");
        JsonNode paused = awaitPaused();
        assertEquals(36103, paused.path("result").path("errors").path(0).path("ErrCode").asInt(), paused.toString());
        String at = paused.path("sync").path("errorStartLocation").asText();
        assertEquals(eventPosition("RENAME INDEX idx_a"), at, paused.toString());
        assertEquals(List.of("1|1"), rows());

        JsonNode skip = cluster.ctlJson("handle-error", "herr", "skip");
        assertTrue(skip.path("result").asBoolean(), skip.toString());
        assertEquals("mysql-01", skip.path("sources").path(0).path("source").asText(), skip.toString());
        assertFalse(skip.path("sources").path(0).path("worker").asText().isEmpty(), skip.toString());
        awaitRows(List.of("1|1", "2|2"));
        cluster.await("the subtask to run again", 60, () -> "Running".equals(cluster.subtask("herr").path("stage").asText()));
        // once the checkpoint is past the skipped DDL the skip has taken effect: nothing left to revert
        cluster.await("the checkpoint past the skipped DDL", 60, () -> past(cluster.subtask("herr").path("sync").path("syncerBinlog").asText(), at));
        Cluster.CtlResult late = cluster.ctl("handle-error", "herr", "-b", at, "revert");
        assertEquals(1, late.exitCode(), late.toString());
        assertTrue(late.out().contains("code=36065"), late.toString());

        src.execute("ALTER TABLE herr.t RENAME INDEX idx_b TO idx_c", "INSERT INTO herr.t VALUES (3, 3)");
        awaitPaused();
        Cluster.CtlResult badSql = cluster.ctl("handle-error", "herr", "replace", "ALTER TABLE herr.t ADD INDEX");
        assertEquals(1, badSql.exitCode(), badSql.toString());
        assertTrue(badSql.out().contains("cannot parse the replace statements"), badSql.toString());
        JsonNode replace = cluster.ctlJson("handle-error", "herr", "-s", "mysql-01", "replace",
                "ALTER TABLE herr.t ADD INDEX idx_c (a);", "ALTER TABLE herr.t COMMENT 'replaced';");
        assertTrue(replace.path("result").asBoolean(), replace.toString());
        awaitRows(List.of("1|1", "2|2", "3|3"));
        assertTrue(indexes().contains("idx_c"), "the replacement ran: " + indexes());

        // an operation registered ahead with -b can be reverted; one that does not exist cannot
        Cluster.CtlResult ahead = cluster.ctl("handle-error", "herr", "-b", "mysql-bin.999999:4", "skip");
        assertEquals(0, ahead.exitCode(), ahead.toString());
        assertEquals(0, cluster.ctl("handle-error", "herr", "-b", "mysql-bin|000001.999999:4", "revert").exitCode());
        Cluster.CtlResult gone = cluster.ctl("handle-error", "herr", "-b", "mysql-bin.999999:4", "revert");
        assertEquals(1, gone.exitCode(), gone.toString());
        assertTrue(gone.out().contains("code=36065"), gone.toString());
        assertEquals(0, cluster.ctl("stop-task", "herr").exitCode());
    }

    @Test
    void anExpressionFilterNamingAMissingColumnIsRefusedAtStartTask() throws Exception {
        String yaml = taskYaml("exprbad", "    expression-filters: [typo]\n",
                "expression-filter:\n  typo: {schema: herr, table: t, insert-value-expr: \"aa % 2 = 0\"}\n");
        Cluster.CtlResult r = cluster.ctl("start-task", cluster.writeFile("exprbad.yaml", yaml).toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("code=20101") && r.out().contains("unknown column `aa`"), r.toString());
        JsonNode all = cluster.ctlJson("query-status");
        for (JsonNode t : all.path("tasks")) {
            assertFalse(t.path("taskName").asText().equals("exprbad"), "nothing started: " + all);
        }
    }

    private static JsonNode awaitPaused() throws Exception {
        cluster.await("the subtask to pause on the rejected DDL", 60,
                () -> cluster.subtask("herr").path("result").path("errors").size() > 0
                        && !cluster.subtask("herr").path("sync").path("errorStartLocation").asText().isEmpty());
        JsonNode st = cluster.subtask("herr");
        assertEquals("Paused", st.path("stage").asText(), st.toString());
        return st;
    }

    /** Whether query-status's {@code (file, pos)} is past {@code file:pos} in the same file. */
    private static boolean past(String syncerBinlog, String position) {
        String[] p = position.split(":");
        String prefix = "(" + p[0] + ", ";
        return syncerBinlog.startsWith(prefix)
                && Long.parseLong(syncerBinlog.substring(prefix.length(), syncerBinlog.length() - 1)) > Long.parseLong(p[1]);
    }

    private static String[] masterStatus() throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), Long.toString(rs.getLong(2))};
        }
    }

    private static String eventPosition(String fragment) throws SQLException {
        String file = masterStatus()[0];
        try (Connection c = src.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW BINLOG EVENTS IN '" + file + "'")) {
            while (rs.next()) {
                if (rs.getString("Info").contains(fragment)) {
                    return file + ":" + rs.getLong("Pos");
                }
            }
        }
        throw new AssertionError("no event with " + fragment);
    }

    private static void awaitRows(List<String> want) throws Exception {
        cluster.await("target rows " + want, 60, () -> rows().equals(want));
    }

    private static List<String> rows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, a FROM herr.t ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2));
            }
        }
        return out;
    }

    private static List<String> indexes() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW INDEX FROM herr.t")) {
            while (rs.next()) {
                out.add(rs.getString("Key_name"));
            }
        }
        return out;
    }
}
