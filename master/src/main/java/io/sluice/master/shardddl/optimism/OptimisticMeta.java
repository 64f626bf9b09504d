package io.sluice.master.shardddl.optimism;

import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.OptimisticShardGroup;
import io.sluice.proto.raft.PutOptimisticGroup;

/** The optimistic groups' part of {@code ClusterMeta.apply}: the leader computes a group, every replica stores it. */
public final class OptimisticMeta {
    private OptimisticMeta() {
    }

    /** Stores a group of a task that still exists (a group computed while its task was being stopped is dropped). */
    public static void put(ClusterState state, ClusterState.Builder b, PutOptimisticGroup put) {
        OptimisticShardGroup g = put.getGroup();
        if (state.containsTasks(g.getTask())) {
            b.putOptimisticGroups(OptimisticGroups.key(g.getTask(), g.getTargetSchema(), g.getTargetTable()), g);
        }
    }

    /** Forgets a removed task's groups: a task started again starts from its shards' schemas then. */
    public static void removeTask(ClusterState state, ClusterState.Builder b, String task) {
        state.getOptimisticGroupsMap().forEach((k, g) -> {
            if (g.getTask().equals(task)) {
                b.removeOptimisticGroups(k);
            }
        });
    }
}
