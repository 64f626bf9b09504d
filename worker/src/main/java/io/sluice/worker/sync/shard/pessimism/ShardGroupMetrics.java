package io.sluice.worker.sync.shard.pessimism;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * DM's two shard gauges of the sync unit, under DM's names so its dashboards read them:
 * per target table the shards that have not run the round's DDL yet, and whether the subtask
 * waits on a round.
 */
public final class ShardGroupMetrics {
    public static final Gauge UNSYNCED_TABLES = Gauge.build("dm_syncer_unsynced_table_number",
            "Shards of a target table that have not run the DDL of its round in progress.")
            .labelNames("task", "table", "source_id").create();
    public static final Gauge LOCK_RESOLVING = Gauge.build("dm_syncer_shard_lock_resolving",
            "1 while the subtask holds rows back for a shard DDL round, else 0.")
            .labelNames("task", "source_id").create();

    private final String task;
    private final String sourceId;
    private final Set<String> tables = new HashSet<>();

    public ShardGroupMetrics(String task, String sourceId) {
        this.task = task;
        this.sourceId = sourceId;
    }

    /** Adds the shard gauges to the worker's registry (once per process). */
    public static void registerTo(CollectorRegistry registry) {
        registry.register(UNSYNCED_TABLES);
        registry.register(LOCK_RESOLVING);
    }

    /** Sets the gauges from the rounds now in progress; targets whose round ended go back to 0. */
    void update(Collection<ShardGroup> rounds) {
        Set<String> now = new HashSet<>();
        for (ShardGroup g : rounds) {
            String table = g.target().quoted();
            now.add(table);
            UNSYNCED_TABLES.labels(task, table, sourceId).set(g.unsyncedShards().size());
        }
        for (String gone : tables) {
            if (!now.contains(gone)) {
                UNSYNCED_TABLES.labels(task, gone, sourceId).set(0);
            }
        }
        tables.clear();
        tables.addAll(now);
        LOCK_RESOLVING.labels(task, sourceId).set(rounds.isEmpty() ? 0 : 1);
    }
}
