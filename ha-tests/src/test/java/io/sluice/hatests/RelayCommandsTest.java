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
 * start-relay, pause-relay, resume-relay and stop-relay through sluicectl, a real master and a
 * real worker: the task reads the relay log while relay is on (nothing arrives while the relay
 * is paused), query-status shows relayStatus, and after stop-relay the task reads the upstream.
 */
class RelayCommandsTest {
    static MariaDbServer src;
    static MariaDbServer dst;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        src = MariaDbServer.start("relaycmd-src");
        dst = MariaDbServer.start("relaycmd-dst");
        cluster = Cluster.start("relaycmd", 1);
        src.execute("CREATE DATABASE rc", "CREATE TABLE rc.t (id INT PRIMARY KEY, v VARCHAR(20))");
        dst.execute("CREATE DATABASE rc", "CREATE TABLE rc.t (id INT PRIMARY KEY, v VARCHAR(20))");
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
    void relayCommandsDriveTheRelayAndTheTaskFollowsIt() throws Exception {
        Cluster.CtlResult noSource = cluster.ctl("start-relay");
        assertEquals(2, noSource.exitCode(), "a usage error: " + noSource);
        JsonNode unknown = cluster.ctlJson("start-relay", "-s", "no-such-source");
        assertFalse(unknown.path("result").asBoolean(), unknown.toString());
        assertTrue(unknown.path("msg").asText().contains("code=46014"), unknown.toString());
        JsonNode notOn = cluster.ctlJson("pause-relay", "-s", "mysql-01");
        assertFalse(notOn.path("result").asBoolean(), "relay is not on yet: " + notOn);

        cluster.await("the source to be bound", 60, () -> !cluster.workerOf("mysql-01").isEmpty());
        JsonNode started = cluster.ctlJson("start-relay", "-s", "mysql-01");
        assertTrue(started.path("result").asBoolean(), started.toString());

        String[] pos = masterStatus();
        String task = "name: rc\ntask-mode: incremental\n"
                + "target-database: {host: 127.0.0.1, port: " + dst.port() + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}\n"
                + "mysql-instances:\n  - source-id: mysql-01\n"
                + "    meta: {binlog-name: " + pos[0] + ", binlog-pos: " + pos[1] + "}\n"
                + "    syncer: {worker-count: 2, batch: 10, checkpoint-flush-interval: 1}\n";
        assertEquals(0, cluster.ctl("start-task", cluster.writeFile("rc.yaml", task).toString()).exitCode());
        cluster.await("relay to run", 60, () -> "Running".equals(relay().path("stage").asText()));
        src.execute("INSERT INTO rc.t VALUES (1, 'relayed')");
        awaitRows(List.of("1|relayed"));
        // one status snapshot: a second read can pair a newer relay position with an older polled master position
        JsonNode[] caughtUp = new JsonNode[1];
        cluster.await("relay to catch up", 60, () -> (caughtUp[0] = relay()).path("relayCatchUpMaster").asBoolean());
        JsonNode st = caughtUp[0];
        assertTrue(st.path("relaySubDir").asText().endsWith(".000001"), st.toString());
        assertEquals(st.path("masterBinlog").asText(), st.path("relayBinlog").asText(), st.toString());
        java.nio.file.Path relayDir = cluster.dir().resolve(cluster.workerOf("mysql-01")).resolve("relay-dir");
        assertEquals(List.of(st.path("relaySubDir").asText()), java.nio.file.Files.readAllLines(relayDir.resolve("server-uuid.index")));

        JsonNode paused = cluster.ctlJson("pause-relay", "-s", "mysql-01");
        assertTrue(paused.path("result").asBoolean(), paused.toString());
        assertEquals("PauseRelay", paused.path("op").asText(), paused.toString());
        assertEquals("mysql-01", paused.path("sources").path(0).path("source").asText(), paused.toString());
        cluster.await("relay to pause", 60, () -> "Paused".equals(relay().path("stage").asText()));
        src.execute("INSERT INTO rc.t VALUES (2, 'while-paused')");
        Thread.sleep(3_000);
        assertEquals(List.of("1|relayed"), rows(), "the task reads the relay, which is paused");

        JsonNode resumed = cluster.ctlJson("resume-relay", "-s", "mysql-01");
        assertTrue(resumed.path("result").asBoolean(), resumed.toString());
        awaitRows(List.of("1|relayed", "2|while-paused"));
        assertEquals("Running", relay().path("stage").asText());

        JsonNode stopped = cluster.ctlJson("stop-relay", "-s", "mysql-01");
        assertTrue(stopped.path("result").asBoolean(), stopped.toString());
        cluster.await("relayStatus to go", 60, () -> relay().isMissingNode());
        src.execute("INSERT INTO rc.t VALUES (3, 'from-upstream')");
        awaitRows(List.of("1|relayed", "2|while-paused", "3|from-upstream"));
        assertEquals("Running", cluster.subtask("rc").path("stage").asText());
        assertEquals(0, cluster.ctl("stop-task", "rc").exitCode());
    }

    private static JsonNode relay() {
        return cluster.ctlJson("query-status", "rc").path("sources").path(0).path("sourceStatus").path("relayStatus");
    }

    private static String[] masterStatus() throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), Long.toString(rs.getLong(2))};
        }
    }

    private static void awaitRows(List<String> want) throws Exception {
        cluster.await("target rows " + want, 60, () -> rows().equals(want));
    }

    private static List<String> rows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, v FROM rc.t ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getString(2));
            }
        }
        return out;
    }
}
