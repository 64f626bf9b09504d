package io.sluice.master.shardddl.pessimism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.master.raft.ClusterMeta;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutPessimisticLock;
import io.sluice.proto.raft.PutTask;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveTask;
import io.sluice.proto.raft.TaskEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pessimistic locks in the raft state: stored, replaced, removed, and gone with their task. */
class PessimisticLockMetaTest {
    private static final List<String> ADD = List.of("ALTER TABLE `db`.`tbl` ADD COLUMN c INT");

    private static ClusterState apply(ClusterState s, RaftCommand... cmds) {
        for (RaftCommand c : cmds) {
            s = ClusterMeta.apply(s, c);
        }
        return s;
    }

    private static RaftCommand put(PessimisticLock l) {
        return RaftCommand.newBuilder().setPutPessimisticLock(PutPessimisticLock.newBuilder().setLock(PessimisticLockMeta.toProto(l))).build();
    }

    private static RaftCommand task(String name) {
        return RaftCommand.newBuilder().setPutTask(PutTask.newBuilder().setTask(TaskEntry.newBuilder().setName(name).setConfig("name: " + name)))
                .build();
    }

    @Test
    void aLockRoundTripsThroughTheStateAndGoesWithItsTask() {
        PessimisticLock l = PessimisticLock.open("t1", "db", "tbl", List.of("s1", "s2"), "s1", ADD).arrivedAt("s1", "bin.1:4");
        ClusterState s = apply(ClusterState.getDefaultInstance(), task("t1"), task("t2"), put(l),
                put(PessimisticLock.open("t2", "db", "tbl", List.of("s1"), "s1", ADD)));
        assertEquals(l, PessimisticLockMeta.fromProto(s.getPessimisticLocksOrThrow(l.id())));
        PessimisticLock next = l.arrive("s2", ADD);
        s = apply(s, put(next));
        assertEquals(next, PessimisticLockMeta.fromProto(s.getPessimisticLocksOrThrow(l.id())));
        s = apply(s, RaftCommand.newBuilder().setRemoveTask(RemoveTask.newBuilder().setTask("t1")).build());
        assertFalse(s.containsPessimisticLocks(l.id()), "a removed task's lock goes with it");
        assertTrue(s.containsPessimisticLocks("t2-`db`.`tbl`"), "another task's lock stays");
        s = apply(s, RaftCommand.newBuilder().setPutPessimisticLock(PutPessimisticLock.newBuilder().setRemoveId("t2-`db`.`tbl`")).build());
        assertEquals(0, s.getPessimisticLocksCount());
    }

    @Test
    void aLockOfATaskThatNoLongerExistsIsNotStored() {
        ClusterState s = apply(ClusterState.getDefaultInstance(), put(PessimisticLock.open("gone", "db", "tbl", List.of("s1"), "s1", ADD)));
        assertEquals(0, s.getPessimisticLocksCount());
    }
}
