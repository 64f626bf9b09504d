package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.common.config.PasswordCipher;
import io.sluice.common.errors.SluiceException;
import io.sluice.testkit.MariaDbServer;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster's own password key: encrypt through the master gives text the built-in key cannot
 * open; a rotation re-encrypts the stored passwords, survives a master restart, and text made
 * before it (with the old cluster key or with the built-in key) still decrypts and still connects.
 */
class PasswordRotationTest {
    static MariaDbServer src;
    static MariaDbServer dst;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        src = MariaDbServer.start("rot-src");
        dst = MariaDbServer.start("rot-dst");
        cluster = Cluster.start("rot", 1);
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
    void rotatedKeyKeepsOldTextValidAndSourcesConnected() throws Exception {
        String builtIn = PasswordCipher.encrypt(MariaDbServer.ROOT_PASSWORD); // this JVM holds no cluster key
        String[] before = {""};
        cluster.await("the cluster's first key", 30, () -> {
            Cluster.CtlResult r = cluster.ctl("encrypt", MariaDbServer.ROOT_PASSWORD);
            before[0] = r.out().trim();
            return r.exitCode() == 0;
        });
        assertThrows(SluiceException.class, () -> PasswordCipher.decrypt(before[0]), "the built-in key cannot open the cluster's text");

        src.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY)", "INSERT INTO shop.t VALUES (1), (2)");
        Path source = cluster.writeFile("source.yaml", "source-id: rot-src\nenable-gtid: true\nfrom:\n  host: 127.0.0.1\n  port: "
                + src.port() + "\n  user: root\n  password: " + before[0] + "\n");
        JsonNode created = cluster.ctlJson("operate-source", "create", source.toString());
        assertTrue(created.path("result").asBoolean(), created.toString());
        Path task = cluster.writeFile("task.yaml", "name: rot\ntask-mode: all\ntarget-database:\n  host: 127.0.0.1\n  port: " + dst.port()
                + "\n  user: root\n  password: " + builtIn + "\nmysql-instances:\n  - source-id: rot-src\n    block-allow-list: ba\n"
                + "block-allow-list:\n  ba:\n    do-dbs: [\"shop\"]\n");
        assertEquals(0, cluster.ctl("start-task", task.toString()).exitCode());
        cluster.await("rows copied", 120, () -> count(dst) == 2);

        JsonNode rotated = cluster.ctlJson("encrypt", "--rotate");
        assertTrue(rotated.path("result").asBoolean(), rotated.toString());
        assertEquals(2, rotated.path("keys").asInt(), rotated.toString());
        assertEquals(1, rotated.path("sources").asInt(), rotated.toString());
        assertEquals(1, rotated.path("tasks").asInt(), rotated.toString());

        SluiceProcess master = cluster.masters.get(0);
        master.kill();
        master.restart();
        cluster.await("the master back", 60, () -> cluster.ctlJson("list-member", "--worker").path("result").asBoolean());

        assertEquals(MariaDbServer.ROOT_PASSWORD, cluster.ctl("decrypt", before[0]).out().trim(), "text of the old cluster key");
        assertEquals(MariaDbServer.ROOT_PASSWORD, cluster.ctl("decrypt", builtIn).out().trim(), "text of the built-in key");
        String after = cluster.ctl("encrypt", MariaDbServer.ROOT_PASSWORD).out().trim();
        assertNotEquals(before[0], after);
        assertEquals(MariaDbServer.ROOT_PASSWORD, cluster.ctl("decrypt", after).out().trim());
        Cluster.CtlResult garbage = cluster.ctl("decrypt", "bm90LWEtY2lwaGVyLXRleHQtYXQtYWxsLW5vLW5vLW5v");
        assertEquals(1, garbage.exitCode());
        assertTrue(garbage.out().contains("20010"), garbage.toString());

        // the re-encrypted stored passwords still open both databases: the subtask starts again from them
        assertTrue(cluster.ctlJson("pause-task", "rot").path("result").asBoolean());
        cluster.await("paused", 30, () -> "Paused".equals(cluster.subtask("rot").path("stage").asText()));
        src.execute("INSERT INTO shop.t VALUES (3)");
        assertTrue(cluster.ctlJson("resume-task", "rot").path("result").asBoolean());
        cluster.await("the row written after the rotation", 120, () -> count(dst) == 3);
        String shown = cluster.ctl("get-config", "source", "rot-src").out();
        assertTrue(!shown.contains(before[0]) && !shown.contains(MariaDbServer.ROOT_PASSWORD), shown);
    }

    private static long count(MariaDbServer db) throws SQLException {
        try (var c = db.connect(); var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM shop.t")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
