package io.sluice.worker.load;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.filter.TableName;
import io.sluice.worker.dump.DumpManifest;
import io.sluice.worker.dump.KeyRange;
import io.sluice.worker.sync.Fence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The full phase's progress in the target, readable by whichever worker runs the subtask next.
 *
 * <p>{@code {meta}.{task}_loader_checkpoint} keeps DM's columns (one row per source and chunk,
 * {@code filename} naming the chunk's first data file, {@code offset = end_pos} once loaded)
 * and adds per chunk its key range ({@code chunk_lo/hi}, null when open), the binlog position its
 * rows are consistent with ({@code binlog_*}), where a replay of it may leave safe mode
 * ({@code exit_safe_binlog_*}), the dump and the worker that loaded it. A chunk's row is written
 * in the transaction that loads the chunk's rows, so it is loaded and recorded, or neither.
 *
 * <p>{@code {meta}.{task}_loader_schema} holds each upstream table's CREATE TABLE as the dump
 * read it, written with the table's first chunk: the sync unit's schema tracker starts from it
 * on any worker.
 */
public final class LoadCheckpoint {
    private final TableName table;
    private final TableName schemaTable;
    private final String sourceId;

    public LoadCheckpoint(String metaSchema, String taskName, String sourceId) {
        this.table = new TableName(metaSchema, taskName + "_loader_checkpoint");
        this.schemaTable = new TableName(metaSchema, taskName + "_loader_schema");
        this.sourceId = sourceId;
    }

    /** A chunk recorded as loaded. */
    public record LoadedChunk(String id, TableName table, KeyRange range, BinlogPosition start, BinlogPosition safeUntil,
            String dumpId, String worker) {
    }

    /**
     * What the sync unit needs from the full phase: start at {@code earliest}, safe mode until
     * {@code latest}; rows of a table before its own start are in the loaded data already.
     */
    public record Handoff(BinlogPosition earliest, BinlogPosition latest, Map<TableName, BinlogPosition> tableStarts,
            Map<TableName, String> createTables) {
        public static final Handoff NONE = new Handoff(null, null, Map.of(), Map.of());

        public boolean isEmpty() {
            return earliest == null;
        }
    }

    TableName table() {
        return table;
    }

