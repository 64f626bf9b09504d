package io.sluice.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.EvictMaster;
import io.sluice.proto.raft.MasterEntry;
import io.sluice.proto.raft.PutMaster;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveMaster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipMetaTest {
    private static RaftCommand put(String name) {
        return RaftCommand.newBuilder().setPutMaster(PutMaster.newBuilder().setMaster(MasterEntry.newBuilder().setName(name)
                .setPeerUrl("http://127.0.0.1:1" + name.length()).setClientUrl("http://127.0.0.1:2" + name.length()))).build();
    }

    private static RaftCommand evict(String name, boolean evict) {
        return RaftCommand.newBuilder().setEvictMaster(EvictMaster.newBuilder().setName(name).setEvict(evict)).build();
    }

    private static ClusterState apply(ClusterState s, RaftCommand... cmds) {
        for (RaftCommand c : cmds) {
            s = ClusterMeta.apply(s, c);
        }
        return s;
    }

    @Test
    void evictionIsASetAndCancelWithoutNameClearsIt() {
        ClusterState s = apply(ClusterState.getDefaultInstance(), put("m1"), put("m2"), evict("m1", true), evict("m1", true));
        assertEquals(List.of("m1"), s.getEvictedMastersList(), "evicting twice records once");
        s = apply(s, evict("m2", true), evict("m1", false));
        assertEquals(List.of("m2"), s.getEvictedMastersList());
        s = apply(s, evict("m1", true), evict("", false));
        assertEquals(List.of(), s.getEvictedMastersList());
    }

    @Test
    void removingAMasterDropsItsEntryAndItsEviction() {
        ClusterState s = apply(ClusterState.getDefaultInstance(), put("m1"), put("m2"), evict("m2", true),
                RaftCommand.newBuilder().setRemoveMaster(RemoveMaster.newBuilder().setName("m2")).build());
        assertFalse(s.containsMasters("m2"));
        assertEquals(List.of("m1"), List.copyOf(s.getMastersMap().keySet()));
        assertEquals(List.of(), s.getEvictedMastersList());
        assertEquals(s, ClusterMeta.apply(s, RaftCommand.newBuilder().setRemoveMaster(RemoveMaster.newBuilder().setName("m9")).build()),
                "removing an unknown master changes nothing");
    }

    @Test
    void onlyAnotherRunOfTheEvictedMasterEndsItsEviction() {
        RaftCommand evictRunA = RaftCommand.newBuilder().setEvictMaster(EvictMaster.newBuilder().setName("m1").setEvict(true)
                .setIncarnation("run-a")).build();
        ClusterState s = apply(ClusterState.getDefaultInstance(), put("m1"), put("m2"), evictRunA);
        assertFalse(ClusterMeta.evictionEndedBy(s, "m1", "run-a"), "a late registration of the evicted run");
        assertTrue(ClusterMeta.evictionEndedBy(s, "m1", "run-b"), "a restart");
        assertFalse(ClusterMeta.evictionEndedBy(s, "m2", "run-c"), "m2 was never evicted");
        s = apply(s, evict("m1", false));
        assertEquals(Map.of(), s.getEvictedIncarnationsMap());
        assertFalse(ClusterMeta.evictionEndedBy(s, "m1", "run-b"));
    }
}
