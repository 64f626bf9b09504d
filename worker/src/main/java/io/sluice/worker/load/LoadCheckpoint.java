package io.sluice.worker.load;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.filter.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The load unit's progress in the target, in DM's table {@code {meta-schema}.{task}_loader_checkpoint}:
 * one row per (source, data file) with the bytes imported ({@code offset}) out of the file's size
 * ({@code end_pos}). A file's row is written in the same transaction as the file's rows, so a
 * file is either wholly loaded and recorded or not at all, and a resumed load skips exactly the
 * recorded ones.
 */
final class LoadCheckpoint {
    private final TableName table;
    private final String sourceId;

    private final TableName snapshotTable;

    LoadCheckpoint(String metaSchema, String taskName, String sourceId) {
        this.table = new TableName(metaSchema, taskName + "_loader_checkpoint");
        this.snapshotTable = new TableName(metaSchema, taskName + "_loader_snapshot");
        this.sourceId = sourceId;
    }

    TableName table() {
        return table;
    }

    void create(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + TableName.quote(table.schema()));
            st.execute("CREATE TABLE IF NOT EXISTS " + table.quoted() + " ("
                    + "`id` VARCHAR(32) NOT NULL,"
                    + "`filename` VARCHAR(255) NOT NULL,"
                    + "`cp_schema` VARCHAR(128) NOT NULL,"
                    + "`cp_table` VARCHAR(128) NOT NULL,"
                    + "`offset` BIGINT NOT NULL,"
                    + "`end_pos` BIGINT NOT NULL,"
                    + "`create_time` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + "`update_time` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                    + "PRIMARY KEY (`id`, `filename`))");
            st.execute("CREATE TABLE IF NOT EXISTS " + snapshotTable.quoted() + " ("
                    + "`id` VARCHAR(32) NOT NULL PRIMARY KEY, `binlog_name` VARCHAR(128) NOT NULL,"
                    + " `binlog_pos` BIGINT UNSIGNED NOT NULL, `binlog_gtid` TEXT NOT NULL)");
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, table);
        }
    }

    /** Bytes imported per file name, for this source; a finished file has offset == end_pos. */
    Map<String, long[]> read(DataSource ds) {
        Map<String, long[]> done = new HashMap<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT `filename`, `offset`, `end_pos` FROM " + table.quoted() + " WHERE `id` = ?")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, table);
        }
        return done;
    }

    /**
     * Binds this source's loaded files to one dump: the first call records the dump's snapshot
     * position; a later call with another position (the dump was taken again, say on another
     * worker after a failover) fails, since files from two snapshots would lose the changes
     * between them.
     */
    void bindSnapshot(DataSource ds, BinlogPosition dump) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO " + snapshotTable.quoted()
                    + " (`id`, `binlog_name`, `binlog_pos`, `binlog_gtid`) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, sourceId);
                ps.setString(2, dump.file());
                ps.setLong(3, dump.pos());
                ps.setString(4, dump.gtidSet());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT `binlog_name`, `binlog_pos`, `binlog_gtid` FROM "
                    + snapshotTable.quoted() + " WHERE `id` = ?")) {
                ps.setString(1, sourceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    BinlogPosition bound = new BinlogPosition(rs.getString(1), rs.getLong(2), rs.getString(3));
                    if (!bound.equals(dump)) {
                        throw DumpLoadErrors.LOAD_OTHER_SNAPSHOT.error(bound + " " + bound.gtidSet(), dump + " " + dump.gtidSet());
                    }
                }
            }
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, snapshotTable);
        }
    }

    /** Records a file as imported up to {@code offset}; call inside the file's transaction. */
    void record(Connection inTx, String fileName, String schema, String tableName, long offset, long endPos)
            throws SQLException {
        try (PreparedStatement ps = inTx.prepareStatement("INSERT INTO " + table.quoted()
                + " (`id`, `filename`, `cp_schema`, `cp_table`, `offset`, `end_pos`) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE `offset` = VALUES(`offset`), `end_pos` = VALUES(`end_pos`)")) {
            ps.setString(1, sourceId);
            ps.setString(2, fileName);
            ps.setString(3, schema);
            ps.setString(4, tableName);
            ps.setLong(5, offset);
            ps.setLong(6, endPos);
            ps.executeUpdate();
        }
    }
}
