package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.MariaDbServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One source to one target through a real master and worker: 100,000 rows of every type are
 * dumped, loaded and then followed by a stream of DML and DDL; each target table must equal
 * its source.
 */
class MigrationEndToEndTest {
    static MariaDbServer src;
    static MariaDbServer dst;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        src = MariaDbServer.start("e2e-src");
        dst = MariaDbServer.start("e2e-dst");
        cluster = Cluster.start("e2e", 1);
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
        if (src != null) {
            src.close();
        }
        if (dst != null) {
            dst.close();
        }
    }

    @Test
    void fullThenIncrementalKeepsEveryTableEqual() throws Exception {
        SampleData.create(src, 40_000, 10_000, 20_000, 30_000);
        Path source = cluster.writeFile("source.yaml", SampleData.sourceYaml("mysql-01", src));
        Path task = cluster.writeFile("task.yaml", SampleData.taskYaml("e2e", "all", "mysql-01", dst));

        JsonNode created = cluster.ctlJson("operate-source", "create", source.toString());
        assertTrue(created.path("result").asBoolean(), created.toString());
        assertFalse(created.path("sources").path(0).path("worker").asText().isEmpty(), "bound to a worker: " + created);

        Cluster.CtlResult started = cluster.ctl("start-task", task.toString());
        assertEquals(0, started.exitCode(), started.toString());

        cluster.await("the full phase to finish and sync to run", 240,
                () -> "Sync".equals(cluster.subtask("e2e").path("unit").asText())
                        && "Running".equals(cluster.subtask("e2e").path("stage").asText()));
        JsonNode list = cluster.ctlJson("query-status");
        assertEquals("e2e", list.path("tasks").path(0).path("taskName").asText(), list.toString());
        assertEquals("Running", list.path("tasks").path(0).path("taskStatus").asText(), list.toString());
        awaitEqual("after the full phase");

        src.execute(
                "UPDATE shop.orders SET amount = amount * 2, note = CONCAT(IFNULL(note, ''), '✓'), status = 'paid' WHERE id % 10 = 0",
                "DELETE FROM shop.orders WHERE id % 17 = 0",
                "INSERT INTO shop.orders (id, customer, amount, created, status, tags, flags, wide, payload)"
                        + " SELECT 100 + seq, CONCAT('new-', seq, '🎉'), seq / 3, NOW(6), 'new', 'b', b'10101010', 18446744073709551615,"
                        + " JSON_ARRAY(seq) FROM shop.seq_1_to_500",
                "UPDATE media.blobs SET data = UNHEX(REPEAT('00FF7F80', 50)), big = big + 1 WHERE id BETWEEN 2 AND 300",
                "DELETE FROM media.events_nopk WHERE kind = 'quit' LIMIT 100",
                "INSERT INTO media.events_nopk VALUES (NOW(), 'late', NULL), (NOW(), 'late', 5), (NOW(), 'late', 5)",
                "UPDATE media.events_nopk SET val = 42 WHERE kind = 'view' AND val = 1",
                "ALTER TABLE app.users ADD COLUMN level INT NOT NULL DEFAULT 3",
                "INSERT INTO app.users (name, email, score, born, level) VALUES ('after-ddl', 'a@d', 1, '2000-01-01', 9)",
                "ALTER TABLE app.users MODIFY COLUMN name VARCHAR(150)",
                "ALTER TABLE app.users ADD INDEX idx_score (score)",
                "ALTER TABLE app.users DROP INDEX idx_score",
                "ALTER TABLE app.users DROP COLUMN bio",
                "UPDATE app.users SET level = level + 1 WHERE id % 3 = 0",
                "CREATE DATABASE extra",
                "CREATE TABLE extra.t1 (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO extra.t1 VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "CREATE TABLE extra.gone (id INT PRIMARY KEY)",
                "INSERT INTO extra.gone VALUES (1)",
                "DROP TABLE extra.gone",
                "RENAME TABLE extra.t1 TO extra.t2",
                "INSERT INTO extra.t2 VALUES (4, 'four')",
                "CREATE TABLE extra.trunc (id INT PRIMARY KEY)",
                "INSERT INTO extra.trunc VALUES (1), (2)",
                "TRUNCATE TABLE extra.trunc",
                "INSERT INTO extra.trunc VALUES (3)");
        awaitEqual("after the stream of changes and DDL");

        JsonNode sync = cluster.subtask("e2e").path("sync");
        assertFalse(sync.path("syncerBinlog").asText().isEmpty(), sync.toString());
        assertFalse(sync.path("masterBinlog").asText().isEmpty(), sync.toString());

        JsonNode paused = cluster.ctlJson("pause-task", "e2e");
        assertTrue(paused.path("result").asBoolean(), paused.toString());
        assertEquals("Pause", paused.path("op").asText());
        cluster.await("paused", 30, () -> "Paused".equals(cluster.subtask("e2e").path("stage").asText()));
        src.execute("INSERT INTO extra.t2 VALUES (5, 'while paused')");
        assertTrue(cluster.ctlJson("resume-task", "e2e").path("result").asBoolean());
        awaitEqual("after pause and resume");

        JsonNode stopped = cluster.ctlJson("stop-task", "e2e");
        assertTrue(stopped.path("result").asBoolean(), stopped.toString());
        JsonNode gone = cluster.ctlJson("query-status", "e2e");
        assertFalse(gone.path("result").asBoolean(), "a stopped task is gone: " + gone);
    }

    static void awaitEqual(String when) throws Exception {
        Map<String, String>[] last = new Map[2];
        try {
            cluster.await("target equals source " + when, 180, () -> {
                last[0] = TableChecksum.of(src, SampleData.SCHEMAS);
                last[1] = TableChecksum.of(dst, SampleData.SCHEMAS);
                return last[0].equals(last[1]);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nsource: " + last[0] + "\ntarget: " + last[1], e);
        }
    }
}
