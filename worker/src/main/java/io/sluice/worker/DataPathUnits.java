package io.sluice.worker;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.db.DbConnector;
import io.sluice.worker.dump.DumpMetadata;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.load.LoadUnit;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.SubtaskUnits;
import io.sluice.worker.subtask.Unit;
import io.sluice.worker.sync.SyncUnit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The real data path: dump and load files, then sync the binlog into the target. */
public final class DataPathUnits implements SubtaskUnits {
    public DataPathUnits(SubtaskContext ctx) {
        // units take the context when they run; nothing to prepare per subtask
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
        return new SyncUnit(startIfNoCheckpoint);
    }

    @Override
    public BinlogPosition dumpPosition(SubtaskContext ctx) {
        return DumpMetadata.read(ctx.dumpDir());
    }

    @Override
    public boolean syncCheckpointExists(SubtaskContext ctx) throws SQLException {
        String table = "`" + ctx.task().metaSchema.replace("`", "``") + "`.`" + (ctx.taskName() + "_syncer_checkpoint").replace("`", "``") + "`";
        try (Connection c = DbConnector.open(ctx.task().targetDatabase);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE id = ? AND is_global = 1")) {
            ps.setString(1, ctx.sourceId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
                return false;
            }
            throw e;
        }
    }
}
