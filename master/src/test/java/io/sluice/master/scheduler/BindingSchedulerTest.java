package io.sluice.master.scheduler;

import static io.sluice.master.raft.MetaCommands.bind;
import static io.sluice.master.raft.MetaCommands.source;
import static io.sluice.master.raft.MetaCommands.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.master.raft.ClusterMeta;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BindingSchedulerTest {
    private static ClusterState run(ClusterState s, Set<String> alive) {
        for (RaftCommand c : BindingScheduler.decide(s, alive)) {
            s = ClusterMeta.apply(s, c);
        }
        return s;
    }

    private static ClusterState state(RaftCommand... cmds) {
        ClusterState s = ClusterState.getDefaultInstance();
        for (RaftCommand c : cmds) {
            s = ClusterMeta.apply(s, c);
        }
        return s;
    }

    @Test
    void eachSourceGoesToItsOwnFreeWorker() {
        ClusterState s = run(state(source("s1"), source("s2"), worker("w1"), worker("w2"), worker("w3")), Set.of("w1", "w2", "w3"));
        assertEquals(2, s.getBindingsCount());
        assertTrue(!ClusterMeta.workerOf(s, "s1").equals(ClusterMeta.workerOf(s, "s2")));
    }

    @Test
    void aDeadWorkersSourceMovesToASpareAndComesBackToTheSameWorkerWhenItCan() {
        ClusterState s = state(source("s1"), worker("w1"), worker("w2"), bind("s1", "w1"));
        s = run(s, Set.of("w2"));
        assertEquals("w2", ClusterMeta.workerOf(s, "s1"));
        long epoch = s.getBindingsOrThrow("s1").getEpoch();
        assertEquals(List.of(), BindingScheduler.decide(s, Set.of("w1", "w2")), "a live binding stays put");
        s = run(s, Set.of("w1"));
        assertEquals("w1", ClusterMeta.workerOf(s, "s1"));
        assertTrue(s.getBindingsOrThrow("s1").getEpoch() > epoch);
    }

    @Test
    void preferTheWorkerTheSourceHadLast() {
        ClusterState s = state(source("s1"), worker("a"), worker("b"), bind("s1", "b"));
        s = run(s, Set.of("a"));
        assertEquals("a", ClusterMeta.workerOf(s, "s1"));
        s = run(s, Set.of("b"));
        s = run(s, Set.of("a", "b"));
        assertEquals("b", ClusterMeta.workerOf(s, "s1"), "b was the last worker of s1");
    }

    @Test
    void withNoFreeWorkerTheSourceWaitsUnbound() {
        ClusterState s = run(state(source("s1"), worker("w1"), bind("s1", "w1")), Set.of());
        assertEquals("", ClusterMeta.workerOf(s, "s1"));
        s = run(s, Set.of("w1"));
        assertEquals("w1", ClusterMeta.workerOf(s, "s1"));
    }
}