    public void create(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + TableName.quote(table.schema()));
            st.execute("CREATE TABLE IF NOT EXISTS " + table.quoted() + " ("
                    + "`id` VARCHAR(32) NOT NULL,"
                    + "`filename` VARCHAR(255) NOT NULL,"
                    + "`cp_schema` VARCHAR(128) NOT NULL,"
                    + "`cp_table` VARCHAR(128) NOT NULL,"
                    + "`offset` BIGINT NOT NULL,"
                    + "`end_pos` BIGINT NOT NULL,"
                    + "`chunk_lo` TEXT NULL,"
                    + "`chunk_hi` TEXT NULL,"
                    + "`binlog_name` VARCHAR(128) NOT NULL DEFAULT '',"
                    + "`binlog_pos` BIGINT UNSIGNED NOT NULL DEFAULT 0,"
                    + "`binlog_gtid` TEXT NULL,"
                    + "`exit_safe_binlog_name` VARCHAR(128) NOT NULL DEFAULT '',"
                    + "`exit_safe_binlog_pos` BIGINT UNSIGNED NOT NULL DEFAULT 0,"
                    + "`exit_safe_binlog_gtid` TEXT NULL,"
                    + "`dump_id` VARCHAR(64) NOT NULL DEFAULT '',"
                    + "`worker` VARCHAR(128) NOT NULL DEFAULT '',"
                    + "`create_time` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + "`update_time` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                    + "PRIMARY KEY (`id`, `filename`))");
            st.execute("CREATE TABLE IF NOT EXISTS " + schemaTable.quoted() + " ("
                    + "`id` VARCHAR(32) NOT NULL, `cp_schema` VARCHAR(128) NOT NULL, `cp_table` VARCHAR(128) NOT NULL,"
                    + " `create_table` MEDIUMTEXT NOT NULL, `binlog_name` VARCHAR(128) NOT NULL,"
                    + " `binlog_pos` BIGINT UNSIGNED NOT NULL, `binlog_gtid` TEXT NULL,"
                    + " `create_time` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " PRIMARY KEY (`id`, `cp_schema`, `cp_table`))");
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, table);
        }
    }

    /** This source's loaded chunks; none when the checkpoint table does not exist yet. */
    public List<LoadedChunk> readChunks(Connection c) {
        List<LoadedChunk> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT `filename`, `cp_schema`, `cp_table`, `chunk_lo`, `chunk_hi`,"
                + " `binlog_name`, `binlog_pos`, `binlog_gtid`, `exit_safe_binlog_name`, `exit_safe_binlog_pos`,"
                + " `exit_safe_binlog_gtid`, `dump_id`, `worker` FROM " + table.quoted()
                + " WHERE `id` = ? AND `offset` >= `end_pos`")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LoadedChunk(rs.getString(1), new TableName(rs.getString(2), rs.getString(3)),
                            new KeyRange(KeyRange.decode(rs.getString(4)), KeyRange.decode(rs.getString(5))),
                            new BinlogPosition(rs.getString(6), rs.getLong(7), rs.getString(8)),
                            new BinlogPosition(rs.getString(9), rs.getLong(10), rs.getString(11)),
                            rs.getString(12), rs.getString(13)));
                }
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
                return List.of(); // no such table or schema: nothing loaded yet
            }
            throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, table);
        }
        return out;
    }

    /**
     * What a chunk's transaction writes after its rows: the fence check, the chunk's row, and the
     * table's CREATE TABLE when the dump recorded one. The load unit and the load overlapped with
     * the dump both commit a chunk this way, so a chunk is never recorded without its rows.
     */
    DataFileLoader.InTransaction completion(Fence fence, DumpManifest.ChunkEntry chunk, String dumpId, String worker, long bytes,
            String createTable) {
        return inTx -> {
            fence.check(inTx);
            recordChunk(inTx, chunk, dumpId, worker, bytes);
            if (createTable != null) {
                recordSchema(inTx, chunk.schema(), chunk.table(), createTable, chunk.start().binlog());
            }
        };
    }

    /** Records a chunk as loaded; call inside the transaction that loads its rows. */
    void recordChunk(Connection inTx, DumpManifest.ChunkEntry chunk, String dumpId, String worker, long bytes)
            throws SQLException {
        try (PreparedStatement ps = inTx.prepareStatement("INSERT INTO " + table.quoted()
                + " (`id`, `filename`, `cp_schema`, `cp_table`, `offset`, `end_pos`, `chunk_lo`, `chunk_hi`, `binlog_name`,"
                + " `binlog_pos`, `binlog_gtid`, `exit_safe_binlog_name`, `exit_safe_binlog_pos`, `exit_safe_binlog_gtid`,"
                + " `dump_id`, `worker`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, sourceId);
            ps.setString(2, chunk.id());
            ps.setString(3, chunk.schema());
            ps.setString(4, chunk.table());
            ps.setLong(5, bytes);
            ps.setLong(6, bytes);
            ps.setString(7, KeyRange.encode(chunk.lo()));
            ps.setString(8, KeyRange.encode(chunk.hi()));
            ps.setString(9, chunk.start().file());
            ps.setLong(10, chunk.start().pos());
            ps.setString(11, chunk.start().gtid());
            ps.setString(12, chunk.safeUntil().file());
            ps.setLong(13, chunk.safeUntil().pos());
            ps.setString(14, chunk.safeUntil().gtid());
            ps.setString(15, dumpId);
            ps.setString(16, worker);
            ps.executeUpdate(); // a duplicate (the chunk loaded twice) fails the transaction
        }
    }

    /** Records a table's CREATE TABLE unless one is recorded already; inside its first chunk's transaction. */
    void recordSchema(Connection inTx, String schema, String tableName, String createTable, BinlogPosition at)
            throws SQLException {
        try (PreparedStatement ps = inTx.prepareStatement("INSERT IGNORE INTO " + schemaTable.quoted()
                + " (`id`, `cp_schema`, `cp_table`, `create_table`, `binlog_name`, `binlog_pos`, `binlog_gtid`)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, sourceId);
            ps.setString(2, schema);
            ps.setString(3, tableName);
            ps.setString(4, createTable);
            ps.setString(5, at.file());
            ps.setLong(6, at.pos());
            ps.setString(7, at.gtidSet());
            ps.executeUpdate();
        }
    }

    /** This source's recorded CREATE TABLE per upstream table (those with a loaded chunk). */
    public Map<TableName, String> loadedSchemas(Connection c) {
        try {
            return recordedSchemas(c);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
                return Map.of();
            }
            throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, schemaTable);
        }
    }

    private Map<TableName, String> recordedSchemas(Connection c) throws SQLException {
        Map<TableName, String> creates = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT `cp_schema`, `cp_table`, `create_table` FROM "
                + schemaTable.quoted() + " WHERE `id` = ?")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    creates.put(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3));
                }
            }
        }
        return creates;
    }

    /**
     * Forgets every loaded chunk and the recorded schema of one upstream table in one
     * transaction, checked against {@code fence}; the table is then dumped and loaded whole again.
     */
    public void forgetTable(Connection c, TableName upstream, Fence fence) throws SQLException {
        c.setAutoCommit(false);
        try {
            fence.check(c);
            for (TableName t : List.of(table, schemaTable)) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.quoted()
                        + " WHERE `id` = ? AND `cp_schema` = ? AND `cp_table` = ?")) {
                    ps.setString(1, sourceId);
                    ps.setString(2, upstream.schema());
                    ps.setString(3, upstream.table());
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The hand-off to sync from what was loaded; {@link Handoff#NONE} when nothing was. */
    public Handoff handoff(Connection c) {
        List<LoadedChunk> chunks = readChunks(c);
        if (chunks.isEmpty()) {
            return Handoff.NONE;
        }
        BinlogPosition earliest = null;
        BinlogPosition latest = null;
        Map<TableName, BinlogPosition> starts = new HashMap<>();
        for (LoadedChunk ch : chunks) {
            earliest = earliest == null || ch.start().compareTo(earliest) < 0 ? ch.start() : earliest;
            latest = latest == null || ch.safeUntil().compareTo(latest) > 0 ? ch.safeUntil() : latest;
            starts.merge(ch.table(), ch.start(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        Map<TableName, String> creates;
        try {
            creates = recordedSchemas(c);
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, schemaTable);
        }
        return new Handoff(earliest, latest, starts, creates);
    }
}
