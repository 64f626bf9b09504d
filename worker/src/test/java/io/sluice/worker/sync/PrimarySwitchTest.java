package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.SyncerConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.filter.MigrationRules;
import io.sluice.proto.RelayStatus;
import io.sluice.proto.SubTaskStatus;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.relay.RelayLog;
import io.sluice.worker.relay.RelayUnit;
import io.sluice.worker.subtask.SubtaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A primary switch under a running task, as a VIP move does it: the source's second server
 * replicates the first by MariaDB's own GTID replication; the first stops, the second is promoted
 * and takes the first's port. It is another server (new server id, so a new relay
 * sub-directory) with the same GTID history. The sync continues by GTID, with the relay and
 * without it, and the target ends equal to the source, keyless table included (so a replayed or
 * a skipped event would show).
 */
@Tag("integration")
class PrimarySwitchTest extends SyncUnitFixture {
    private static final String KEYED = "sw.t";
    private static final String KEYLESS = "sw.journal";

    PrimarySwitchTest() {
        super("primary-switch");
    }

    @Test
    void relayOpensANewSubDirectoryAndTheSyncReadingItContinuesByGtid() throws Exception {
        MariaDbServer replica = replicaOf(primary());
        Path dir = Files.createTempDirectory(Path.of("target"), "relay-switch-");
        SourceConfig sc = source();
        sc.enableRelay = true;
        try (RelayUnit relay = new RelayUnit(sc, dir, "worker-test", () -> null)) {
            relay.start();
            RelayLog log = relay.awaitLog(30_000);
            assertTrue(log != null, "relay started: " + relay.status());
            Running unit = start(new SyncUnit(masterPosition()).readingFrom(log), context(sc));
            createTables();
            write(src, 0, 100);
            awaitTarget(unit, src);
            assertEquals("local", status(unit).getSync().getBinlogType());
            String before = relay.status().getRelaySubDir();

            // the relay falls behind: what the old primary wrote last, the relay pulls from the new one,
            // whose file holding the relay's GTID also holds transactions the relay already has
            relay.pause();
            write(src, 100, 160);
            switchTo(replica);
            relay.resume();
            write(replica, 160, 260);
            awaitTarget(unit, replica);

            List<String> index = Files.readAllLines(dir.resolve("server-uuid.index"));
            assertEquals(2, index.size(), index.toString());
            assertEquals(before, index.get(0));
            assertTrue(index.get(1).endsWith(".000002"), index.toString());
            assertEquals("0-" + replica.serverId() + ".000002", index.get(1), "MariaDB names a server <domain>-<server-id>");
            RelayStatus rs = awaitRelayCaughtUp(relay);
            assertEquals(index.get(1), rs.getRelaySubDir());
            assertEquals(gtidBinlogPos(replica), rs.getRelayBinlogGtid(), rs.toString());
            assertEquals("local", status(unit).getSync().getBinlogType());
            unit.stopAndJoin();
        } finally {
            replica.close();
        }
    }

    @Test
    void syncReadingTheUpstreamContinuesByGtidAcrossTheSwitch() throws Exception {
        MariaDbServer replica = replicaOf(primary());
        try {
            SourceConfig sc = source();
            Running unit = start(new SyncUnit(masterPosition()), context(sc));
            createTables();
            write(src, 0, 100);
            awaitTarget(unit, src);
            assertEquals("remote", status(unit).getSync().getBinlogType());
            write(src, 100, 160);
            switchTo(replica);
            write(replica, 160, 260);
            awaitTarget(unit, replica);
            unit.stopAndJoin();
        } finally {
            replica.close();
        }
    }

    /** The fixture's source for the first test; a fresh one after a switch stopped it. */
    private MariaDbServer primary() {
        if (!src.isRunning()) {
            src = MariaDbServer.start("primary-switch-src2");
        }
        src.execute("DROP DATABASE IF EXISTS sw");
        dst.execute("DROP DATABASE IF EXISTS sw", "DROP DATABASE IF EXISTS dm_meta");
        return src;
    }

    /** A new server replicating {@code primary} by GTID from its current position, caught up before it returns. */
    private static MariaDbServer replicaOf(MariaDbServer primary) throws Exception {
        MariaDbServer replica = MariaDbServer.start("primary-switch-replica");
        String from = gtidBinlogPos(primary);
        replica.execute("RESET MASTER", "SET GLOBAL gtid_slave_pos = '" + from + "'",
                "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port() + ", MASTER_USER='root', MASTER_PASSWORD='"
                        + MariaDbServer.ROOT_PASSWORD + "', MASTER_USE_GTID=slave_pos",
                "START SLAVE");
        awaitReplicated(primary, replica);
        return replica;
    }

