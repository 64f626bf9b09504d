package io.sluice.master.datacheck;

import io.sluice.common.binlog.BinlogStatusStatement;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.filter.TableName;
import io.sluice.proto.CheckDataPosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where a source and the task's sync stood when the check began. When the checkpoint is behind
 * the source's position, differences may be rows still in flight rather than lost ones.
 */
final class CheckPositions {
    private CheckPositions() {
    }

    static CheckDataPosition of(String sourceId, Connection source, Connection target, TaskConfig task) throws SQLException {
        CheckDataPosition.Builder p = CheckDataPosition.newBuilder().setSource(sourceId);
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery(BinlogStatusStatement.of(source))) {
            if (rs.next()) {
                p.setBinlogPos(rs.getString(1) + ":" + rs.getLong(2));
            }
        } catch (SQLException e) {
            // a source without binlog (or the privilege to read its status) still has data to compare
            p.setBinlogPos("");
        }
        p.setBinlogGtid(firstOf(source, "SELECT @@GLOBAL.gtid_binlog_pos", "SELECT @@GLOBAL.gtid_executed"));
        String meta = task.metaSchema == null || task.metaSchema.isEmpty() ? "dm_meta" : task.metaSchema;
        String table = TableName.quote(meta) + "." + TableName.quote(task.name + "_syncer_checkpoint");
        try (PreparedStatement ps = target.prepareStatement(
                "SELECT binlog_name, binlog_pos, binlog_gtid FROM " + table + " WHERE id = ? AND is_global = 1")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null && !rs.getString(1).isEmpty()) {
                    p.setCheckpoint(rs.getString(1) + ":" + rs.getLong(2));
                    p.setCheckpointGtid(rs.getString(3) == null ? "" : rs.getString(3));
                }
            }
        } catch (SQLException e) {
            // no checkpoint table: the task has not reached its sync unit (or runs in full mode)
            p.setCheckpoint("");
        }
        return p.build();
    }

    /** The first query's single value that the server answers (MariaDB and MySQL name their GTID variables apart). */
    private static String firstOf(Connection c, String... queries) {
        for (String q : queries) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
                if (rs.next()) {
                    return rs.getString(1) == null ? "" : rs.getString(1);
                }
            } catch (SQLException e) {
                // not this flavor's variable; try the next
            }
        }
        return "";
    }
}
