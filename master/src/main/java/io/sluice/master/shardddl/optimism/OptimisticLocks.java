package io.sluice.master.shardddl.optimism;

import io.sluice.master.shardddl.DdlLockView;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.OptimisticShardGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The optimistic groups as {@code show-ddl-locks} lists them: a group is a lock while some shard's
 * schema differs from the joined one or some shard has not reported its statements done. As in
 * DM, an optimistic lock has no owner and no DDLs; a source is synced when all its shards are.
 */
public final class OptimisticLocks {
    private OptimisticLocks() {
    }

    /** @param task a task name, or "" for every task */
    public static List<DdlLockView> views(ClusterState state, String task) {
        List<DdlLockView> out = new ArrayList<>();
        state.getOptimisticGroupsMap().values().stream()
                .filter(g -> task.isEmpty() || g.getTask().equals(task))
                .sorted(java.util.Comparator.comparing(OptimisticLocks::id))
                .forEach(g -> {
                    Set<String> synced = new TreeSet<>();
                    Set<String> unsynced = new TreeSet<>();
                    g.getShardsMap().keySet().forEach(shard -> (OptimisticGroups.synced(g, shard) ? synced : unsynced)
                            .add(OptimisticGroups.sourceOf(shard)));
                    synced.removeAll(unsynced);
                    if (!unsynced.isEmpty()) {
                        out.add(new DdlLockView(id(g), g.getTask(), "optimistic", "", List.of(), List.copyOf(synced), List.copyOf(unsynced)));
                    }
                });
        return out;
    }

    static String id(OptimisticShardGroup g) {
        return g.getTask() + "-`" + g.getTargetSchema() + "`.`" + g.getTargetTable() + "`";
    }
}
