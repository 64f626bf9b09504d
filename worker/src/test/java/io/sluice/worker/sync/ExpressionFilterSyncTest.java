package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.worker.subtask.SubtaskContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Expression filters in the sync unit, between two real MariaDB servers. */
@Tag("integration")
class ExpressionFilterSyncTest extends SyncUnitFixture {
    ExpressionFilterSyncTest() {
        super("expr");
    }

    @Test
    void filteredRowsAreAbsentAndTheRestArrive() throws Exception {
        SubtaskContext ctx = context("exprf", """
                expression-filter:
                  even_c:
                    schema: expr_filter
                    table: tbl
                    insert-value-expr: "c % 2 = 0"
                  old_ts:
                    schema: expr_filter
                    table: events
                    insert-value-expr: "ts < NOW() - INTERVAL 1 DAY OR kind IN ('debug', 'trace')"
                  one_to_two:
                    schema: expr_filter
                    table: upd
                    update-old-value-expr: "c = 1"
                    update-new-value-expr: "c = 2"
                  by_label:
                    schema: expr_filter
                    table: labels
                    insert-value-expr: "status = 'archived' OR flags LIKE '%b%'"
                  keep_archived:
                    schema: expr_filter
                    table: del
                    delete-value-expr: "archived = 1 AND note LIKE 'keep%'"
                """, "[even_c, old_ts, one_to_two, by_label, keep_archived]");
        Running unit = start(new SyncUnit(masterPosition()), ctx);
        src.execute("CREATE DATABASE expr_filter",
                "CREATE TABLE expr_filter.tbl (id INT PRIMARY KEY, c INT)",
                "CREATE TABLE expr_filter.events (id INT PRIMARY KEY, ts TIMESTAMP NULL, kind VARCHAR(10))",
                "CREATE TABLE expr_filter.upd (id INT PRIMARY KEY, c INT)",
                "CREATE TABLE expr_filter.del (id INT PRIMARY KEY, archived TINYINT, note VARCHAR(20))",
                "CREATE TABLE expr_filter.labels (id INT PRIMARY KEY, status ENUM('new', 'archived', 'deleted'), flags SET('a', 'b', 'c'))",
                // DM's example: only odd c arrives; a NULL c makes the expression NULL, so the row is kept
                "INSERT INTO expr_filter.tbl (id, c) VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, NULL)",
                "INSERT INTO expr_filter.events VALUES (1, UTC_TIMESTAMP() - INTERVAL 3 DAY, 'info'), (2, UTC_TIMESTAMP(), 'info'),"
                        + " (3, UTC_TIMESTAMP(), 'debug'), (4, NULL, 'info')",
                "INSERT INTO expr_filter.upd VALUES (1, 1), (2, 1), (3, 5)",
                "UPDATE expr_filter.upd SET c = 2 WHERE id = 1", // old 1 and new 2: dropped
                "UPDATE expr_filter.upd SET c = 3 WHERE id = 2", // old matches, new does not: applied
                "UPDATE expr_filter.upd SET c = 2 WHERE id = 3", // new matches, old does not: applied
                "INSERT INTO expr_filter.del VALUES (1, 1, 'keep me'), (2, 1, 'drop me'), (3, 0, 'keep too')",
                "DELETE FROM expr_filter.del",
                // ENUM and SET arrive as numbers; the rule compares their labels
                "INSERT INTO expr_filter.labels VALUES (1, 'new', ''), (2, 'archived', 'a'), (3, 'deleted', 'a,b'), (4, 'new', 'c')");
        awaitPairs(unit, "expr_filter.tbl", "id, c", List.of("1|1", "3|3", "5|null"));
        awaitPairs(unit, "expr_filter.events", "id, kind", List.of("2|info", "4|info"));
        awaitPairs(unit, "expr_filter.upd", "id, c", List.of("1|1", "2|3", "3|2"));
        awaitPairs(unit, "expr_filter.del", "id, archived", List.of("1|1"));
        awaitPairs(unit, "expr_filter.labels", "id, status", List.of("1|new", "4|new"));
        // 2 + 2 + 2 inserts, 1 update and 1 delete were left out
        assertEquals(8, unit.unit().filteredRows());

        // a filtered row as the very last change still moves the checkpoint past it
        src.execute("INSERT INTO expr_filter.tbl VALUES (6, 6)");
        BinlogPosition end = masterPosition();
        awaitCheckpoint(unit, end);
        assertEquals(9, unit.unit().filteredRows());
        unit.stopAndJoin();
        assertEquals(List.of("1|1", "3|3", "5|null"), pairs(dst, "expr_filter.tbl", "id, c"));
    }

