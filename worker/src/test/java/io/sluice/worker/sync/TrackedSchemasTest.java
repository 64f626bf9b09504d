package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.TableName;
import io.sluice.worker.subtask.SubtaskContext;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * operate-schema's worker side on a stopped sync unit's real checkpoint: set without --flush
 * waits on the worker and reaches only the next run's tracker (the checkpoint keeps the old
 * schema), set with it rewrites the checkpoint, and a malformed statement changes neither.
 */
@Tag("integration")
class TrackedSchemasTest extends SyncUnitFixture {
    private static final TableName T = new TableName("ts", "t");

    TrackedSchemasTest() {
        super("tschema");
    }

    private SubtaskContext context() {
        return contextOf("name: tschema\ntask-mode: incremental\ntarget-database: " + targetDatabaseYaml() + "\n"
                + "mysql-instances:\n  - source-id: " + SOURCE_ID + "\n"
                + "    syncer: {worker-count: 2, batch: 10, checkpoint-flush-interval: 1}\n");
    }

    @Test
    void anUnflushedSetReachesOnlyTheNextRun() throws Exception {
        for (var s : List.of(src, dst)) {
            s.execute("CREATE DATABASE ts", "CREATE TABLE ts.t (id INT PRIMARY KEY, a INT)");
        }
        Running first = start(new SyncUnit(masterPosition()), context());
        src.execute("INSERT INTO ts.t VALUES (1, 1)");
        awaitPairs(first, "ts.t", "id, a", List.of("1|1"));
        first.stopAndJoin();

        SchemaEdits edits = new SchemaEdits();
        TrackedSchemas schemas = new TrackedSchemas(context(), edits);
        assertTrue(schemas.get(T).contains("`a`"), schemas.get(T));
        SluiceException bad = assertThrows(SluiceException.class, () -> schemas.set(T, "CREATE TABLE t (id INT,", true));
        assertEquals(SyncErrors.TRACKER_INVALID_CREATE, bad.code());
        assertEquals(SyncErrors.TRACKER_GET_TABLE,
                assertThrows(SluiceException.class, () -> schemas.get(new TableName("ts", "nosuch"))).code());

        // the column is renamed where the binlog does not see it
        src.execute("SET sql_log_bin = 0", "ALTER TABLE ts.t CHANGE a b INT", "SET sql_log_bin = 1");
        dst.execute("ALTER TABLE ts.t CHANGE a b INT");
        src.execute("INSERT INTO ts.t VALUES (2, 2)");
        schemas.set(T, "CREATE TABLE x (id INT PRIMARY KEY, b INT)", false);
        assertTrue(schemas.get(T).contains("b INT"), "get sees the waiting edit: " + schemas.get(T));
        assertTrue(new TrackedSchemas(context(), new SchemaEdits()).get(T).contains("`a`"), "the checkpoint is unchanged");

        Running second = start(new SyncUnit(null).withSchemaEdits(edits), context());
        awaitPairs(second, "ts.t", "id, b", List.of("1|1", "2|2"));
        second.stopAndJoin();

        // flushed: the checkpoint itself now holds the repaired schema
        schemas.set(T, "CREATE TABLE t (id INT PRIMARY KEY, b INT)", true);
        assertTrue(new TrackedSchemas(context(), new SchemaEdits()).get(T).contains("b INT"));
        src.execute("INSERT INTO ts.t VALUES (3, 3)");
        Running third = start(new SyncUnit(null), context());
        awaitPairs(third, "ts.t", "id, b", List.of("1|1", "2|2", "3|3"));
        third.stopAndJoin();
    }
}
