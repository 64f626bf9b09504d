package io.sluice.worker;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.worker.dump.DumpMetadata;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.load.LoadUnit;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.SubtaskUnits;
import io.sluice.worker.subtask.Unit;
import io.sluice.worker.sync.SyncUnit;
import java.sql.SQLException;

/** The real data path: dump and load files, then sync the binlog into the target. */
public final class DataPathUnits implements SubtaskUnits {
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
        return new SyncUnit(startIfNoCheckpoint);
    }

    @Override
    public BinlogPosition dumpPosition(SubtaskContext ctx) {
        return DumpMetadata.read(ctx.dumpDir());
    }

    @Override
    public boolean syncCheckpointExists(SubtaskContext ctx) throws SQLException {
        return SyncUnit.checkpointExists(ctx);
    }
}
