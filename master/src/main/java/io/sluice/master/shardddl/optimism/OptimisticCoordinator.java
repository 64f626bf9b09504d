package io.sluice.master.shardddl.optimism;

import io.sluice.common.errors.OptimisticShardDdlErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.shardddl.ShardDdlErrorCounts;
import io.sluice.proto.OptimisticShardDdlRequest;
import io.sluice.proto.OptimisticShardDdlResponse;
import io.sluice.proto.OptimisticShardTables;
import io.sluice.proto.OptimisticShardTablesRequest;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.OptimisticShardGroup;
import io.sluice.proto.raft.PutOptimisticGroup;
import io.sluice.proto.raft.RaftCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of shard-mode optimistic: workers report their shard tables, each shard DDL
 * and its completion here. Every decision is computed by {@link OptimisticGroups} from the
 * replicated group and stored through raft before the worker hears it, so a new leader decides
 * from the same groups. Calls are taken one at a time: each reads the group the previous one
 * stored.
 */
public final class OptimisticCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(OptimisticCoordinator.class);

    private final RaftGroup raft;

    public OptimisticCoordinator(RaftGroup raft) {
        this.raft = raft;
    }

    public synchronized OptimisticShardDdlResponse tables(OptimisticShardTablesRequest r) {
        return answer(() -> {
            ClusterState state = raft.readState();
            for (OptimisticShardTables t : r.getTargetsList()) {
                String key = OptimisticGroups.key(r.getTask(), t.getTargetSchema(), t.getTargetTable());
                OptimisticShardGroup old = state.getOptimisticGroupsOrDefault(key, null);
                OptimisticShardGroup next = OptimisticGroups.withTables(old, r.getTask(), r.getSource(), t);
                if (!next.equals(old)) {
                    state = store(next);
                }
            }
            LOG.info("event=optimistic_shard_tables task={} source={} targets={}", r.getTask(), r.getSource(), r.getTargetsCount());
            return OptimisticShardDdlResponse.newBuilder();
        });
    }

    public synchronized OptimisticShardDdlResponse trySync(OptimisticShardDdlRequest r) {
        return answer(() -> {
            ClusterState state = raft.readState();
            if (!state.containsTasks(r.getTask())) {
                throw OptimisticShardDdlErrors.NOT_COORDINATED.error("task " + r.getTask() + " does not exist");
            }
            String key = OptimisticGroups.key(r.getTask(), r.getTargetSchema(), r.getTargetTable());
            OptimisticGroups.Outcome o;
            try {
                o = OptimisticGroups.trySync(state.getOptimisticGroupsOrDefault(key, null), r);
            } catch (SchemaConflict e) {
                LOG.warn("event=optimistic_shard_conflict task={} source={} shard={}.{} target={}.{} ddls=\"{}\" msg=\"{}\"", r.getTask(),
                        r.getSource(), r.getUpstreamSchema(), r.getUpstreamTable(), r.getTargetSchema(), r.getTargetTable(),
                        String.join("; ", r.getDdlsList()), e.getMessage());
                ShardDdlErrorCounts.count(r.getTask(), ShardDdlErrorCounts.HANDLE_LOCK);
                throw OptimisticShardDdlErrors.TRY_SYNC_FAIL.error(lockId(r), e.getMessage());
            }
            if (!o.group().equals(state.getOptimisticGroupsOrDefault(key, null))) {
                store(o.group());
            }
            LOG.info("event=optimistic_shard_ddl task={} source={} shard={}.{} target={}.{} ddls=\"{}\" downstream=\"{}\"", r.getTask(),
                    r.getSource(), r.getUpstreamSchema(), r.getUpstreamTable(), r.getTargetSchema(), r.getTargetTable(),
                    String.join("; ", r.getDdlsList()), String.join("; ", o.ddls()));
            return OptimisticShardDdlResponse.newBuilder().addAllDdls(o.ddls());
        });
    }

    public synchronized OptimisticShardDdlResponse done(OptimisticShardDdlRequest r) {
        return answer(() -> {
            String key = OptimisticGroups.key(r.getTask(), r.getTargetSchema(), r.getTargetTable());
            OptimisticShardGroup g = raft.readState().getOptimisticGroupsOrDefault(key, null);
            if (g != null) {
                OptimisticShardGroup next = OptimisticGroups.done(g, r.getSource(), r.getUpstreamSchema(), r.getUpstreamTable());
                if (!next.equals(g)) {
                    store(next);
                }
            }
            return OptimisticShardDdlResponse.newBuilder();
        });
    }

    /** DM's lock ID: {@code <task>-`<schema>`.`<table>`}. */
    static String lockId(OptimisticShardDdlRequest r) {
        return r.getTask() + "-`" + r.getTargetSchema() + "`.`" + r.getTargetTable() + "`";
    }

    private ClusterState store(OptimisticShardGroup g) {
        return raft.submit(RaftCommand.newBuilder().setPutOptimisticGroup(PutOptimisticGroup.newBuilder().setGroup(g)).build());
    }

    private interface Decision {
        OptimisticShardDdlResponse.Builder decide();
    }

    private OptimisticShardDdlResponse answer(Decision d) {
        if (!raft.isLeader()) {
            return OptimisticShardDdlResponse.newBuilder().setResult(false).setLeader(false).setMsg("not leader").build();
        }
        try {
            return d.decide().setResult(true).setLeader(true).build();
        } catch (SluiceException e) {
            // a refused change is final; anything else (leadership lost mid-write) is for the worker to retry
            boolean refused = e.code() == OptimisticShardDdlErrors.TRY_SYNC_FAIL || e.code() == OptimisticShardDdlErrors.NOT_COORDINATED;
            return OptimisticShardDdlResponse.newBuilder().setResult(false).setLeader(refused).setMsg(e.getMessage()).build();
        }
    }
}
