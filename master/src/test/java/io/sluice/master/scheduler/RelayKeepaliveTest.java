package io.sluice.master.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.raft.MetaCommands;
import io.sluice.proto.KeepAliveRequest;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutSource;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.SourceEntry;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * relay-keepalive-ttl: a worker whose bound source has relay enabled keeps its source through a
 * silence longer than keepalive-ttl, and loses it only after relay-keepalive-ttl.
 */
class RelayKeepaliveTest {
    private static final long TTL = 10_000;

    private static RaftCommand source(String id, boolean relay) {
        String yaml = "source-id: " + id + "\nenable-relay: " + relay + "\nfrom:\n  host: 127.0.0.1\n  port: 3306\n  user: root\n";
        return RaftCommand.newBuilder().setPutSource(PutSource.newBuilder()
                .setSource(SourceEntry.newBuilder().setSourceId(id).setConfig(yaml).setEnabled(true))).build();
    }

    private static ClusterState state(RaftCommand... cmds) {
        ClusterState s = ClusterState.getDefaultInstance();
        for (RaftCommand c : cmds) {
            s = ClusterMeta.apply(s, c);
        }
        return s;
    }

    private static ClusterState schedule(ClusterState s, WorkerLiveness liveness, long now) {
        for (RaftCommand c : BindingScheduler.decide(s, liveness.alive(now))) {
            s = ClusterMeta.apply(s, c);
        }
        return s;
    }

    private static KeepAliveRequest keepalive(String worker, long ttlSeconds, long relayTtlSeconds) {
        return KeepAliveRequest.newBuilder().setName(worker).setKeepaliveTtl(ttlSeconds).setRelayKeepaliveTtl(relayTtlSeconds).build();
    }

    @Test
    void aRelayWorkersSourceStaysThroughASilenceLongerThanKeepaliveTtl() {
        ClusterState s = state(source("relay-src", true), MetaCommands.worker("w1"), MetaCommands.worker("w2"),
                MetaCommands.bind("relay-src", "w1"));
        KeepaliveTtl ttl = new KeepaliveTtl(TTL, KeepaliveTtl.DEFAULT_RELAY_MILLIS);
        WorkerLiveness liveness = new WorkerLiveness(TTL);
        KeepAliveRequest w1 = keepalive("w1", 10, 60);
        assertEquals(60_000, ttl.millisFor(s, w1));
        liveness.record(w1, ttl.millisFor(s, w1), 0);
        liveness.record(keepalive("w2", 10, 60), ttl.millisFor(s, keepalive("w2", 10, 60)), 0);

        // w1 silent for 30 s; w2 keeps alive
        liveness.record(keepalive("w2", 10, 60), TTL, 30_000);
        s = schedule(s, liveness, 30_000);
        assertEquals("w1", ClusterMeta.workerOf(s, "relay-src"), "30 s is past keepalive-ttl but within relay-keepalive-ttl");

        liveness.record(keepalive("w2", 10, 60), TTL, 61_000);
        s = schedule(s, liveness, 61_000);
        assertEquals("w2", ClusterMeta.workerOf(s, "relay-src"), "past relay-keepalive-ttl the source moves");
    }

    @Test
    void withoutRelayTheWorkersOwnKeepaliveTtlApplies() {
        ClusterState s = state(source("plain", false), MetaCommands.worker("w1"), MetaCommands.worker("w2"),
                MetaCommands.bind("plain", "w1"));
        KeepaliveTtl ttl = new KeepaliveTtl(TTL, KeepaliveTtl.DEFAULT_RELAY_MILLIS);
        WorkerLiveness liveness = new WorkerLiveness(TTL);
        liveness.record(keepalive("w1", 3, 60), ttl.millisFor(s, keepalive("w1", 3, 60)), 0);
        liveness.record(keepalive("w2", 3, 60), TTL, 0);
        liveness.record(keepalive("w2", 3, 60), TTL, 4_000);
        assertFalse(liveness.isAlive("w1", 4_000));
        s = schedule(s, liveness, 4_000);
        assertEquals("w2", ClusterMeta.workerOf(s, "plain"));
    }

    @Test
    void defaultsApplyWhenTheWorkerSendsNoTtl() {
        ClusterState s = state(source("relay-src", true), source("plain", false), MetaCommands.worker("w1"),
                MetaCommands.worker("w2"), MetaCommands.bind("relay-src", "w1"), MetaCommands.bind("plain", "w2"));
        KeepaliveTtl ttl = new KeepaliveTtl(TTL, KeepaliveTtl.DEFAULT_RELAY_MILLIS);
        assertEquals(1_800_000, ttl.millisFor(s, KeepAliveRequest.newBuilder().setName("w1").build()));
        assertEquals(TTL, ttl.millisFor(s, KeepAliveRequest.newBuilder().setName("w2").build()));
        assertEquals(TTL, ttl.millisFor(s, KeepAliveRequest.newBuilder().setName("free-worker").build()));
        WorkerLiveness liveness = new WorkerLiveness(TTL);
        liveness.record(KeepAliveRequest.newBuilder().setName("w1").build(), ttl.millisFor(s, KeepAliveRequest.newBuilder().setName("w1").build()), 0);
        assertTrue(liveness.alive(1_000_000).contains("w1"));
        assertEquals(Set.of(), liveness.alive(1_800_001));
    }
}
