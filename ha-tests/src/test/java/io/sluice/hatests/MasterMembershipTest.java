package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Masters joining with --join and restarting with the same flags; operate-leader evict and cancel-evict. */
class MasterMembershipTest {
    @Test
    void aJoinedMasterWithARelativeDataDirRejoinsWithUnchangedFlags() throws Exception {
        try (Cluster c = Cluster.start("rejoin", 3, 0)) {
            SluiceProcess m4 = c.joinMaster();
            c.await("m4 joined and alive", 90, () -> Boolean.TRUE.equals(c.listMasters().get("m4")));
            assertEquals(4, c.listMasters().size(), c.listMasters().toString());
            assertTrue(Files.exists(c.dir().resolve("m4-data").resolve("joined")), "the relative data dir is under the working dir");

            m4.kill();
            c.await("m4 seen dead", 30, () -> Boolean.FALSE.equals(c.listMasters().get("m4")));
            m4.restart();
            c.await("m4 back and alive", 90, () -> Boolean.TRUE.equals(c.listMasters().get("m4")));
            assertEquals(Map.of("m1", true, "m2", true, "m3", true, "m4", true), c.listMasters());

            // m4 serves the API on its own address (forwarding to the leader) and records writes
            String m4Addr = c.masterAddrs.get(3);
            c.await("m4's client API up", 30, () -> c.ctlAt(m4Addr, "list-member", "--leader").exitCode() == 0);
            Cluster.CtlResult r = c.ctlAt(m4Addr, "list-member", "--leader");
            assertTrue(r.out().contains("\"name\": \"m"), "m4 forwards to the leader: " + r);
            String log = Files.readString(m4.log());
            assertFalse(log.contains("already"), "no bootstrap complaint on restart");
            assertTrue(log.contains("event=master_registered master=m4 joined=false"), "the restart did not ask to be added again");

            Cluster.CtlResult dup = c.ctl("offline-member", "--master", "--name", "m2");
            assertEquals(1, dup.exitCode(), dup.toString());
            assertTrue(dup.out().contains("code=38060"), "a running master is not offlined: " + dup);
            Cluster.CtlResult unknown = c.ctl("offline-member", "--master", "--name", "m9");
            assertTrue(unknown.out().contains("code=38048"), unknown.toString());
        }
    }

    @Test
    void anEvictedLeaderStepsDownAndDoesNotWinAgainUntilCancelled() throws Exception {
        try (Cluster c = Cluster.start("evict", 3, 0)) {
            int evicted = c.leaderIndex();
            JsonNode r = c.ctlJson("operate-leader", "evict");
            assertTrue(r.path("result").asBoolean(), r.toString());
            c.await("leadership moved off m" + (evicted + 1), 30, () -> c.leaderIndex() != evicted);
            int second = c.leaderIndex();

            // the new leader dies: of the two left only the one not evicted may win
            c.masters.get(second).kill();
            int third = 3 - evicted - second;
            c.await("m" + (third + 1) + " leads", 60, () -> c.leaderIndex() == third);
            Thread.sleep(5_000); // several election timeouts: the evicted master stays a follower
            assertEquals(third, c.leaderIndex());

            c.masters.get(second).restart();
            c.await("m" + (second + 1) + " back", 60, () -> Boolean.TRUE.equals(c.listMasters().get("m" + (second + 1))));
            assertTrue(c.ctlJson("operate-leader", "evict").path("result").asBoolean());
            c.await("leadership went to the only master not evicted", 30, () -> c.leaderIndex() == second);

            Cluster.CtlResult none = c.ctl("operate-leader", "evict");
            assertEquals(1, none.exitCode(), none.toString());
            assertTrue(none.out().contains("code=38062"), "nobody left to lead: " + none);
            assertEquals(second, c.leaderIndex(), "a refused evict leaves the leader in place");

            assertTrue(c.ctlJson("operate-leader", "cancel-evict").path("result").asBoolean());
            assertTrue(c.ctlJson("operate-leader", "evict").path("result").asBoolean(), "after cancel-evict the others may lead");
            c.await("leadership moved to a formerly evicted master", 30, () -> c.leaderIndex() != second);
            assertNotEquals(second, c.leaderIndex());
        }
    }
}
