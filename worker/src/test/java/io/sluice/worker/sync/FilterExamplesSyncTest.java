package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.subtask.SubtaskContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The examples of DM's user guide (v5.3) for the block-allow list, the binlog event filter and
 * table routing, each run in the sync phase against real servers and its effect read on the
 * target. Every test ends with a marker row on a table the rules let through, so once the marker
 * arrived, everything written before it was either applied or filtered out.
 */
@Tag("integration")
class FilterExamplesSyncTest extends SyncUnitFixture {
    FilterExamplesSyncTest() {
        super("filters");
    }

    /** The guide's worked block-allow-list example with logs, forum and forum_backup_* schemas. */
    @Test
    void blockAllowListWorkedExample() throws Exception {
        Running unit = run(context("ba", """
                block-allow-list:
                  bw-rule:
                    do-dbs: ["forum_backup_2018", "forum"]
                    ignore-dbs: ["~^forum_backup_"]
                    do-tables:
                      - db-name: "logs"
                        tbl-name: "~_2018$"
                      - db-name: "~^forum.*"
                        tbl-name: "messages"
                    ignore-tables:
                      - db-name: "~.*"
                        tbl-name: "^messages.*"
                """, "block-allow-list: bw-rule"));
        List<String> tables = List.of("logs.messages_2016", "logs.messages_2017", "logs.messages_2018", "forum.users", "forum.messages",
                "forum_backup_2016.messages", "forum_backup_2017.messages", "forum_backup_2018.messages");
        src.execute("CREATE DATABASE logs", "CREATE DATABASE forum", "CREATE DATABASE forum_backup_2016",
                "CREATE DATABASE forum_backup_2017", "CREATE DATABASE forum_backup_2018");
        for (String t : tables) {
            src.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO " + t + " VALUES (1, 'a'), (2, 'b')", "UPDATE " + t + " SET v = 'c' WHERE id = 2",
                    "DELETE FROM " + t + " WHERE id = 1");
        }
        src.execute("INSERT INTO forum.messages VALUES (99, 'marker')");
        awaitPairs(unit, "forum.messages", "id, v", List.of("2|c", "99|marker"));
        awaitPairs(unit, "forum_backup_2018.messages", "id, v", List.of("2|c"));
        // filtered: logs (not in do-dbs), forum_backup_2016/2017 (not in do-dbs), forum.users (not in do-tables)
        for (String t : List.of("logs.messages_2016", "logs.messages_2017", "logs.messages_2018", "forum.users",
                "forum_backup_2016.messages", "forum_backup_2017.messages")) {
            assertFalse(tableExists(dst, t), t + " is filtered");
        }
        assertFalse(schemaExists(dst, "logs"));
        assertFalse(schemaExists(dst, "forum_backup_2016"));
        unit.stopAndJoin();
    }

    /** "Filter out all delete operations of the shards": truncate, drop table and delete ignored on test_*.t_*, drop database on test_*. */
    @Test
    void eventFilterIgnoresEveryDeletingOperation() throws Exception {
        Running unit = run(context("evdel", """
                filters:
                  filter-table-rule:
                    schema-pattern: "test_*"
                    table-pattern: "t_*"
                    events: ["truncate table", "drop table", "delete"]
                    action: Ignore
                  filter-schema-rule:
                    schema-pattern: "test_*"
                    events: ["drop database"]
                    action: Ignore
                """, "filter-rules: [filter-table-rule, filter-schema-rule]"));
        src.execute("CREATE DATABASE test_1", "CREATE TABLE test_1.t_1 (id INT PRIMARY KEY, v INT)",
                "CREATE TABLE test_1.t_2 (id INT PRIMARY KEY, v INT)", "CREATE TABLE test_1.other (id INT PRIMARY KEY, v INT)",
                "INSERT INTO test_1.t_1 VALUES (1, 1), (2, 2), (3, 3)", "INSERT INTO test_1.t_2 VALUES (1, 1), (2, 2)",
                "INSERT INTO test_1.other VALUES (1, 1), (2, 2)",
                "DELETE FROM test_1.t_1 WHERE id = 1", "UPDATE test_1.t_1 SET v = 20 WHERE id = 2",
                "TRUNCATE TABLE test_1.t_2", "DELETE FROM test_1.other WHERE id = 1",
                "CREATE DATABASE marker", "CREATE TABLE marker.m (id INT PRIMARY KEY, v INT)", "INSERT INTO marker.m VALUES (1, 1)");
        awaitPairs(unit, "marker.m", "id, v", List.of("1|1"));
        assertEquals(List.of("1|1", "2|20", "3|3"), pairs(dst, "test_1.t_1", "id, v"), "the delete was ignored, the update was not");
        assertEquals(List.of("1|1", "2|2"), pairs(dst, "test_1.t_2", "id, v"), "the truncate was ignored");
        assertEquals(List.of("2|2"), pairs(dst, "test_1.other", "id, v"), "a table outside t_* loses its deleted row");

        src.execute("DROP TABLE test_1.t_1", "DROP DATABASE test_1", "INSERT INTO marker.m VALUES (2, 2)");
        awaitPairs(unit, "marker.m", "id, v", List.of("1|1", "2|2"));
        assertTrue(schemaExists(dst, "test_1"), "drop database was ignored");
        assertEquals(List.of("1|1", "2|20", "3|3"), pairs(dst, "test_1.t_1", "id, v"), "drop table was ignored");
        unit.stopAndJoin();
    }

    /**
     * "Only migrate the DML of the shards": create table and all DML on test_*.t_*, nothing else. The guide adds a
     * schema-only Do rule for {@code create database}; as tidb-tools' selector does since rules became lists, a
     * schema-only rule applies to the schema's tables too, and that rule would then drop their CREATE TABLE
     * (see the note on branch types), so it is left out here.
     */
    @Test
    void eventFilterKeepsOnlyDml() throws Exception {
        Running unit = run(context("evdml", """
                filters:
                  do-table-rule:
                    schema-pattern: "dml_*"
                    table-pattern: "t_*"
                    events: ["create table", "all dml"]
                    action: Do
                """, "filter-rules: [do-table-rule]"));
        src.execute("CREATE DATABASE dml_1", "CREATE TABLE dml_1.t_1 (id INT PRIMARY KEY, v INT)",
                "INSERT INTO dml_1.t_1 VALUES (1, 1), (2, 2), (3, 3)", "UPDATE dml_1.t_1 SET v = 30 WHERE id = 3",
                "DELETE FROM dml_1.t_1 WHERE id = 1", "TRUNCATE TABLE dml_1.t_1", "INSERT INTO dml_1.t_1 VALUES (4, 4)",
                "ALTER TABLE dml_1.t_1 ADD INDEX idx_v (v)", "INSERT INTO dml_1.t_1 VALUES (5, 5)");
        awaitPairs(unit, "dml_1.t_1", "id, v", List.of("2|2", "3|30", "4|4", "5|5"));
        assertFalse(indexExists(dst, "dml_1", "t_1", "idx_v"), "ALTER TABLE is not among the allowed events");
        src.execute("DROP TABLE dml_1.t_1", "CREATE TABLE dml_1.t_9 (id INT PRIMARY KEY)", "INSERT INTO dml_1.t_9 VALUES (9)");
        awaitPairs(unit, "dml_1.t_9", "id, id", List.of("9|9"));
        assertTrue(tableExists(dst, "dml_1.t_1"), "DROP TABLE is not among the allowed events");
        unit.stopAndJoin();
    }

    /** "Filter statements the target's parser does not support": a global rule by SQL pattern drops ADD/DROP PARTITION. */
    @Test
    void eventFilterDropsPartitionDdlBySqlPattern() throws Exception {
        Running unit = run(context("evpart", """
                filters:
                  filter-partition-rule:
                    schema-pattern: "*"
                    sql-pattern: ["ALTER\\\\s+TABLE[\\\\s\\\\S]*ADD\\\\s+PARTITION", "ALTER\\\\s+TABLE[\\\\s\\\\S]*DROP\\\\s+PARTITION"]
                    action: Ignore
                """, "filter-rules: [filter-partition-rule]"));
        src.execute("CREATE DATABASE part", "CREATE TABLE part.p (id INT PRIMARY KEY, v INT) PARTITION BY RANGE (id)"
                        + " (PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN (200))",
                "INSERT INTO part.p VALUES (1, 1), (150, 150)",
                "ALTER TABLE part.p ADD PARTITION (PARTITION p2 VALUES LESS THAN (300))",
                "ALTER TABLE part.p DROP PARTITION p0",
                "ALTER TABLE part.p ADD COLUMN w INT DEFAULT 7",
                "INSERT INTO part.p VALUES (160, 160, 8)");
        awaitPairs(unit, "part.p", "id, w", List.of("1|7", "150|7", "160|8"));
        assertEquals(List.of("p0", "p1"), partitions(dst, "part", "p"), "neither partition change reached the target");
        assertEquals(List.of("p1", "p2"), partitions(src, "part", "p"));
        unit.stopAndJoin();
    }

    /** The guide's shard-merge routing: rule-1 merges test_*.t_* into test.t, rule-2 routes the schemas' own DDL to test. */
    @Test
    void routingMergesShardsIntoOneTable() throws Exception {
        src.execute("CREATE DATABASE rt_1", "CREATE DATABASE rt_2", "CREATE TABLE rt_1.t_1 (id INT PRIMARY KEY, v VARCHAR(10))",
                "CREATE TABLE rt_2.t_2 (id INT PRIMARY KEY, v VARCHAR(10))", "CREATE TABLE rt_2.keep (id INT PRIMARY KEY)");
        dst.execute("CREATE DATABASE rt", "CREATE TABLE rt.t (id INT PRIMARY KEY, v VARCHAR(10))", "CREATE TABLE rt.keep (id INT PRIMARY KEY)");
        Running unit = run(context("route", """
                routes:
                  rule-1:
                    schema-pattern: "rt_*"
                    table-pattern: "t_*"
                    target-schema: "rt"
                    target-table: "t"
                  rule-2:
                    schema-pattern: "rt_*"
                    target-schema: "rt"
                """, "route-rules: [rule-1, rule-2]"));
        src.execute("INSERT INTO rt_1.t_1 VALUES (1, 'one'), (2, 'two')", "INSERT INTO rt_2.t_2 VALUES (11, 'eleven'), (12, 'twelve')",
                "UPDATE rt_1.t_1 SET v = 'TWO' WHERE id = 2", "DELETE FROM rt_2.t_2 WHERE id = 11",
                "INSERT INTO rt_2.keep VALUES (5)");
        awaitPairs(unit, "rt.t", "id, v", List.of("1|one", "2|TWO", "12|twelve"));
        awaitPairs(unit, "rt.keep", "id, id", List.of("5|5"));
        assertFalse(schemaExists(dst, "rt_1"));
        assertFalse(schemaExists(dst, "rt_2"));
        // rule-2 routes the schema DDL itself: a new shard schema lands on the existing target schema
        src.execute("CREATE DATABASE rt_3", "CREATE TABLE rt_3.other (id INT PRIMARY KEY)", "INSERT INTO rt_3.other VALUES (3)");
        awaitPairs(unit, "rt.other", "id, id", List.of("3|3"));
        assertFalse(schemaExists(dst, "rt_3"));
        unit.stopAndJoin();
    }

    private final List<Running> running = new java.util.ArrayList<>();

    /** A unit from the current binlog position, stopped after the test even when the test fails. */
    private Running run(SubtaskContext ctx) throws SQLException {
        Running r = start(new SyncUnit(masterPosition()), ctx);
        running.add(r);
        return r;
    }

    @AfterEach
    void stopUnits() throws InterruptedException {
        for (Running r : running) {
            r.unit().stop();
            r.thread().join(30_000);
        }
        running.clear();
    }

    private SubtaskContext context(String task, String rules, String instanceRefs) {
        return contextOf("""
                name: %s
                task-mode: incremental
                target-database: %s
                mysql-instances:
                  - source-id: %s
                    %s
                    syncer: {worker-count: 2, batch: 10, checkpoint-flush-interval: 1}
                %s""".formatted(task, targetDatabaseYaml(), SOURCE_ID, instanceRefs, rules));
    }

    private static boolean schemaExists(MariaDbServer s, String schema) throws SQLException {
        return count(s, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + schema + "'") > 0;
    }

    private static boolean tableExists(MariaDbServer s, String table) throws SQLException {
        String[] p = table.split("\\.");
        return count(s, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + p[0] + "' AND TABLE_NAME = '" + p[1] + "'") > 0;
    }

    private static boolean indexExists(MariaDbServer s, String schema, String table, String index) throws SQLException {
        return count(s, "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '" + schema + "' AND TABLE_NAME = '"
                + table + "' AND INDEX_NAME = '" + index + "'") > 0;
    }

    private static List<String> partitions(MariaDbServer s, String schema, String table) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT PARTITION_NAME FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = '" + schema + "' AND TABLE_NAME = '"
                        + table + "' ORDER BY PARTITION_ORDINAL_POSITION")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(MariaDbServer s, String query) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
