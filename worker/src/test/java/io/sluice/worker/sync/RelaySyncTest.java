package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.SyncerConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.relay.RelayLog;
import io.sluice.worker.relay.RelayUnit;
import io.sluice.worker.subtask.SubtaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sync unit reading the relay log instead of the upstream, across an upstream restart. */
@Tag("integration")
class RelaySyncTest extends SyncUnitFixture {
    RelaySyncTest() {
        super("relay-sync");
    }

    @Test
    void taskReadingTheRelayEndsWithTargetEqualToSource() throws Exception {
        SourceConfig sc = new SourceConfig();
        sc.sourceId = SOURCE_ID;
        sc.enableRelay = true;
        sc.from = db(src);
        Path dir = Files.createTempDirectory(Path.of("target"), "relay-sync-");
        try (RelayUnit relay = new RelayUnit(sc, dir, "worker-test", () -> null)) {
            relay.start();
            RelayLog log = relay.awaitLog(30_000);
            assertTrue(log != null, "relay started: " + relay.status());
            Running unit = start(new SyncUnit(masterPosition()).readingFrom(log), context());
            src.execute("CREATE DATABASE rs", "CREATE TABLE rs.t (id INT PRIMARY KEY, v VARCHAR(40), n INT)");
            write(0, 150);
            awaitPairs(unit, "rs.t", "id, CONCAT_WS(':', v, n)", pairs(src, "rs.t", "id, CONCAT_WS(':', v, n)"));
            src.restart(); // while the sync unit follows the relay
            write(150, 200);
            write(200, 300);
            src.execute("ALTER TABLE rs.t ADD COLUMN extra INT DEFAULT 5", "UPDATE rs.t SET extra = id % 7 WHERE id < 100");
            write(300, 400);
            awaitPairs(unit, "rs.t", "id, CONCAT_WS(':', v, n, extra)", rows(src));
            unit.stopAndJoin();
            try (var files = Files.list(dir.resolve(relay.status().getRelaySubDir()))) {
                assertTrue(files.count() >= 3, "two relay files and relay.meta");
            }
        }
    }

    /** Inserts, updates every third row, deletes every tenth, one transaction per statement group. */
    private void write(int from, int to) {
        for (int i = from; i < to; i += 10) {
            StringBuilder values = new StringBuilder();
            for (int j = i; j < i + 10; j++) {
                values.append(j == i ? "" : ",").append("(").append(j).append(", 'v").append(j).append("', ").append(j * 3).append(")");
            }
            src.execute("INSERT INTO rs.t (id, v, n) VALUES " + values,
                    "UPDATE rs.t SET n = n + 1 WHERE id BETWEEN " + i + " AND " + (i + 9) + " AND id % 3 = 0",
                    "DELETE FROM rs.t WHERE id = " + (i + 5));
        }
    }

    private static List<String> rows(MariaDbServer s) throws Exception {
        return pairs(s, "rs.t", "id, CONCAT_WS(':', v, n, extra)");
    }

    private SubtaskContext context() {
        TaskConfig tc = new TaskConfig();
        tc.name = "relay_task";
        tc.metaSchema = "dm_meta";
        tc.targetDatabase = db(dst);
        InstanceConfig ic = new InstanceConfig();
        ic.sourceId = SOURCE_ID;
        ic.syncer = new SyncerConfig();
        ic.syncer.workerCount = 4;
        ic.syncer.batch = 20;
        ic.syncer.checkpointFlushInterval = 1;
        return contextOf(tc, ic, 1);
    }
}
