package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.proto.ErrorOp;
import io.sluice.proto.ErrorOperation;
import io.sluice.proto.SubTaskStatus;
import io.sluice.worker.subtask.SubtaskContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** handle-error's skip and replace in the sync unit, on a DDL the real target rejects. */
@Tag("integration")
class HandleErrorSyncTest extends SyncUnitFixture {
    HandleErrorSyncTest() {
        super("herr");
    }

    @Test
    void aRejectedDdlPausesAtItsPositionAndSkipOrReplaceGetsPastIt() throws Exception {
        // the target's table lacks the upstream's index, so renaming that index fails there
        src.execute("CREATE DATABASE herr", "CREATE TABLE herr.t (id INT PRIMARY KEY, a INT, KEY idx_a (a))");
        dst.execute("CREATE DATABASE herr", "CREATE TABLE herr.t (id INT PRIMARY KEY, a INT)");
        ErrorOperations ops = new ErrorOperations();
        SubtaskContext ctx = context("herr");
        Running first = start(new SyncUnit(masterPosition()).withErrorOperations(ops), ctx);
        src.execute("INSERT INTO herr.t VALUES (1, 1)");
        src.execute("ALTER TABLE herr.t RENAME INDEX idx_a TO idx_b", "INSERT INTO herr.t VALUES (2, 2)");
        String renamePos = eventPosition("RENAME INDEX idx_a");

        SluiceException e = awaitFailure(first);
        assertEquals(SyncErrors.EXEC_DDL, e.code());
        assertTrue(e.getMessage().contains("RENAME INDEX") && e.getMessage().contains("idx_a"), e.getMessage());
        assertEquals(renamePos, errorLocation(first.unit()), "query-status shows where the sync stopped");
        assertEquals(List.of("1|1"), rows("herr.t"), "nothing after the failing DDL was applied");

        // the same unit restarted without an operation stops at the same event again
        Running again = start(new SyncUnit(null).withErrorOperations(ops), ctx);
        assertEquals(SyncErrors.EXEC_DDL, awaitFailure(again).code());
        assertEquals(renamePos, errorLocation(again.unit()));

        ops.update(List.of(op(ErrorOp.Skip, renamePos)));
        Running skipped = start(new SyncUnit(null).withErrorOperations(ops), ctx);
        awaitRows(skipped, List.of("1|1", "2|2"));
        assertFalse(indexes().contains("idx_b"), "the skipped DDL did not run");

        // a second rejected DDL, replaced by statements the target accepts
        src.execute("ALTER TABLE herr.t RENAME INDEX idx_b TO idx_c", "INSERT INTO herr.t VALUES (3, 3)");
        String renamePos2 = eventPosition("RENAME INDEX idx_b");
        assertEquals(SyncErrors.EXEC_DDL, awaitFailure(skipped).code());
        assertEquals(renamePos2, errorLocation(skipped.unit()));
        ops.update(List.of(op(ErrorOp.Skip, renamePos),
                op(ErrorOp.Replace, renamePos2, "ALTER TABLE herr.t ADD INDEX idx_c (a)", "ALTER TABLE herr.t COMMENT 'replaced'")));
        Running replaced = start(new SyncUnit(null).withErrorOperations(ops), ctx);
        awaitRows(replaced, List.of("1|1", "2|2", "3|3"));
        assertTrue(indexes().contains("idx_c"), "the replacement ran: " + indexes());
        replaced.stopAndJoin();
    }

    @Test
    void aRejectedRowPausesAtItsRowsEventAndSkipOrReplaceGetsPastIt() throws Exception {
        // the target has a unique key the upstream lacks, so a second 5 is rejected there
        src.execute("CREATE DATABASE herr_dml", "CREATE TABLE herr_dml.u (id INT PRIMARY KEY, v INT)");
        dst.execute("CREATE DATABASE herr_dml", "CREATE TABLE herr_dml.u (id INT PRIMARY KEY, v INT, UNIQUE KEY uk_v (v))");
        ErrorOperations ops = new ErrorOperations();
        SubtaskContext ctx = context("herr_dml");
        // one queue: with two, row 2 may reach the target first, and then row 1 is the rejected one
        ctx.instance().syncer.workerCount = 1;
        Running first = start(new SyncUnit(masterPosition()).withErrorOperations(ops), ctx);
        src.execute("INSERT INTO herr_dml.u VALUES (1, 5)", "INSERT INTO herr_dml.u VALUES (2, 5)", "INSERT INTO herr_dml.u VALUES (3, 6)");
        String dupPos = rowsEventPosition("VALUES (2, 5)");
        assertEquals(SyncErrors.EXEC_DML, awaitFailure(first).code());
        assertEquals(dupPos, errorLocation(first.unit()), "the rows event of the rejected row");

        ops.update(List.of(op("herr_dml", ErrorOp.Skip, dupPos)));
        Running skipped = start(new SyncUnit(null).withErrorOperations(ops), ctx);
        awaitRows(skipped, "herr_dml.u", List.of("1|5", "3|6"));

        src.execute("INSERT INTO herr_dml.u VALUES (4, 6)", "INSERT INTO herr_dml.u VALUES (5, 8)");
        String dupPos2 = rowsEventPosition("VALUES (4, 6)");
        assertEquals(SyncErrors.EXEC_DML, awaitFailure(skipped).code());
        assertEquals(dupPos2, errorLocation(skipped.unit()));
        ops.update(List.of(op("herr_dml", ErrorOp.Skip, dupPos), op("herr_dml", ErrorOp.Replace, dupPos2, "INSERT INTO herr_dml.u VALUES (4, 7)")));
        Running replaced = start(new SyncUnit(null).withErrorOperations(ops), ctx);
        awaitRows(replaced, "herr_dml.u", List.of("1|5", "3|6", "4|7", "5|8"));
        replaced.stopAndJoin();
    }

