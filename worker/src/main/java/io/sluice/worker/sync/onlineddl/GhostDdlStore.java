package io.sluice.worker.sync.onlineddl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.common.filter.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DM's {@code {meta-schema}.{task}_onlineddl} table: per ghost table of a run in progress, the
 * real table it will replace and the ALTERs recorded so far, already aimed at the real table.
 * {@code ddls} holds DM's JSON shape {@code {"schema", "table", "ddls": [...]}}. DM keys rows by
 * the worker's server-id; ours by source id, like our checkpoint rows, because a worker picks a
 * random server-id when the source sets none, and the state must outlive that worker.
 */
public final class GhostDdlStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String metaSchema;
    private final String table;
    private final String sourceId;

    public GhostDdlStore(String metaSchema, String task, String sourceId) {
        this.metaSchema = metaSchema;
        this.table = TableName.quote(metaSchema) + "." + TableName.quote(task + "_onlineddl");
        this.sourceId = sourceId;
    }

    String table() {
        return table;
    }

    void createTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + TableName.quote(metaSchema));
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                    + "id VARCHAR(200) NOT NULL, ghost_schema VARCHAR(128) NOT NULL, ghost_table VARCHAR(128) NOT NULL,"
                    + " ddls TEXT, update_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                    + " UNIQUE KEY uk_id_schema_table (id, ghost_schema, ghost_table))");
        }
    }

    /** The runs of this source in progress, by ghost table. */
    Map<TableName, GhostAlters> load(Connection c) throws SQLException {
        Map<TableName, GhostAlters> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ghost_schema, ghost_table, ddls FROM " + table + " WHERE id = ?")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableName ghost = new TableName(rs.getString(1), rs.getString(2));
                    JsonNode info = JSON.readTree(rs.getString(3));
                    List<String> ddls = new ArrayList<>();
                    info.path("ddls").forEach(n -> ddls.add(n.asText()));
                    out.put(ghost, new GhostAlters(ghost, new TableName(info.path("schema").asText(), info.path("table").asText()), ddls));
                }
            } catch (JsonProcessingException e) {
                throw new SQLException("unreadable ddls in " + table, e);
            }
        }
        return out;
    }

    void put(Connection c, GhostAlters g) throws SQLException {
        ObjectNode info = JSON.createObjectNode();
        info.put("schema", g.real().schema());
        info.put("table", g.real().table());
        g.ddls().forEach(info.putArray("ddls")::add);
        try (PreparedStatement ps = c.prepareStatement("REPLACE INTO " + table + " (id, ghost_schema, ghost_table, ddls) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, sourceId);
            ps.setString(2, g.ghost().schema());
            ps.setString(3, g.ghost().table());
            ps.setString(4, info.toString());
            ps.executeUpdate();
        }
    }

    void delete(Connection c, TableName ghost) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ? AND ghost_schema = ? AND ghost_table = ?")) {
            ps.setString(1, sourceId);
            ps.setString(2, ghost.schema());
            ps.setString(3, ghost.table());
            ps.executeUpdate();
        }
    }
}
