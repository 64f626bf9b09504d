package io.sluice.worker.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class DruidSchemaTrackerTest {

    /** The tracker, fed the DDL a server ran, must agree with that server's own SHOW CREATE TABLE. */
    @Test
    void tracksDdlLikeTheServer() throws Exception {
        List<String> ddl = List.of(
                "CREATE TABLE t1 (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), b BINARY(4)) DEFAULT CHARSET=utf8mb4",
                "ALTER TABLE t1 ADD COLUMN c2 INT UNSIGNED AFTER id, ADD COLUMN txt TEXT CHARACTER SET latin1",
                "ALTER TABLE t1 MODIFY COLUMN name VARCHAR(64) NOT NULL",
                "ALTER TABLE t1 CHANGE COLUMN c2 c3 SMALLINT",
                "ALTER TABLE t1 ADD UNIQUE KEY uk_name (name), ADD INDEX idx_c3 (c3)",
                "ALTER TABLE t1 DROP COLUMN txt",
                "CREATE UNIQUE INDEX uk_b ON t1 (b)",
                "DROP INDEX idx_c3 ON t1",
                "CREATE TABLE t2 (a INT, b INT, UNIQUE KEY (a, b))",
                "RENAME TABLE t2 TO t3",
                "ALTER TABLE t3 ADD PRIMARY KEY (a)");
        try (MariaDbServer db = MariaDbServer.start("tracker")) {
            db.execute("CREATE DATABASE s1");
            SchemaTracker tracker = new DruidSchemaTracker();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("USE s1");
                for (String s : ddl) {
                    st.execute(s);
                    tracker.applyDdl("s1", s);
                }
                for (String t : List.of("t1", "t3")) {
                    SchemaTracker fromServer = new DruidSchemaTracker();
                    fromServer.load("s1", t, showCreate(st, t));
                    TableInfo want = fromServer.table("s1", t);
                    TableInfo got = tracker.table("s1", t);
                    assertNotNull(got, t);
                    assertEquals(want.columns(), got.columns(), t);
                    assertEquals(want.primaryKey(), got.primaryKey(), t);
                    assertEquals(want.uniqueKeys(), got.uniqueKeys(), t);
                }
            }
            TableInfo t1 = tracker.table("s1", "t1");
            assertTrue(t1.columns().get(0).unsigned());
            assertEquals("smallint", t1.columns().get(1).type());
            assertEquals(List.of("id"), t1.primaryKey());
            assertEquals(List.of(List.of("name"), List.of("b")), t1.uniqueKeys());
            assertEquals("binary", t1.columns().get(3).charset());
            assertEquals(4, t1.columns().get(3).length());
            assertNull(tracker.table("s1", "t2"));

            tracker.applyDdl("s1", "DROP TABLE t3");
            assertNull(tracker.table("s1", "t3"));
            tracker.applyDdl("", "DROP DATABASE s1");
            assertNull(tracker.table("s1", "t1"));
        }
    }

    private static String showCreate(Statement st, String table) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + table)) {
            rs.next();
            return rs.getString(2);
        }
    }
}