    /** The tables, created once the sync runs: their DDL goes through it. */
    private void createTables() {
        // the old primary's file numbers run ahead of the replica's: after the switch the binlog
        // names go back (mysql-bin.000004 → .000002), which no offset comparison may mistake for a replay
        src.execute("FLUSH BINARY LOGS", "FLUSH BINARY LOGS", "FLUSH BINARY LOGS");
        src.execute("CREATE DATABASE sw", "CREATE TABLE " + KEYED + " (id INT PRIMARY KEY, v VARCHAR(40), n INT)",
                "CREATE TABLE " + KEYLESS + " (n INT, note VARCHAR(40))");
    }

    /** The replica catches up, the primary stops, the replica stops replicating and restarts on the primary's port. */
    private void switchTo(MariaDbServer replica) throws Exception {
        awaitReplicated(src, replica);
        int port = src.port();
        src.close();
        replica.execute("STOP SLAVE", "RESET SLAVE ALL");
        replica.restartOn(port);
    }

    private static void awaitReplicated(MariaDbServer primary, MariaDbServer replica) throws Exception {
        String want = gtidBinlogPos(primary);
        long deadline = System.currentTimeMillis() + 60_000;
        while (!want.equals(gtid(replica, "gtid_current_pos"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("replica did not reach " + want + ": " + gtid(replica, "gtid_current_pos"));
            }
            Thread.sleep(100);
        }
    }

    private static String gtidBinlogPos(MariaDbServer s) throws Exception {
        return gtid(s, "gtid_binlog_pos");
    }

    private static String gtid(MariaDbServer s, String variable) throws Exception {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@" + variable)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Inserts and updates on the keyed table, deletes some; appends to the keyless one. */
    private static void write(MariaDbServer s, int from, int to) {
        for (int i = from; i < to; i += 10) {
            StringBuilder values = new StringBuilder();
            for (int j = i; j < i + 10; j++) {
                values.append(j == i ? "" : ",").append("(").append(j).append(", 'v").append(j).append("', ").append(j * 3).append(")");
            }
            s.execute("INSERT INTO " + KEYED + " VALUES " + values,
                    "UPDATE " + KEYED + " SET n = n + 1 WHERE id BETWEEN " + i + " AND " + (i + 9) + " AND id % 3 = 0",
                    "DELETE FROM " + KEYED + " WHERE id = " + (i + 5),
                    "INSERT INTO " + KEYLESS + " VALUES (" + i + ", 'batch'), (" + i + ", 'batch')");
        }
    }

    private void awaitTarget(Running unit, MariaDbServer source) throws Exception {
        awaitPairs(unit, KEYED, "id, CONCAT_WS(':', v, n)", pairs(source, KEYED, "id, CONCAT_WS(':', v, n)"));
        String journal = "n, COUNT(*)";
        awaitPairs(unit, KEYLESS + " GROUP BY n", journal, pairs(source, KEYLESS + " GROUP BY n", journal));
    }

    private static SubTaskStatus status(Running unit) {
        SubTaskStatus.Builder b = SubTaskStatus.newBuilder();
        unit.unit().fillStatus(b);
        return b.build();
    }

    private static RelayStatus awaitRelayCaughtUp(RelayUnit relay) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        RelayStatus rs = relay.status();
        while (!rs.getRelayCatchUpMaster() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            rs = relay.status();
        }
        assertTrue(rs.getRelayCatchUpMaster(), rs.toString());
        return rs;
    }

    private SourceConfig source() {
        SourceConfig sc = new SourceConfig();
        sc.sourceId = SOURCE_ID;
        sc.enableGtid = true;
        sc.from = db(src);
        return sc;
    }

    private SubtaskContext context(SourceConfig sc) {
        TaskConfig tc = new TaskConfig();
        tc.name = "switch_task";
        tc.metaSchema = "dm_meta";
        tc.targetDatabase = db(dst);
        InstanceConfig ic = new InstanceConfig();
        ic.sourceId = SOURCE_ID;
        ic.syncer = new SyncerConfig();
        ic.syncer.workerCount = 4;
        ic.syncer.batch = 20;
        ic.syncer.checkpointFlushInterval = 1;
        return new SubtaskContext(tc, ic, sc, MigrationRules.of(tc, ic), "worker-test", 1, Path.of("target"));
    }
}
