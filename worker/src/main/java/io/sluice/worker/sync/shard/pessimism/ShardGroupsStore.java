package io.sluice.worker.sync.shard.pessimism;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.filter.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shard rounds of one subtask on the target ({@code {meta}.{task}_syncer_shard_groups}, one
 * row per source), saved in the global checkpoint's transaction. The checkpoint may move past a
 * round's first DDL: the rows held since are found again because the round, with its rewind
 * position, is saved with the checkpoint; and a checkpoint saved during a replay resumes the
 * replay (its round is saved whole: the replay may have opened the group's next round).
 */
public final class ShardGroupsStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String metaSchema;
    private final String table;
    private final String sourceId;

    public ShardGroupsStore(String metaSchema, String task, String sourceId) {
        this.metaSchema = metaSchema;
        this.table = TableName.quote(metaSchema) + "." + TableName.quote(task + "_syncer_shard_groups");
        this.sourceId = sourceId;
    }

    public void createTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + TableName.quote(metaSchema));
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(32) NOT NULL, data JSON NOT NULL,"
                    + " update_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (id))");
        }
    }

    /** In the caller's transaction. */
    public void save(Connection c, ShardGroups groups) throws SQLException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode rounds = root.putArray("rounds");
        for (ShardGroup g : groups.rounds()) {
            rounds.add(round(g));
        }
        ShardGroups.Replay r = groups.replay();
        if (r != null) {
            ObjectNode n = root.putObject("replay");
            n.set("round", round(r.group()));
            n.set("end", position(r.end()));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, data) VALUES (?, ?)"
                + " ON DUPLICATE KEY UPDATE data = VALUES(data)")) {
            ps.setString(1, sourceId);
            ps.setString(2, root.toString());
            ps.executeUpdate();
        }
    }

    public void load(Connection c, ShardGroups groups) throws SQLException {
        String data;
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + table + " WHERE id = ?")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                data = rs.getString(1);
            }
        }
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (java.io.IOException e) {
            throw new SQLException("unreadable shard groups of source " + sourceId + " in " + table, e);
        }
        List<ShardGroup> waiting = new ArrayList<>();
        for (JsonNode n : root.path("rounds")) {
            waiting.add(round(n));
        }
        JsonNode r = root.get("replay");
        ShardGroup replayed = null;
        if (r != null && r.has("round")) {
            replayed = round(r.get("round"));
        } else if (r != null) {
            // saved before queued DDLs: the replayed round was kept among the waiting ones
            TableName target = table(r.get("target"));
            replayed = waiting.stream().filter(g -> g.target().equals(target)).findFirst().orElse(null);
            waiting.remove(replayed);
        }
        groups.restore(waiting, replayed, r == null ? null : position(r.get("end")));
    }

    private static ObjectNode round(ShardGroup g) {
        ObjectNode n = JSON.createObjectNode();
        n.set("target", table(g.target()));
        ArrayNode shards = n.putArray("shards");
        g.shards().forEach(s -> shards.add(table(s)));
        ArrayNode ddls = n.putArray("ddls");
        g.statements().forEach(ddls::add);
        ArrayNode synced = n.putArray("synced");
        for (TableName s : g.syncedShards()) {
            ObjectNode e = table(s);
            e.set("at", position(g.syncedAt(s)));
            synced.add(e);
        }
        n.set("rewind", position(g.rewindTo()));
        return n;
    }

    private static ShardGroup round(JsonNode n) {
        Set<TableName> shards = new LinkedHashSet<>();
        n.path("shards").forEach(s -> shards.add(table(s)));
        ShardGroup g = new ShardGroup(table(n.get("target")), shards);
        List<String> ddls = new ArrayList<>();
        n.path("ddls").forEach(d -> ddls.add(d.asText()));
        Map<TableName, BinlogPosition> synced = new LinkedHashMap<>();
        n.path("synced").forEach(s -> synced.put(table(s), position(s.get("at"))));
        g.restore(ddls, synced, position(n.get("rewind")));
        return g;
    }

    private static ObjectNode table(TableName t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", t.schema());
        n.put("table", t.table());
        return n;
    }

    private static TableName table(JsonNode n) {
        return new TableName(n.get("schema").asText(), n.get("table").asText());
    }

    private static ObjectNode position(BinlogPosition p) {
        ObjectNode n = JSON.createObjectNode();
        if (p != null) {
            n.put("file", p.file());
            n.put("pos", p.pos());
            n.put("gtid", p.gtidSet());
        }
        return n;
    }

    private static BinlogPosition position(JsonNode n) {
        if (n == null || !n.has("file")) {
            return null;
        }
        return new BinlogPosition(n.get("file").asText(), n.get("pos").asLong(), n.path("gtid").asText(""));
    }
}
