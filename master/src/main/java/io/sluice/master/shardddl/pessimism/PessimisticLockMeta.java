package io.sluice.master.shardddl.pessimism;

import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PessimisticShardLock;
import io.sluice.proto.raft.PutPessimisticLock;

/** The pessimistic locks' part of {@code ClusterMeta.apply}, and the lock's form in the raft state. */
public final class PessimisticLockMeta {
    private PessimisticLockMeta() {
    }

    /** Stores a lock of a task that still exists (one computed while its task was being stopped is dropped), or removes one. */
    public static void put(ClusterState state, ClusterState.Builder b, PutPessimisticLock put) {
        if (!put.getRemoveId().isEmpty()) {
            b.removePessimisticLocks(put.getRemoveId());
            return;
        }
        PessimisticShardLock l = put.getLock();
        if (state.containsTasks(l.getTask())) {
            b.putPessimisticLocks(l.getId(), l);
        }
    }

    /** Forgets a removed task's locks. */
    public static void removeTask(ClusterState state, ClusterState.Builder b, String task) {
        state.getPessimisticLocksMap().forEach((id, l) -> {
            if (l.getTask().equals(task)) {
                b.removePessimisticLocks(id);
            }
        });
    }

    public static PessimisticLock fromProto(PessimisticShardLock p) {
        return new PessimisticLock(p.getId(), p.getTask(), p.getOwner(), p.getDdlsList(), p.getSourcesList(), p.getSyncedList(),
                p.getOwnerExecuted(), p.getDoneList(), p.getArrivedAtMap());
    }

    public static PessimisticShardLock toProto(PessimisticLock l) {
        return PessimisticShardLock.newBuilder().setId(l.id()).setTask(l.task()).setOwner(l.owner()).addAllDdls(l.ddls())
                .addAllSources(l.sources()).addAllSynced(l.synced()).setOwnerExecuted(l.ownerExecuted()).addAllDone(l.done())
                .putAllArrivedAt(l.arrivedAt()).build();
    }
}
