package io.sluice.worker.subtask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.MigrationRules;
import io.sluice.proto.ProcessError;
import io.sluice.proto.Stage;
import io.sluice.proto.SubTaskStatus;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.DataPathUnits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A sync whose checkpoint points into binlog the upstream has purged: one clear error, and no auto-resume. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PurgedBinlogTest {
    private MariaDbServer db;

    @BeforeAll
    void start() {
        db = MariaDbServer.start("purged"); // source and target at once: the target only holds dm_meta
    }

    @AfterAll
    void stop() {
        if (db != null) {
            db.close();
        }
    }

    private static boolean binlogListed(Statement st, String file) throws java.sql.SQLException {
        try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                if (rs.getString(1).equals(file)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aPurgedStartPositionPausesWithItsCodeAndIsNeverRetried() throws Exception {
        String oldFile;
        String gtidBeforePurge;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                oldFile = rs.getString(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos")) {
                rs.next();
                gtidBeforePurge = rs.getString(1);
            }
            assertFalse(gtidBeforePurge.isEmpty(), "the server's setup wrote transactions");
            st.execute("CREATE DATABASE purged_db"); // a transaction after that GTID state, only in the file purged below
            // MariaDB keeps a file until its binlog checkpoint has moved on: flush and purge until it is gone
            long deadline = System.currentTimeMillis() + 30_000;
            while (binlogListed(st, oldFile)) {
                assertTrue(System.currentTimeMillis() < deadline, "the upstream never purged " + oldFile);
                st.execute("FLUSH BINARY LOGS");
                try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                    rs.next();
                    st.execute("PURGE BINARY LOGS TO '" + rs.getString(1) + "'");
                }
                Thread.sleep(200);
            }
        }
        String host = OneServerTask.hostYaml(db);
        TaskConfig task = ConfigFiles.parseTask("name: purged\ntask-mode: incremental\nmeta-schema: purged_meta\n"
                + "target-database: " + host + "\n"
                + "mysql-instances:\n  - source-id: s1\n    block-allow-list: none\n    meta: {binlog-name: " + oldFile + ", binlog-pos: 4}\n"
                // the target is this same server: replicate nothing, or our own writes would come back
                + "block-allow-list:\n  none: {do-dbs: [nothing_at_all]}\n");
        SourceConfig source = ConfigFiles.parseSource("source-id: s1\nfrom: " + host + "\n");
        SubtaskContext ctx = new SubtaskContext(task, task.instance("s1"), source, MigrationRules.of(task, task.instance("s1")),
                "w1", 1, Path.of("target", "purged-dump"));
        AtomicInteger syncRuns = new AtomicInteger();
        SubtaskUnits counting = new CountingSyncUnits(syncRuns);
        SubtaskRunner runner = new SubtaskRunner(ctx, counting);
        long t0 = System.nanoTime();
        runner.apply(Stage.Running, 0);
        long deadline = System.currentTimeMillis() + 60_000;
        while (runner.status().getResult().getErrorsCount() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        SubTaskStatus st = runner.status();
        assertEquals(Stage.Paused, st.getStage(), st.toString());
        ProcessError err = st.getResult().getErrors(0);
        assertEquals(SyncErrors.BINLOG_PURGED.code(), err.getErrCode(), err.toString());
        assertTrue(err.getMessage().contains(oldFile), err.getMessage());
        assertTrue(err.getWorkaround().contains("--remove-meta"), err.getWorkaround());
        assertTrue(secs < 20, "one attempt, not a reconnect loop: " + secs + " s");
        System.out.printf("purged binlog: paused with %d after %.2f s%n", err.getErrCode(), secs);

        // keepalives keep saying Running; without resume-task the subtask stays paused (the first
        // the first auto-resume backoff is 1 s (checker.backoff-min), so 6 s of keepalives would have retried a transient error)
        for (int i = 0; i < 30; i++) {
            runner.apply(Stage.Running, 0);
            Thread.sleep(200);
        }
        assertEquals(1, syncRuns.get(), "never auto-resumed");
        assertEquals(Stage.Paused, runner.status().getStage());
        assertFalse(SubtaskRunner.isTransient(SyncErrors.BINLOG_PURGED.error("x", "y")));

        // the same in GTID mode: the GTID state asked for is only in purged files
        TaskConfig gtidTask = ConfigFiles.parseTask("name: purged_gtid\ntask-mode: incremental\nmeta-schema: purged_meta\n"
                + "target-database: " + host + "\n"
                + "mysql-instances:\n  - source-id: s1\n    block-allow-list: none\n    meta: {binlog-gtid: \"" + gtidBeforePurge + "\"}\n"
                + "block-allow-list:\n  none: {do-dbs: [nothing_at_all]}\n");
        SourceConfig gtidSource = ConfigFiles.parseSource("source-id: s1\nenable-gtid: true\nfrom: " + host + "\n");
        SubtaskRunner gtidRunner = new SubtaskRunner(new SubtaskContext(gtidTask, gtidTask.instance("s1"), gtidSource,
                MigrationRules.of(gtidTask, gtidTask.instance("s1")), "w1", 1, Path.of("target", "purged-dump")), new DataPathUnits());
        gtidRunner.apply(Stage.Running, 0);
        deadline = System.currentTimeMillis() + 60_000;
        while (gtidRunner.status().getResult().getErrorsCount() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        ProcessError gtidErr = gtidRunner.status().getResult().getErrors(0);
        assertEquals(SyncErrors.BINLOG_PURGED.code(), gtidErr.getErrCode(), gtidErr.toString());
        assertTrue(gtidErr.getMessage().contains(gtidBeforePurge), gtidErr.getMessage());
    }
}
