package io.sluice.master.shardddl.pessimism;

import io.sluice.common.errors.ShardLockErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.shardddl.DdlLockSource;
import io.sluice.master.shardddl.DdlLockView;
import io.sluice.master.shardddl.ShardDdlErrorCounts;
import io.sluice.proto.PessimisticShardDdlRequest;
import io.sluice.proto.PessimisticShardDdlResponse;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PessimisticShardLock;
import io.sluice.proto.raft.PutPessimisticLock;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.TaskEntry;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of shard-mode pessimistic: a worker whose shards of a target table all ran a
 * DDL reports it here and asks, until told otherwise, what to do. The lock's sources are the
 * task's sources (as DM's); the first to arrive owns it and runs the DDL once every source has
 * arrived, then the others skip it. Each transition is stored through raft before the worker
 * hears it, so a new leader answers from the same lock. Calls are taken one at a time.
 */
public final class PessimisticCoordinator implements DdlLockSource {
    private static final Logger LOG = LoggerFactory.getLogger(PessimisticCoordinator.class);

    private final RaftGroup raft;

    public PessimisticCoordinator(RaftGroup raft) {
        this.raft = raft;
    }

    /** A source's arrival (or its repeated question): answers the operation it is to carry out now. */
    public synchronized PessimisticShardDdlResponse trySync(PessimisticShardDdlRequest r) {
        String id = PessimisticLock.lockId(r.getTask(), r.getTargetSchema(), r.getTargetTable());
        return answer(r.getTask(), id, () -> {
            ClusterState state = raft.readState();
            TaskEntry task = state.getTasksOrDefault(r.getTask(), null);
            if (task == null) {
                throw ShardLockErrors.LOCK_NOT_FOUND.error(id + " (task " + r.getTask() + " does not exist)");
            }
            PessimisticShardLock stored = state.getPessimisticLocksOrDefault(id, null);
            PessimisticLock old = stored == null ? null : PessimisticLockMeta.fromProto(stored);
            PessimisticLock next;
            if (old != null && old.finishedAt(r.getSource(), r.getPosition())) {
                return PessimisticLock.Operation.NONE; // read the event again after a crash: its part is done
            } else if (old == null || old.resolved()) {
                List<String> sources = task.getStagesMap().keySet().stream().sorted(Comparator.naturalOrder()).toList();
                next = PessimisticLock.open(r.getTask(), r.getTargetSchema(), r.getTargetTable(), sources, r.getSource(), r.getDdlsList())
                        .after(old);
                LOG.info("event=pessimistic_lock_opened task={} source={} lock=\"{}\" ddls=\"{}\" sources={}", r.getTask(), r.getSource(), id,
                        String.join("; ", r.getDdlsList()), sources);
            } else if (old.done().contains(r.getSource())) {
                return PessimisticLock.Operation.WAIT; // its next round waits for the others to finish this one
            } else {
                next = old.arrive(r.getSource(), r.getDdlsList());
            }
            next = next.arrivedAt(r.getSource(), r.getPosition());
            if (!next.equals(old)) {
                store(next);
                if (old != null && !old.resolved() && old.synced().size() != next.synced().size()) {
                    LOG.info("event=pessimistic_lock_arrived task={} source={} lock=\"{}\" synced={} unsynced={}", r.getTask(), r.getSource(),
                            id, next.synced(), next.unsynced());
                }
            }
            return next.operationFor(r.getSource());
        });
    }

    /** The source carried out what it was told (the owner ran the DDL, another skipped it). */
    public synchronized PessimisticShardDdlResponse done(PessimisticShardDdlRequest r) {
        String id = PessimisticLock.lockId(r.getTask(), r.getTargetSchema(), r.getTargetTable());
        return answer(r.getTask(), id, () -> {
            PessimisticShardLock stored = raft.readState().getPessimisticLocksOrDefault(id, null);
            if (stored == null) {
                return PessimisticLock.Operation.NONE;
            }
            PessimisticLock old = PessimisticLockMeta.fromProto(stored);
            PessimisticLock next = old.finished(r.getSource());
            if (!next.equals(old)) {
                store(next);
                LOG.info("event=pessimistic_lock_done task={} source={} lock=\"{}\" owner={} resolved={}", r.getTask(), r.getSource(), id,
                        next.owner(), next.resolved());
            }
            return PessimisticLock.Operation.NONE;
        });
    }

    @Override
    public List<DdlLockView> locks() {
        return raft.readState().getPessimisticLocksMap().values().stream().map(PessimisticLockMeta::fromProto)
                .filter(l -> !l.resolved()).sorted(Comparator.comparing(PessimisticLock::id)).map(PessimisticLock::view).toList();
    }

    /**
     * DM's ways out: a source that never arrives (removed mid-lock) stops being waited for, and
     * {@code replaceOwner} runs the DDL when the owner cannot; with {@code forceRemove} nobody runs
     * it and every waiting source goes on.
     */
    @Override
    public synchronized void unlock(DdlLockView view, String replaceOwner, boolean forceRemove) {
        PessimisticShardLock stored = raft.readState().getPessimisticLocksOrDefault(view.id(), null);
        if (stored == null) {
            throw ShardLockErrors.LOCK_NOT_FOUND.error(view.id());
        }
        PessimisticLock old = PessimisticLockMeta.fromProto(stored);
        PessimisticLock next = forceRemove ? old.forceResolved() : old.unlock(replaceOwner);
        store(next);
        LOG.info("event=pessimistic_lock_unlocked task={} lock=\"{}\" owner={} forceRemove={} sources={}", old.task(), old.id(), next.owner(),
                forceRemove, next.sources());
    }

    private void store(PessimisticLock l) {
        raft.submit(RaftCommand.newBuilder().setPutPessimisticLock(PutPessimisticLock.newBuilder().setLock(PessimisticLockMeta.toProto(l)))
                .build());
    }

    private interface Decision {
        PessimisticLock.Operation decide();
    }

    private PessimisticShardDdlResponse answer(String task, String id, Decision d) {
        if (!raft.isLeader()) {
            return PessimisticShardDdlResponse.newBuilder().setResult(false).setLeader(false).setMsg("not leader").build();
        }
        try {
            return PessimisticShardDdlResponse.newBuilder().setResult(true).setLeader(true).setLockId(id).setOperation(d.decide().name())
                    .build();
        } catch (SluiceException e) {
            // a refused report is final; anything else (leadership lost mid-write) is for the worker to retry
            boolean refused = e.code() == ShardLockErrors.DDLS_DIFFER || e.code() == ShardLockErrors.LOCK_NOT_FOUND;
            if (e.code() == ShardLockErrors.DDLS_DIFFER) {
                ShardDdlErrorCounts.count(task, ShardDdlErrorCounts.HANDLE_LOCK);
            }
            return PessimisticShardDdlResponse.newBuilder().setResult(false).setLeader(refused).setLockId(id).setMsg(e.getMessage()).build();
        }
    }
}
