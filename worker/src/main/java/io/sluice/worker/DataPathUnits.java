package io.sluice.worker;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.db.DbConnector;
import io.sluice.worker.dump.DumpMetadata;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.load.LoadCheckpoint;
import io.sluice.worker.load.LoadUnit;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.SubtaskUnits;
import io.sluice.worker.subtask.Unit;
import io.sluice.worker.sync.SyncUnit;
import io.sluice.worker.sync.shard.MasterShardLink;
import java.sql.Connection;
import java.sql.SQLException;

/** The real data path: dump and load files, then sync the binlog into the target. */
public final class DataPathUnits implements SubtaskUnits {
    private final MasterShardLink shardLink;

    public DataPathUnits() {
        this(null);
    }

    /** @param shardLink the master leader for shard-mode optimistic; null where no masters are (unit tests) */
    public DataPathUnits(MasterShardLink shardLink) {
        this.shardLink = shardLink;
    }

    @Override
    public Unit dump() {
        return new DumpUnit();
    }

    @Override
    public Unit load() {
        return new LoadUnit();
    }

    @Override
    public Unit sync(BinlogPosition startIfNoCheckpoint) {
        return new SyncUnit(startIfNoCheckpoint).withMasterShardLink(shardLink);
    }

    /**
     * Where sync starts after the full phase: the earliest position of a loaded chunk, read from
     * the target's load checkpoint (any worker can); the dump's own position when nothing was
     * loaded (no tables), and null when even that is gone.
     */
    @Override
    public BinlogPosition dumpPosition(SubtaskContext ctx) throws SQLException {
        LoadCheckpoint.Handoff handoff;
        try (Connection c = DbConnector.open(ctx.task().targetDatabase)) {
            handoff = new LoadCheckpoint(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId()).handoff(c);
        }
        if (!handoff.isEmpty()) {
            return handoff.earliest();
        }
        return DumpMetadata.isFinished(ctx.dumpDir()) ? DumpMetadata.read(ctx.dumpDir()) : null;
    }

    @Override
    public boolean syncCheckpointExists(SubtaskContext ctx) throws SQLException {
        return SyncUnit.checkpointExists(ctx);
    }
}
