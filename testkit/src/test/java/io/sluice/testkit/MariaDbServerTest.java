package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class MariaDbServerTest {
    @Test
    void startsAReplicationReadyServerAndStopsIt() throws Exception {
        MariaDbServer server;
        try (MariaDbServer s = MariaDbServer.start("kit")) {
            server = s;
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id");
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                assertEquals("ROW", rs.getString(2));
                assertEquals("FULL", rs.getString(3));
                assertEquals(s.serverId(), rs.getInt(4));
            }
        }
        assertFalse(server.isRunning());
    }
}
