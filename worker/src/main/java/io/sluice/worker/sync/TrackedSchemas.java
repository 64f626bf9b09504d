package io.sluice.worker.sync;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.TableName;
import io.sluice.common.schema.CreateTableText;
import io.sluice.proto.UnitType;
import io.sluice.worker.schema.DruidSchemaTracker;
import io.sluice.worker.schema.TableInfo;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.WorkerErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * operate-schema on a paused subtask. A paused subtask has no sync unit in memory: its next run
 * starts the schema tracker from the checkpoint's per-table rows and then the {@link SchemaEdits}
 * not flushed, so those two are the tracked schema that {@code get} reads and {@code set} and
 * {@code remove} change. A removed table is read again at its next row or DDL, as a table the
 * tracker has never seen. Everything is checked before anything is written.
 */
public final class TrackedSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(TrackedSchemas.class);

    private final SubtaskContext ctx;
    private final SchemaEdits edits;
    private final SyncCheckpoint checkpoint;

    public TrackedSchemas(SubtaskContext ctx, SchemaEdits edits) {
        this.ctx = ctx;
        this.edits = edits;
        this.checkpoint = new SyncCheckpoint(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId());
    }

    /** The CREATE TABLE the next sync run will read the table's rows with. */
    public String get(TableName table) throws SQLException {
        Optional<String> pending = edits.pending(table);
        if (pending != null) {
            return pending.orElseThrow(() -> SyncErrors.TRACKER_GET_TABLE.error(table));
        }
        try (Connection c = target()) {
            requireCheckpoint(c);
            String saved = checkpoint.loadTables(c).get(table);
            if (saved == null) {
                throw SyncErrors.TRACKER_GET_TABLE.error(table);
            }
            return saved;
        }
    }

    /**
     * Replaces the table's tracked schema with {@code createSql} (its names are replaced by the
     * table's, as DM does); with {@code flush} it goes into the checkpoint at once, otherwise it
     * waits on this worker for the next sync run. Returns the statement as the tracker holds it.
     */
    public String set(TableName table, String createSql, boolean flush) throws SQLException {
        TableInfo info = parse(table, createSql);
        try (Connection c = target()) {
            BinlogPosition global = requireCheckpoint(c);
            if (flush) {
                c.setAutoCommit(false);
                try {
                    new Fence(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId(), ctx.epoch()).check(c);
                    checkpoint.saveTable(c, global, info);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
                edits.clear(table);
            } else {
                edits.set(table, info.createSql());
            }
        }
        LOG.info("event=operate_schema_set {} table={} flush={} columns={}", ctx.logTags(), table, flush, info.columns().size());
        return info.createSql();
    }

    /** Forgets the table's tracked schema, in the checkpoint and on this worker. */
    public void remove(TableName table) throws SQLException {
        Optional<String> pending = edits.pending(table);
        try (Connection c = target()) {
            requireCheckpoint(c);
            c.setAutoCommit(false);
            boolean saved;
            try {
                new Fence(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId(), ctx.epoch()).check(c);
                saved = checkpoint.removeTable(c, table);
                if (!saved && (pending == null || pending.isEmpty())) {
                    throw SyncErrors.TRACKER_GET_TABLE.error(table);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            if (saved) {
                edits.remove(table); // a tracker started from an older checkpoint copy must forget it too
            } else {
                edits.clear(table);
            }
        }
        LOG.info("event=operate_schema_remove {} table={}", ctx.logTags(), table);
    }

    /**
     * Checks that the text is one CREATE TABLE with columns the tracker can read, and gives it
     * the table's own names; the 44009 error otherwise.
     */
    static TableInfo parse(TableName table, String createSql) {
        CreateTableText.parse(createSql);
        DruidSchemaTracker tracker = new DruidSchemaTracker();
        try {
            tracker.load(table.schema(), table.table(), createSql);
            return tracker.table(table.schema(), table.table());
        } catch (RuntimeException e) {
            throw SyncErrors.TRACKER_INVALID_CREATE.wrap(e, createSql.strip().replaceAll("\\s+", " "));
        }
    }

    private BinlogPosition requireCheckpoint(Connection c) throws SQLException {
        BinlogPosition global;
        try {
            global = checkpoint.loadGlobal(c);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1146 && e.getErrorCode() != 1049) {
                throw e;
            }
            global = null;
        }
        if (global == null) {
            // no sync run has saved a checkpoint yet: the subtask is still in its full phase
            throw WorkerErrors.SYNC_UNIT_ONLY.error(ctx.task().isIncremental() ? UnitType.Sync : UnitType.Load);
        }
        return global;
    }

    private Connection target() throws SQLException {
        return DbConnector.open(ctx.task().targetDatabase);
    }
}
