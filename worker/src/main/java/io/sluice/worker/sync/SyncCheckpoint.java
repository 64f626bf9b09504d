package io.sluice.worker.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sync unit's progress on the target, written so that a crash at any moment replays
 * nothing twice, even into tables without a primary key where safe mode cannot help.
 *
 * <p><b>Global checkpoint</b> ({@code {meta}.{task}_syncer_checkpoint}, DM's table): one row with
 * {@code is_global = 1} holds a binlog position at a transaction boundary up to which every row
 * is on the target. Each DDL and a stop drain the queues and save the position after them; the
 * periodic flush does not wait: it saves a boundary it noted earlier once every queue has
 * committed the rows it had been handed before it (see {@link PendingCheckpoint}). Per-table rows
 * hold the tracked CREATE TABLE at that position, so a restart reads rows with the schema they
 * were written with.
 *
 * <p><b>Queue positions</b> ({@code {meta}.{task}_syncer_queue}, ours): between two global
 * flushes the writer queues commit on their own. Each writer transaction upserts its queue's row
 * with the position (file, event offset, row index) of the last row it holds, in the same
 * transaction as the rows, so the row and the position commit or vanish together. A restart
 * reads the binlog again from the global checkpoint; the dispatcher sends every replayed row to
 * the same queue as before (its choice depends only on the row), and a queue's rows are written
 * in binlog order, so a replayed row at or before its queue's saved position was written and is
 * skipped, and every later one was not and is written. The queue count must not change while
 * saved queue positions lie beyond the global checkpoint. A pessimistic shard replay, which reads
 * the binlog again from before rows the queues already wrote, clears the positions when it starts
 * (with the checkpoint at its start), so a crash inside the replay repeats none of its rows.
 */
final class SyncCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String metaSchema;
    private final String checkpointTable;
    private final String queueTable;
    private final String sourceId;

    SyncCheckpoint(String metaSchema, String task, String sourceId) {
        this.metaSchema = metaSchema;
        this.checkpointTable = TableName.quote(metaSchema) + "." + TableName.quote(task + "_syncer_checkpoint");
        this.queueTable = TableName.quote(metaSchema) + "." + TableName.quote(task + "_syncer_queue");
        this.sourceId = sourceId;
    }

    /**
     * Where the replay of a full phase leaves safe mode (DM's {@code exit_safe_binlog_*} columns of
     * the global row): the latest position a loaded chunk was read at. Saved with every global
     * checkpoint, so a restart inside the window still replays it safely.
     */
    private BinlogPosition exitSafe = BinlogPosition.EMPTY;

    void exitSafe(BinlogPosition p) {
        exitSafe = p == null ? BinlogPosition.EMPTY : p;
    }

    BinlogPosition exitSafe() {
        return exitSafe;
    }

    /** Reads the saved safe-mode exit of the global row (nothing when none is saved). */
    void loadExitSafe(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT exit_safe_binlog_name, exit_safe_binlog_pos, exit_safe_binlog_gtid FROM "
                + checkpointTable + " WHERE id = ? AND is_global = 1")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    exitSafe(new BinlogPosition(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
    }

    String checkpointTable() {
        return checkpointTable;
    }

    void createTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + TableName.quote(metaSchema));
            st.execute("CREATE TABLE IF NOT EXISTS " + checkpointTable + " ("
                    + "id VARCHAR(32) NOT NULL, cp_schema VARCHAR(128) NOT NULL, cp_table VARCHAR(128) NOT NULL,"
                    + " binlog_name VARCHAR(128), binlog_pos INT UNSIGNED, binlog_gtid TEXT,"
                    + " exit_safe_binlog_name VARCHAR(128) DEFAULT '', exit_safe_binlog_pos INT UNSIGNED DEFAULT 0,"
                    + " exit_safe_binlog_gtid TEXT, table_info JSON NOT NULL, is_global BOOLEAN,"
                    + " create_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
                    + " update_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                    + " PRIMARY KEY (id, cp_schema, cp_table))");
            st.execute("CREATE TABLE IF NOT EXISTS " + queueTable + " ("
                    + "id VARCHAR(32) NOT NULL, queue_id INT NOT NULL, binlog_name VARCHAR(128) NOT NULL,"
                    + " binlog_pos BIGINT UNSIGNED NOT NULL, row_index INT NOT NULL,"
                    + " update_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                    + " PRIMARY KEY (id, queue_id))");
        }
    }

    /** The global checkpoint, or null when this source has none yet. */
    BinlogPosition loadGlobal(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT binlog_name, binlog_pos, binlog_gtid FROM " + checkpointTable
                + " WHERE id = ? AND is_global = 1")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new BinlogPosition(rs.getString(1), rs.getLong(2), rs.getString(3)) : null;
            }
        }
    }

    /** Saved CREATE TABLE statements by upstream table. */
    Map<TableName, String> loadTables(Connection c) throws SQLException {
        Map<TableName, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cp_schema, cp_table, table_info FROM " + checkpointTable
                + " WHERE id = ? AND is_global = 0")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode info = readJson(rs.getString(3));
                    if (info.hasNonNull("create_table")) {
                        out.put(new TableName(rs.getString(1), rs.getString(2)), info.get("create_table").asText());
                    }
                }
            }
        }
        return out;
    }

    /** Each queue's last written row. */
    Map<Integer, RowPosition> loadQueues(Connection c) throws SQLException {
        Map<Integer, RowPosition> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT queue_id, binlog_name, binlog_pos, row_index FROM " + queueTable
                + " WHERE id = ?")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), new RowPosition(rs.getString(2), rs.getLong(3), rs.getInt(4)));
                }
            }
        }
        return out;
    }

    /** In the caller's (writer's) transaction: the queue has written every row up to {@code last}. */
    /**
     * Forgets every queue's position, in the caller's transaction with a global checkpoint at or
     * before every row the queues wrote since: a pessimistic shard replay goes back in the binlog,
     * and its rows must be told apart by the positions written during the replay only.
     */
    void clearQueues(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + queueTable + " WHERE id = ?")) {
            ps.setString(1, sourceId);
            ps.executeUpdate();
        }
    }

    void saveQueue(Connection c, int queue, RowPosition last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + queueTable
                + " (id, queue_id, binlog_name, binlog_pos, row_index) VALUES (?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE binlog_name = VALUES(binlog_name), binlog_pos = VALUES(binlog_pos),"
                + " row_index = VALUES(row_index)")) {
            ps.setString(1, sourceId);
            ps.setInt(2, queue);
            ps.setString(3, last.file());
            ps.setLong(4, last.pos());
            ps.setInt(5, last.row());
            ps.executeUpdate();
        }
    }

    /**
     * In the caller's transaction: moves the global checkpoint and saves the schema of tables
     * that changed since the last flush ({@code dropped} ones are removed).
     */
    void saveGlobal(Connection c, BinlogPosition pos, Collection<TableInfo> changed, Collection<TableName> dropped)
            throws SQLException {
        String upsert = "INSERT INTO " + checkpointTable
                + " (id, cp_schema, cp_table, binlog_name, binlog_pos, binlog_gtid, table_info, is_global,"
                + " exit_safe_binlog_name, exit_safe_binlog_pos, exit_safe_binlog_gtid)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE binlog_name = VALUES(binlog_name),"
                + " binlog_pos = VALUES(binlog_pos), binlog_gtid = VALUES(binlog_gtid), table_info = VALUES(table_info),"
                + " exit_safe_binlog_name = VALUES(exit_safe_binlog_name), exit_safe_binlog_pos = VALUES(exit_safe_binlog_pos),"
                + " exit_safe_binlog_gtid = VALUES(exit_safe_binlog_gtid)";
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            bind(ps, "", "", pos, "{}", true);
            ps.addBatch();
            for (TableInfo t : changed) {
                bind(ps, t.schema(), t.table(), pos, tableJson(t), false);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (!dropped.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + checkpointTable
                    + " WHERE id = ? AND cp_schema = ? AND cp_table = ? AND is_global = 0")) {
                for (TableName t : dropped) {
                    ps.setString(1, sourceId);
                    ps.setString(2, t.schema());
                    ps.setString(3, t.table());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /**
     * In the caller's transaction: replaces one table's saved schema (operate-schema set --flush),
     * at the global checkpoint's position so a restart starts from it. The global row is untouched.
     */
    void saveTable(Connection c, BinlogPosition global, TableInfo t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + checkpointTable
                + " (id, cp_schema, cp_table, binlog_name, binlog_pos, binlog_gtid, table_info, is_global)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON DUPLICATE KEY UPDATE binlog_name = VALUES(binlog_name),"
                + " binlog_pos = VALUES(binlog_pos), binlog_gtid = VALUES(binlog_gtid), table_info = VALUES(table_info)")) {
            ps.setString(1, sourceId);
            ps.setString(2, t.schema());
            ps.setString(3, t.table());
            ps.setString(4, global.file());
            ps.setLong(5, global.pos());
            ps.setString(6, global.gtidSet());
            ps.setString(7, tableJson(t));
            ps.executeUpdate();
        }
    }

    /** In the caller's transaction: forgets one table's saved schema; true when there was one. */
    boolean removeTable(Connection c, TableName t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + checkpointTable
                + " WHERE id = ? AND cp_schema = ? AND cp_table = ? AND is_global = 0")) {
            ps.setString(1, sourceId);
            ps.setString(2, t.schema());
            ps.setString(3, t.table());
            return ps.executeUpdate() > 0;
        }
    }

    private void bind(PreparedStatement ps, String schema, String table, BinlogPosition pos, String info, boolean global)
            throws SQLException {
        ps.setString(1, sourceId);
        ps.setString(2, schema);
        ps.setString(3, table);
        ps.setString(4, pos.file());
        ps.setLong(5, pos.pos());
        ps.setString(6, pos.gtidSet());
        ps.setString(7, info);
        ps.setBoolean(8, global);
        ps.setString(9, exitSafe.file());
        ps.setLong(10, exitSafe.isEmpty() ? 0 : exitSafe.pos());
        ps.setString(11, exitSafe.gtidSet());
    }

    private static String tableJson(TableInfo t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", t.schema());
        n.put("table", t.table());
        n.put("create_table", t.createSql());
        List<String> cols = new ArrayList<>();
        t.columns().forEach(col -> cols.add(col.name()));
        n.putPOJO("columns", cols);
        return n.toString();
    }

    private static JsonNode readJson(String s) {
        try {
            return JSON.readTree(s == null ? "{}" : s);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
