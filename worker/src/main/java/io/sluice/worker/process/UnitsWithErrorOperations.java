package io.sluice.worker.process;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.SubtaskUnits;
import io.sluice.worker.subtask.Unit;
import io.sluice.worker.sync.BinlogEventStream;
import io.sluice.worker.sync.ErrorOperations;
import io.sluice.worker.sync.SchemaEdits;
import io.sluice.worker.sync.SyncUnit;

/**
 * A subtask's units whose sync unit reads the subtask's handle-error operations, kept current by
 * {@link BoundSource}, and takes the operate-schema edits waiting for it.
 */
final class UnitsWithErrorOperations implements SubtaskUnits {
    private final SubtaskUnits units;
    private final ErrorOperations operations;
    private final SchemaEdits schemaEdits;

    private final BinlogEventStream.Opener streams;

    /** @param streams where the sync unit reads events: the relay of the bound source, or the upstream */
    UnitsWithErrorOperations(SubtaskUnits units, ErrorOperations operations, SchemaEdits schemaEdits,
            BinlogEventStream.Opener streams) {
        this.units = units;
        this.operations = operations;
        this.schemaEdits = schemaEdits;
        this.streams = streams;
    }

    @Override
    public Unit dump() {
        return units.dump();
    }

    @Override
    public Unit load() {
        return units.load();
    }

    @Override
    public Unit sync(BinlogPosition startIfNoCheckpoint) {
        Unit u = units.sync(startIfNoCheckpoint);
        return u instanceof SyncUnit sync ? sync.withErrorOperations(operations).withSchemaEdits(schemaEdits).readingFrom(streams) : u;
    }

    @Override
    public BinlogPosition dumpPosition(SubtaskContext ctx) throws Exception {
        return units.dumpPosition(ctx);
    }

    @Override
    public boolean syncCheckpointExists(SubtaskContext ctx) throws Exception {
        return units.syncCheckpointExists(ctx);
    }
}
