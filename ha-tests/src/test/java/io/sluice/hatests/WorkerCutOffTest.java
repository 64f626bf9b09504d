package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bound worker loses the masters but not the databases: it reaches the three masters only
 * through proxies, which the test cuts (connections refused) or blackholes (connections hang).
 * Under write load the worker must stop its subtasks by itself within about its keepalive TTL,
 * the leader must give the source to the spare, and once the network heals the old worker must
 * stay out: free, writing nothing, with the fence on the target at the successor's epoch; the
 * target ends equal to the source with no row doubled.
 */
class WorkerCutOffTest {
    private static final long TTL_MS = 3_000;

    @Test
    void aWorkerCutOffFromTheMastersStopsItselfAndItsSourceMoves() throws Exception {
        isolateAndHeal("wcut", TcpProxy::cut);
    }

    @Test
    void aWorkerWhoseMasterTrafficVanishesStopsItselfAndItsSourceMoves() throws Exception {
        isolateAndHeal("whole", TcpProxy::blackhole);
    }

    private interface Fault {
        void apply(TcpProxy p) throws Exception;
    }

    private void isolateAndHeal(String name, Fault fault) throws Exception {
        List<TcpProxy> proxies = new ArrayList<>();
        try (SyncingTask t = SyncingTask.start(name, () -> behindProxies(name, proxies))) {
            SluiceProcess isolated = t.cluster.workers.get(0);
            String spare = t.cluster.workers.get(1).name();
            if (!isolated.name().equals(t.boundWorker().name())) {
                assertEquals(0, t.cluster.ctl("transfer-source", SyncingTask.SOURCE, isolated.name()).exitCode());
                t.awaitSyncingOn(isolated.name());
            }
            long epochBefore = fenceEpoch(t);
            try (WriteLoad load = t.writes()) {
                Thread.sleep(2000);
                long cutAt = System.currentTimeMillis();
                for (TcpProxy p : proxies) {
                    fault.apply(p);
                }
                long fencedAfter = awaitLog(t, isolated, "event=self_fenced ", cutAt) - cutAt;
                System.out.printf("CUT-OFF %s: worker stopped its subtasks %d ms after the cut (ttl %d ms)%n", name, fencedAfter, TTL_MS);
                // it counts its TTL from its last answered keepalive, sent at most a second before the cut
                assertTrue(fencedAfter <= TTL_MS + 4_000, "self-fenced " + fencedAfter + " ms after the cut");

                assertEquals(spare, t.awaitMovedOffFrom(isolated.name()));
                t.awaitSyncingOn(spare);
                Thread.sleep(2000);
                for (TcpProxy p : proxies) {
                    p.heal();
                }
                t.cluster.await(isolated.name() + " back, and free", 60, () -> "free".equals(t.cluster.workerStage(isolated.name())));
                Thread.sleep(3000);
                assertTrue(load.stop() > 100);
            }
            assertEquals(spare, t.cluster.workerOf(SyncingTask.SOURCE), "the source stays with the spare");
            t.awaitEqual("after the cut-off worker came back");
            assertEquals("Running", t.cluster.subtask(t.task).path("stage").asText());
            assertTrue(fenceEpoch(t) > epochBefore, "the successor raised the fence");
            String log = Files.readString(isolated.log());
            String afterFence = log.substring(log.lastIndexOf("event=self_fenced "));
            assertFalse(afterFence.contains("event=subtask_start"), "the isolated worker started nothing after it stopped:\n" + afterFence);
            assertTrue(afterFence.contains("event=master_reachable_again"), afterFence);
            assertNotEquals("", t.cluster.workerOf(SyncingTask.SOURCE));
        } finally {
            for (TcpProxy p : proxies) {
                p.close();
            }
        }
    }

    /** Three masters; w1 reaches them only through proxies, w2 directly. */
    private static Cluster behindProxies(String name, List<TcpProxy> proxies) throws Exception {
        Cluster c = Cluster.start(name, 3, 0);
        for (String addr : c.masterAddrs) {
            proxies.add(TcpProxy.start(addr));
        }
        c.addWorker(name + "-w1", String.join(",", proxies.stream().map(TcpProxy::address).toList()));
        c.addWorker(name + "-w2");
        c.await("both workers registered", 60, () -> !c.workerStage(name + "-w1").isEmpty() && !c.workerStage(name + "-w2").isEmpty());
        return c;
    }

    /** The time stamp of the first line with {@code marker} that the process logged after {@code since}. */
    private static long awaitLog(SyncingTask t, SluiceProcess p, String marker, long since) throws Exception {
        long[] seen = {0};
        t.cluster.await(p.name() + " logs " + marker.trim(), 60, () -> {
            for (String line : Files.readAllLines(p.log())) {
                if (line.startsWith("ts=") && line.contains(marker)) {
                    long at = Instant.parse(line.substring(3, line.indexOf(' '))).toEpochMilli();
                    if (at >= since) {
                        seen[0] = at;
                        return true;
                    }
                }
            }
            return false;
        });
        return seen[0];
    }

    private static long fenceEpoch(SyncingTask t) throws Exception {
        try (Connection c = t.dst.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT epoch FROM dm_meta.`" + t.task + "_fence` WHERE id = '" + SyncingTask.SOURCE + "'")) {
            assertTrue(rs.next(), "a fence row for the source");
            return rs.getLong(1);
        }
    }
}
