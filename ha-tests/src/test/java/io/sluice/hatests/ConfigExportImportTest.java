package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * config export from one cluster and config import into a fresh one, both real: the files are
 * DM's layout with the stored configs, the second cluster runs the tasks in the stages they had,
 * and a directory that cannot be imported (missing, a malformed file, a task the master refuses)
 * leaves the cluster as it was.
 */
class ConfigExportImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static MariaDbServer src;
    static MariaDbServer dst;
    static Cluster first;
    static Cluster second;

    @BeforeAll
    static void up() throws Exception {
        src = MariaDbServer.start("cfgio-src");
        dst = MariaDbServer.start("cfgio-dst");
        src.execute("CREATE DATABASE rt", "CREATE TABLE rt.t (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO rt.t VALUES (1, 'before')",
                "CREATE DATABASE rt2", "CREATE TABLE rt2.t (id INT PRIMARY KEY)");
    }

    @AfterAll
    static void down() {
        for (AutoCloseable c : new AutoCloseable[] {first, second, src, dst}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the others still close
            }
        }
    }

    private static String task(String name, String db, int targetPort) {
        return "name: " + name + "\ntask-mode: all\n"
                + "target-database: {host: 127.0.0.1, port: " + targetPort + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}\n"
                + "mysql-instances:\n  - source-id: mysql-01\n    block-allow-list: ba\n"
                + "    syncer: {worker-count: 2, batch: 10, checkpoint-flush-interval: 1}\n"
                + "block-allow-list:\n  ba:\n    do-dbs: [\"" + db + "\"]\n";
    }

    @Test
    void exportedConfigsImportIntoAFreshClusterAndTheTasksRunThere() throws Exception {
        first = Cluster.start("cfgio-a", 1);
        String sourceYaml = SampleData.sourceYaml("mysql-01", src);
        assertTrue(first.ctlJson("operate-source", "create", first.writeFile("source.yaml", sourceYaml).toString()).path("result").asBoolean());
        String rt = task("rt", "rt", dst.port());
        String rt2 = task("rt2", "rt2", dst.port());
        assertEquals(0, first.ctl("start-task", first.writeFile("rt.yaml", rt).toString()).exitCode());
        assertEquals(0, first.ctl("start-task", first.writeFile("rt2.yaml", rt2).toString()).exitCode());
        awaitRows(first, List.of("1|before"));
        first.await("rt2 to sync", 120, () -> "Sync".equals(first.subtask("rt2").path("unit").asText()));
        assertTrue(first.ctlJson("pause-task", "rt2").path("result").asBoolean());
        first.await("rt2 paused", 60, () -> "Paused".equals(first.subtask("rt2").path("stage").asText()));
        String relayWorker = first.workerOf("mysql-01");
        assertTrue(first.ctlJson("start-relay", "-s", "mysql-01").path("result").asBoolean());

        Path dir = first.dir().resolve("exported");
        Cluster.CtlResult exported = first.ctl("config", "export", "-d", dir.toString());
        assertEquals(0, exported.exitCode(), exported.toString());
        assertEquals("export configs to directory `" + dir + "` succeed\n", exported.out());
        String exportedSource = Files.readString(dir.resolve("sources/mysql-01.yaml"));
        assertFalse(exportedSource.contains("sluice-root"), "passwords leave the cluster encrypted: " + exportedSource);
        assertEquals(sourceYaml, decrypted(exportedSource), "the stored source, password included");
        assertEquals(rt, decrypted(Files.readString(dir.resolve("tasks/rt.yaml"))));
        assertEquals(rt2, decrypted(Files.readString(dir.resolve("tasks/rt2.yaml"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sources/mysql-01.yaml"))));
        JsonNode relays = JSON.readTree(dir.resolve("relay_workers.json").toFile());
        assertEquals(relayWorker, relays.path("mysql-01").path(0).asText(), relays.toString());
        JsonNode stages = JSON.readTree(dir.resolve("task_stages.json").toFile());
        assertEquals("Paused", stages.path("rt2").path("mysql-01").asText(), stages.toString());
        assertEquals("Running", stages.path("rt").path("mysql-01").asText(), stages.toString());
        first.close();

        second = Cluster.start("cfgio-b", 1);
        refusedAndNothingChanged(second.ctl("config", "import", "-d", second.dir().resolve("no-such-dir").toString()), "code=48031", "no-such-dir");

        Path malformed = copy(dir, second.dir().resolve("malformed"));
        Files.writeString(malformed.resolve("tasks/broken.yaml"), "name: [unclosed\n");
        refusedAndNothingChanged(second.ctl("config", "import", "-d", malformed.toString()), "code=48032", "broken.yaml");

        Path refused = copy(dir, second.dir().resolve("refused"));
        Files.writeString(refused.resolve("tasks/rt2.yaml"), task("rt2", "rt2", MariaDbServer.freePort()));
        Cluster.CtlResult refusal = second.ctl("config", "import", "-d", refused.toString());
        assertTrue(refusal.out().startsWith("start creating sources\nstart creating tasks\n{"), refusal.toString());
        refusedAndNothingChanged(refusal, "code=48033", "rt2.yaml");

        Cluster.CtlResult imported = second.ctl("config", "import", "-d", dir.toString());
        assertEquals(0, imported.exitCode(), imported.toString());
        assertEquals("start creating sources\nstart creating tasks\nimport configs from directory `" + dir + "` succeed\n", imported.out());
        assertTrue(imported.err().contains("start-relay"), "relay workers are named, not re-created: " + imported.err());

        second.await("rt to run", 120, () -> "Running".equals(second.subtask("rt").path("stage").asText()));
        second.await("rt2 paused", 60, () -> "Paused".equals(second.subtask("rt2").path("stage").asText()));
        src.execute("INSERT INTO rt.t VALUES (2, 'after import')");
        awaitRows(second, List.of("1|before", "2|after import"));

        refusedButClusterKeepsIt(second.ctl("config", "import", "-d", dir.toString()));
    }

    private static void refusedAndNothingChanged(Cluster.CtlResult r, String code, String names) throws Exception {
        assertEquals(1, r.exitCode(), r.toString());
        // a refusal by the master comes after DM's progress lines; the reply is the JSON that follows
        String msg = JSON.readTree(r.out().substring(r.out().indexOf('{'))).path("msg").asText();
        assertTrue(msg.contains(code) && msg.contains(names), msg);
        assertEquals(0, second.ctlJson("operate-source", "show").path("sources").size(), "no source left behind: " + msg);
        assertEquals(0, second.ctlJson("query-status").path("tasks").size(), "no task left behind: " + msg);
    }

    private static void refusedButClusterKeepsIt(Cluster.CtlResult again) throws Exception {
        assertEquals(1, again.exitCode(), again.toString());
        String msg = JSON.readTree(again.out()).path("msg").asText();
        assertTrue(msg.contains("code=48032") && msg.contains("mysql-01.yaml") && msg.contains("already exists"), msg);
        assertEquals(2, second.ctlJson("query-status").path("tasks").size());
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static void awaitRows(Cluster cluster, List<String> want) throws Exception {
        cluster.await("target rows " + want, 120, () -> rows().equals(want));
    }

    private static List<String> rows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dst.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, v FROM rt.t ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getString(2));
            }
        }
        return out;
    }

    /** An exported config with each password decrypted by the built-in key any Sluice has (not the exporting cluster's). */
    private static String decrypted(String yaml) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(\\s*password:[ \\t]*)(\\S+)$").matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(m.group(1)
                    + io.sluice.common.config.PasswordCipher.decrypt(m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
