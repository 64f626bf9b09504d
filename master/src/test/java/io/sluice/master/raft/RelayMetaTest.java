package io.sluice.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.master.scheduler.KeepaliveTtl;
import io.sluice.proto.KeepAliveRequest;
import io.sluice.proto.Stage;
import io.sluice.proto.raft.AddRelayWorkers;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveRelayWorkers;
import io.sluice.proto.raft.RemoveSource;
import io.sluice.proto.raft.SetRelayStage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** start-relay, stop-relay, pause-relay and resume-relay as raft commands on the cluster state. */
class RelayMetaTest {
    private static ClusterState apply(ClusterState s, RaftCommand... cmds) {
        for (RaftCommand c : cmds) {
            s = ClusterMeta.apply(s, c);
        }
        return s;
    }

    private static RaftCommand start(String source, String... workers) {
        return RaftCommand.newBuilder().setAddRelayWorkers(AddRelayWorkers.newBuilder().setSource(source).addAllWorkers(List.of(workers)))
                .build();
    }

    private static RaftCommand stop(String source, String... workers) {
        return RaftCommand.newBuilder().setRemoveRelayWorkers(RemoveRelayWorkers.newBuilder().setSource(source)
                .addAllWorkers(List.of(workers))).build();
    }

    private static RaftCommand stage(Stage stage, String... sources) {
        return RaftCommand.newBuilder().setSetRelayStage(SetRelayStage.newBuilder().addAllSources(List.of(sources)).setStage(stage)).build();
    }

    private final ClusterState base = apply(ClusterState.getDefaultInstance(), MetaCommands.source("s1"), MetaCommands.worker("w1"),
            MetaCommands.worker("w2"), MetaCommands.bind("s1", "w1"));

    @Test
    void relayWorkersAreAddedAndRemoved() {
        ClusterState s = apply(base, start("s1", "w1"), start("s1", "w2", "w1"));
        assertEquals(List.of("w1", "w2"), s.getRelaysOrThrow("s1").getWorkersList());
        assertEquals(Stage.Running, s.getRelaysOrThrow("s1").getStage());
        assertTrue(RelayMeta.relays(s, "s1", "w2"));
        s = apply(s, stop("s1", "w1"));
        assertFalse(RelayMeta.relays(s, "s1", "w1"));
        assertTrue(RelayMeta.relays(s, "s1", "w2"));
        s = apply(s, stop("s1"));
        assertFalse(s.containsRelays("s1"), "stop-relay without workers stops them all");
        assertFalse(apply(base, start("no-such", "w1")).containsRelays("no-such"), "a source that does not exist gets no relay");
    }

    @Test
    void pauseAndResumeChangeTheStageAndCountResumes() {
        ClusterState s = apply(base, start("s1", "w1"), stage(Stage.Paused, "s1"));
        assertEquals(Stage.Paused, s.getRelaysOrThrow("s1").getStage());
        s = apply(s, stage(Stage.Running, "s1"));
        assertEquals(Stage.Running, s.getRelaysOrThrow("s1").getStage());
        assertEquals(1, s.getRelaysOrThrow("s1").getResumes(), "a resume is seen by a worker even when the stage was already Running");
        assertTrue(s.getRelaysOrThrow("s1").getWorkersList().contains("w1"), "the workers stay");
    }

    @Test
    void removingTheSourceRemovesItsRelay() {
        ClusterState s = apply(base, start("s1", "w1"),
                RaftCommand.newBuilder().setRemoveSource(RemoveSource.newBuilder().setSourceId("s1")).build());
        assertFalse(s.containsRelays("s1"));
    }

    @Test
    void aRelayWorkerGetsTheRelayKeepaliveTtl() {
        KeepaliveTtl ttl = new KeepaliveTtl(10_000, KeepaliveTtl.DEFAULT_RELAY_MILLIS);
        KeepAliveRequest w1 = KeepAliveRequest.newBuilder().setName("w1").setKeepaliveTtl(10).setRelayKeepaliveTtl(1800).build();
        assertEquals(10_000, ttl.millisFor(base, w1));
        assertEquals(1_800_000, ttl.millisFor(apply(base, start("s1", "w1")), w1));
    }
}
