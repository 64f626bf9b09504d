package io.sluice.master.shardddl.optimism;

import io.sluice.proto.OptimisticShardDdlRequest;
import io.sluice.proto.OptimisticShardTables;
import io.sluice.proto.raft.OptimisticDroppingShards;
import io.sluice.proto.raft.OptimisticPendingDdls;
import io.sluice.proto.raft.OptimisticShardGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The optimistic coordination of one target table as pure functions of its group in the
 * metadata: {@code (group, shard's change) → (group, DDLs for the target)}. The group keeps every
 * shard's current schema and the joined schema the target has; a change re-joins all shards
 * and the target gets exactly the statements from the old join to the new one. So a column is
 * added on its first arrival and dropped with its last shard, a type widens at once and
 * narrows when the last wide shard narrowed, and an index appears when every shard has it.
 */
public final class OptimisticGroups {
    private static final char SEP = '\u001f';

    private OptimisticGroups() {
    }

    /** What a change leads to: the group to store and the statements the reporting shard runs. */
    public record Outcome(OptimisticShardGroup group, List<String> ddls) {
    }

    /** Where a group lives in {@code ClusterState.optimisticGroups}. */
    public static String key(String task, String targetSchema, String targetTable) {
        return task + SEP + targetSchema + SEP + targetTable;
    }

    static String shardKey(String source, String schema, String table) {
        return source + SEP + schema + SEP + table;
    }

    /** The source a shard key belongs to. */
    static String sourceOf(String shardKey) {
        return shardKey.substring(0, shardKey.indexOf(SEP));
    }

    /** The group with a source's tables counted as shards (those not known yet take the schema of the first DDL). */
    public static OptimisticShardGroup withTables(OptimisticShardGroup group, String task, String source, OptimisticShardTables tables) {
        OptimisticShardGroup.Builder g = group == null ? OptimisticShardGroup.newBuilder().setTask(task)
                .setTargetSchema(tables.getTargetSchema()).setTargetTable(tables.getTargetTable()) : group.toBuilder();
        for (String t : tables.getUpstreamTablesList()) {
            String shard = source + SEP + t;
            if (!g.containsShards(shard)) {
                g.putShards(shard, "");
            }
        }
        return g.build();
    }

    /**
     * Joins a shard's new schema with the others'. A replay of a change the group already holds
     * (the worker restarted before it reported done) returns the statements still pending.
     *
     * @throws SchemaConflict when the DDL is one DM refuses here or the shards no longer join;
     *                        the group is then left as it was
     */
    public static Outcome trySync(OptimisticShardGroup group, OptimisticShardDdlRequest r) throws SchemaConflict {
        for (String ddl : r.getDdlsList()) {
            String why = UnsupportedShardDdl.reason(ddl);
            if (why != null) {
                throw new SchemaConflict(why + ": " + ddl);
            }
        }
        OptimisticShardGroup g = group != null ? group : OptimisticShardGroup.newBuilder().setTask(r.getTask())
                .setTargetSchema(r.getTargetSchema()).setTargetTable(r.getTargetTable()).build();
        String shard = shardKey(r.getSource(), r.getUpstreamSchema(), r.getUpstreamTable());
        // operate-schema set --sync may not know the shard's schema before: the group's then, or the set one
        String beforeText = !r.getBefore().isEmpty() ? r.getBefore()
                : !g.getShardsOrDefault(shard, "").isEmpty() ? g.getShardsOrDefault(shard, "") : r.getAfter();
        TableSchema before = parse(beforeText, "before");
        TableSchema after = parse(r.getAfter(), "after");
        if (r.getAfter().equals(g.getShardsOrDefault(shard, null)) && !g.getJoined().isEmpty()) {
            return new Outcome(g, pendingFirst(g, List.of()));
        }
        Map<String, String> shards = new LinkedHashMap<>(g.getShardsMap());
        // shards not heard from have the schema every shard started with (DM's rule): this one's
        // before, or when that is unknown, the target's
        String unheard = !r.getBefore().isEmpty() || g.getJoined().isEmpty() ? beforeText : g.getJoined();
        shards.replaceAll((k, v) -> v.isEmpty() ? unheard : v);
        shards.put(shard, beforeText);
        TableSchema oldJoined = g.getJoined().isEmpty() ? joinAll(shards) : parse(g.getJoined(), "joined");
        shards.put(shard, r.getAfter());
        TableSchema newJoined = joinAll(shards);
        List<String> ddls = SchemaDiff.statements(TableSchema.quote(g.getTargetSchema()) + "." + TableSchema.quote(g.getTargetTable()),
                oldJoined, newJoined);
        Map<String, OptimisticDroppingShards> dropping = dropping(g, shard, before, after, newJoined, r.getDdlsList());
        OptimisticShardGroup.Builder next = g.toBuilder().clearShards().putAllShards(shards)
                .setJoined(newJoined.createTable(g.getTargetTable())).removePending(shard).clearDropping().putAllDropping(dropping);
        if (!ddls.isEmpty()) {
            next.putPending(shard, OptimisticPendingDdls.newBuilder().addAllDdls(ddls).build());
        }
        OptimisticShardGroup stored = next.build();
        // others' statements not reported done may not have reached the target yet: this shard's
        // rows may need them, so it runs them too (they are idempotent), before its own
        return new Outcome(stored, pendingFirst(g.toBuilder().removePending(shard).build(), ddls));
    }

    /**
     * DM's dropped columns: a column a shard dropped while the target keeps it (other shards still
     * have it) may not come back on that shard before every shard dropped it, since the target's
     * column still holds the shard's old values, which the re-added column would mix with its new
     * ones. Returns the group's dropping columns after this change.
     */
    private static Map<String, OptimisticDroppingShards> dropping(OptimisticShardGroup g, String shard, TableSchema before,
            TableSchema after, TableSchema joined, List<String> ddls) throws SchemaConflict {
        for (String col : after.columns().keySet()) {
            if (!before.columns().containsKey(col) && g.getDroppingOrDefault(col, OptimisticDroppingShards.getDefaultInstance())
                    .getShardsList().contains(shard)) {
                throw new SchemaConflict("add column " + col + " that wasn't fully dropped in downstream. ddl: " + String.join("; ", ddls));
            }
        }
        Map<String, OptimisticDroppingShards> out = new LinkedHashMap<>();
        g.getDroppingMap().forEach((col, shards) -> {
            if (joined.columns().containsKey(col)) {
                out.put(col, shards);
            }
        });
        for (String col : before.columns().keySet()) {
            if (!after.columns().containsKey(col) && joined.columns().containsKey(col)) {
                OptimisticDroppingShards had = out.getOrDefault(col, OptimisticDroppingShards.getDefaultInstance());
                if (!had.getShardsList().contains(shard)) {
                    out.put(col, had.toBuilder().addShards(shard).build());
                }
            }
        }
        return out;
    }

    /** The group once a shard reported its statements ran on the target. */
    public static OptimisticShardGroup done(OptimisticShardGroup group, String source, String schema, String table) {
        return group.toBuilder().removePending(shardKey(source, schema, table)).build();
    }

    private static List<String> pendingFirst(OptimisticShardGroup g, List<String> own) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        g.getPendingMap().values().forEach(p -> out.addAll(p.getDdlsList()));
        out.addAll(own);
        return List.copyOf(out);
    }

    private static TableSchema joinAll(Map<String, String> shards) throws SchemaConflict {
        List<TableSchema> schemas = new ArrayList<>();
        for (String create : shards.values()) {
            schemas.add(parse(create, "shard"));
        }
        return SchemaJoin.join(schemas);
    }

    private static TableSchema parse(String create, String what) throws SchemaConflict {
        try {
            return TableSchema.parse(create);
        } catch (IllegalArgumentException e) {
            throw new SchemaConflict("cannot read the " + what + " table schema: " + e.getMessage());
        }
    }

    /** Whether a shard's schema is the joined one (a shard not heard from yet counts as joined). */
    static boolean synced(OptimisticShardGroup g, String shard) {
        String create = g.getShardsOrDefault(shard, "");
        if (create.isEmpty() || g.getJoined().isEmpty()) {
            return true;
        }
        try {
            return TableSchema.parse(create).equals(TableSchema.parse(g.getJoined())) && !g.containsPending(shard);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
