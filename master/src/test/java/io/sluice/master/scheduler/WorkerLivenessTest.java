package io.sluice.master.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proto.KeepAliveRequest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerLivenessTest {
    private static final long DEFAULT_TTL = 10_000;

    @Test
    void aWorkerLivesForTheTtlItReports() {
        WorkerLiveness l = new WorkerLiveness(DEFAULT_TTL);
        l.record(KeepAliveRequest.newBuilder().setName("w1").setKeepaliveTtl(3).build(), 1_000);
        assertTrue(l.isAlive("w1", 4_000));
        assertFalse(l.isAlive("w1", 4_001));
        assertFalse(l.isAlive("never-heard", 1_000));
    }

    @Test
    void aNewLeaderGracesEachWorkerForItsRegisteredTtlNotTheDefault() {
        // this leader never heard from w1 (it followed while w1 kept alive to the old leader)
        WorkerLiveness l = new WorkerLiveness(DEFAULT_TTL);
        l.record(KeepAliveRequest.newBuilder().setName("w2").setKeepaliveTtl(5).build(), 0);
        l.graceAll(Map.of("w1", 3_000L, "w2", 0L, "w3", 0L), 50_000);
        assertEquals(Set.of("w1", "w2", "w3"), l.alive(53_000));
        assertEquals(Set.of("w2", "w3"), l.alive(53_001), "w1 lapses after its own 3 s");
        assertEquals(Set.of("w3"), l.alive(55_001), "w2 after the 5 s it last reported");
        assertEquals(Set.of(), l.alive(60_001), "w3, never heard of, after the default");
    }
}