    @Test
    void aRuleNamingAColumnTheTableLacksStopsTheUnitWithItsCode() throws Exception {
        src.execute("CREATE DATABASE expr_bad", "CREATE TABLE expr_bad.t (id INT PRIMARY KEY, c INT)");
        dst.execute("CREATE DATABASE expr_bad", "CREATE TABLE expr_bad.t (id INT PRIMARY KEY, c INT)");
        SubtaskContext ctx = context("exprbad", """
                expression-filter:
                  typo:
                    schema: expr_bad
                    table: t
                    insert-value-expr: "cc > 1"
                """, "[typo]");
        Running unit = start(new SyncUnit(masterPosition()), ctx);
        src.execute("INSERT INTO expr_bad.t VALUES (1, 5)");
        unit.thread().join(30_000);
        assertFalse(unit.thread().isAlive());
        SluiceException e = (SluiceException) unit.error().get();
        assertEquals(ConfigErrors.EXPR_FILTER_UNKNOWN_COLUMN, e.code());
        assertTrue(e.getMessage().contains("unknown column `cc`"), e.getMessage());
        assertEquals(List.of(), pairs(dst, "expr_bad.t", "id, c"), "nothing of the failing event was applied");
    }

    /**
     * Catch-up over a backlog of 50,000 inserts with a rule that drops half of them, the same
     * backlog and settings as SyncUnitTest's catch-up measurement, so the two rates compare.
     */
    @Test
    void measuresCatchUpWithAFilter() throws Exception {
        src.execute("CREATE DATABASE expr_rate", "CREATE TABLE expr_rate.t (id INT PRIMARY KEY, v VARCHAR(32), n BIGINT)");
        dst.execute("CREATE DATABASE expr_rate", "CREATE TABLE expr_rate.t (id INT PRIMARY KEY, v VARCHAR(32), n BIGINT)");
        BinlogPosition start = masterPosition();
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 50_000; i++) {
                st.addBatch("INSERT INTO expr_rate.t VALUES (" + i + ", 'value " + i + "', " + (i * 7L) + ")");
                if (i % 500 == 499) {
                    st.executeBatch();
                    c.commit();
                }
            }
        }
        SubtaskContext ctx = context("exprrate", """
                expression-filter:
                  even:
                    schema: expr_rate
                    table: t
                    insert-value-expr: "id % 2 = 0 AND v LIKE 'value%'"
                """, "[even]");
        ctx.instance().syncer.workerCount = 16;
        ctx.instance().syncer.batch = 100;
        long t0 = System.nanoTime();
        Running r = start(new SyncUnit(start), ctx);
        while (r.unit().filteredRows() < 25_000 || count("expr_rate.t") < 25_000) {
            assertTrue(r.thread().isAlive(), () -> "unit running: " + r.error().get());
            Thread.sleep(50);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("catch-up with an expression filter: 50000 rows (25000 dropped) in %.2f s = %.0f rows/s (16 queues, batch 100)%n",
                secs, 50_000 / secs);
        r.stopAndJoin();
        assertEquals(25_000, count("expr_rate.t"));
        assertEquals(0, countWhere("expr_rate.t", "id % 2 = 0"), "no even id arrived");
    }

    private long count(String table) throws SQLException {
        return countWhere(table, "TRUE");
    }

    private long countWhere(String table, String where) throws SQLException {
        try (Connection c = dst.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // --- helpers -------------------------------------------------------------------------

    /** A context from a task file with the expression filter {@code rules}, the instance using {@code names}. */
    private SubtaskContext context(String task, String rules, String names) {
        return contextOf("""
                name: %s
                task-mode: incremental
                target-database: %s
                mysql-instances:
                  - source-id: %s
                    expression-filters: %s
                    syncer: {worker-count: 4, batch: 20, checkpoint-flush-interval: 1}
                %s""".formatted(task, targetDatabaseYaml(), SOURCE_ID, names, rules));
    }

    private void awaitCheckpoint(Running unit, BinlogPosition end) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String got = null;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(unit.thread().isAlive(), () -> "unit ended: " + unit.error().get());
            try (Connection c = dst.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT binlog_name, binlog_pos FROM dm_meta.`exprf_syncer_checkpoint` WHERE is_global = 1")) {
                if (rs.next()) {
                    got = rs.getString(1) + ":" + rs.getLong(2);
                    if (rs.getString(1).equals(end.file()) && rs.getLong(2) >= end.pos()) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        fail("checkpoint " + got + " never reached " + end);
    }

}