    @Test
    void aRowRejectedInsideABulkRequestIsNamedExactly() throws Exception {
        src.execute("CREATE DATABASE herr_bulk", "CREATE TABLE herr_bulk.u (id INT PRIMARY KEY, v INT)");
        dst.execute("CREATE DATABASE herr_bulk", "CREATE TABLE herr_bulk.u (id INT PRIMARY KEY, v INT, UNIQUE KEY uk_v (v))");
        BinlogPosition before = masterPosition();
        // read as a backlog by one queue: the six inserts are one run of the same statement, sent as one bulk request
        src.execute("INSERT INTO herr_bulk.u VALUES (1, 1)", "INSERT INTO herr_bulk.u VALUES (2, 2)", "INSERT INTO herr_bulk.u VALUES (3, 3)",
                "INSERT INTO herr_bulk.u VALUES (4, 2)", "INSERT INTO herr_bulk.u VALUES (5, 5)", "INSERT INTO herr_bulk.u VALUES (6, 6)");
        String dupPos = rowsEventPosition("VALUES (4, 2)");
        ErrorOperations ops = new ErrorOperations();
        SubtaskContext ctx = context("herr_bulk");
        ctx.instance().syncer.workerCount = 1;
        ctx.instance().syncer.batch = 100;
        Running first = start(new SyncUnit(before).withErrorOperations(ops), ctx);
        assertEquals(SyncErrors.EXEC_DML, awaitFailure(first).code());
        assertEquals(dupPos, errorLocation(first.unit()), "the rows event of the fourth insert, not the first of the request");

        ops.update(List.of(op("herr_bulk", ErrorOp.Skip, dupPos)));
        Running skipped = start(new SyncUnit(null).withErrorOperations(ops), ctx);
        awaitRows(skipped, "herr_bulk.u", List.of("1|1", "2|2", "3|3", "5|5", "6|6"));
        skipped.stopAndJoin();
    }

    // --- helpers -------------------------------------------------------------------------

    /** {@code file:pos} of the rows event written for the statement containing {@code fragment} (MariaDB annotates rows events). */
    private String rowsEventPosition(String fragment) throws SQLException {
        BinlogPosition now = masterPosition();
        boolean annotated = false;
        try (Connection c = src.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW BINLOG EVENTS IN '" + now.file() + "'")) {
            while (rs.next()) {
                String type = rs.getString("Event_type");
                if (type.equals("Annotate_rows")) {
                    annotated = rs.getString("Info").contains(fragment);
                } else if (annotated && type.startsWith("Write_rows")) {
                    return now.file() + ":" + rs.getLong("Pos");
                }
            }
        }
        throw new AssertionError("no rows event for " + fragment);
    }

    private static ErrorOperation op(ErrorOp kind, String position, String... sqls) {
        return op("herr", kind, position, sqls);
    }

    private static ErrorOperation op(String task, ErrorOp kind, String position, String... sqls) {
        return ErrorOperation.newBuilder().setTask(task).setSource("src-1").setOp(kind).setPosition(position)
                .addAllSqls(List.of(sqls)).build();
    }

    private static String errorLocation(SyncUnit unit) {
        SubTaskStatus.Builder b = SubTaskStatus.newBuilder();
        unit.fillStatus(b);
        return b.getSync().getErrorStartLocation();
    }

    private SubtaskContext context(String task) {
        return contextOf("""
                name: %s
                task-mode: incremental
                target-database: %s
                mysql-instances:
                  - source-id: %s
                    syncer: {worker-count: 2, batch: 10, checkpoint-flush-interval: 1, safe-mode-duration: 0s}
                """.formatted(task, targetDatabaseYaml(), SOURCE_ID));
    }

    /** {@code file:pos} of the upstream event whose statement contains {@code fragment}, as SHOW BINLOG EVENTS lists it. */
    private String eventPosition(String fragment) throws SQLException {
        BinlogPosition now = masterPosition();
        try (Connection c = src.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW BINLOG EVENTS IN '" + now.file() + "'")) {
            while (rs.next()) {
                if (rs.getString("Info").contains(fragment)) {
                    return now.file() + ":" + rs.getLong("Pos");
                }
            }
        }
        throw new AssertionError("no event with " + fragment);
    }

    private void awaitRows(Running unit, List<String> want) throws Exception {
        awaitRows(unit, "herr.t", want);
    }

    private void awaitRows(Running unit, String table, List<String> want) throws Exception {
        awaitPairs(unit, table, "*", want);
    }

    private List<String> rows(String table) throws SQLException {
        return pairs(dst, table, "*");
    }

    private List<String> indexes() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW INDEX FROM herr.t")) {
            while (rs.next()) {
                out.add(rs.getString("Key_name"));
            }
        }
        return out;
    }
}
