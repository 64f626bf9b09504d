package io.sluice.worker.subtask;

import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Pieces of a task file for subtask tests that use one server as both source and target. */
final class OneServerTask {
    private OneServerTask() {
    }

    /** The server as a task or source file's inline database entry. */
    static String hostYaml(MariaDbServer db) {
        return "{host: " + db.host() + ", port: " + db.port() + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}";
    }

    /** The instance's {@code meta} entry: start at the server's current binlog position. */
    static String metaAtCurrentPosition(MariaDbServer db) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return "{binlog-name: " + rs.getString(1) + ", binlog-pos: " + rs.getLong(2) + "}";
        }
    }
}
