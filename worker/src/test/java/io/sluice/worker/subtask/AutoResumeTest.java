package io.sluice.worker.subtask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.MigrationRules;
import io.sluice.proto.Stage;
import io.sluice.proto.SubTaskStatus;
import io.sluice.testkit.MariaDbServer;
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

/**
 * Auto-resume against a real server: a row lock held on the target makes the writer time out
 * (1205), the subtask pauses with the error shown, and resumes by itself once the lock is gone;
 * with {@code checker.check-enable: false} the same error waits for resume-task.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutoResumeTest {
    private MariaDbServer db;

    @BeforeAll
    void start() {
        db = MariaDbServer.start("autoresume"); // upstream and target at once: schema `x` is routed to `x_dst`
        db.execute("SET GLOBAL innodb_lock_wait_timeout = 1"); // the writer's connections are opened after this
    }

    @AfterAll
    void stop() {
        if (db != null) {
            db.close();
        }
    }

    private SubtaskRunner runner(String schema, String checker, AtomicInteger syncRuns) throws Exception {
        String host = OneServerTask.hostYaml(db);
        TaskConfig task = ConfigFiles.parseTask("name: " + schema + "\ntask-mode: incremental\n"
                + "target-database: " + host + "\n"
                + "mysql-instances:\n  - source-id: s1\n    block-allow-list: ba\n    route-rules: [r]\n"
                + "    syncer: {worker-count: 1, batch: 10, checkpoint-flush-interval: 1}\n"
                + "    meta: " + OneServerTask.metaAtCurrentPosition(db) + "\n"
                + "block-allow-list:\n  ba: {do-dbs: [" + schema + "]}\n"
                + "routes:\n  r: {schema-pattern: " + schema + ", target-schema: " + schema + "_dst}\n");
        SourceConfig source = ConfigFiles.parseSource("source-id: s1\nfrom: " + host + "\nchecker: " + checker + "\n");
        SubtaskUnits counting = new CountingSyncUnits(syncRuns);
        return new SubtaskRunner(new SubtaskContext(task, task.instance("s1"), source, MigrationRules.of(task, task.instance("s1")),
                "w1", 1, Path.of("target", "autoresume-dump")), counting);
    }

    private String value(String table) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM " + table + " WHERE id = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Keeps answering like keepalives (expected stage Running, no resume-task) until {@code ok} or the deadline. */
    private static boolean keepalivesUntil(SubtaskRunner r, long seconds, java.util.function.BooleanSupplier ok) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000;
        while (System.currentTimeMillis() < deadline) {
            r.apply(Stage.Running, 0);
            if (ok.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Starts the subtask with row 1 locked on the target, so its UPDATE times out there. */
    private Connection lockedTarget(String schema) throws Exception {
        db.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO " + schema + ".t VALUES (1, 'old')",
                "CREATE DATABASE " + schema + "_dst", "CREATE TABLE " + schema + "_dst.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO " + schema + "_dst.t VALUES (1, 'old')");
        Connection lock = db.connect();
        lock.setAutoCommit(false);
        try (Statement st = lock.createStatement()) {
            st.executeQuery("SELECT * FROM " + schema + "_dst.t WHERE id = 1 FOR UPDATE").close();
        }
        return lock;
    }

    @Test
    void aLockWaitTimeoutIsResumedByItselfOnceTheLockIsGone() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SubtaskRunner r = runner("ar_on", "{backoff-max: 2s}", runs);
        try (Connection lock = lockedTarget("ar_on")) {
            r.apply(Stage.Running, 0);
            db.execute("UPDATE ar_on.t SET v = 'new' WHERE id = 1");
            long t0 = System.nanoTime();
            assertTrue(keepalivesUntil(r, 60, () -> r.stage() == Stage.Paused && r.status().getResult().getErrorsCount() > 0),
                    "paused by the lock wait timeout: " + r.status());
            double pausedAfter = (System.nanoTime() - t0) / 1e9;
            SubTaskStatus paused = r.status();
            assertEquals(SyncErrors.EXEC_DML.code(), paused.getResult().getErrors(0).getErrCode(), paused.toString());
            assertTrue(paused.getResult().getErrors(0).getRawCause().contains("Lock wait timeout"), paused.toString());
            assertTrue(keepalivesUntil(r, 60, () -> runs.get() >= 2), "auto-resumed while the lock is still held");
            lock.rollback();
            long t1 = System.nanoTime();
            assertTrue(keepalivesUntil(r, 60, () -> {
                try {
                    return "new".equals(value("ar_on_dst.t"));
                } catch (Exception e) {
                    return false;
                }
            }), "the row arrived after the lock was released: " + r.status());
            System.out.printf("auto-resume: paused after %.2f s, row applied %.2f s after the lock was released, %d sync runs%n",
                    pausedAfter, (System.nanoTime() - t1) / 1e9, runs.get());
            assertTrue(keepalivesUntil(r, 10, () -> r.stage() == Stage.Running && r.status().getResult().getErrorsCount() == 0),
                    r.status().toString());
        } finally {
            r.halt(Stage.Stopped);
        }
    }

    @Test
    void withCheckEnableFalseTheSameErrorWaitsForResumeTask() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SubtaskRunner r = runner("ar_off", "{check-enable: false}", runs);
        try (Connection lock = lockedTarget("ar_off")) {
            r.apply(Stage.Running, 0);
            db.execute("UPDATE ar_off.t SET v = 'new' WHERE id = 1");
            assertTrue(keepalivesUntil(r, 60, () -> r.stage() == Stage.Paused && r.status().getResult().getErrorsCount() > 0),
                    "paused by the lock wait timeout: " + r.status());
            lock.rollback();
            // the first backoff is 1 s: 5 s of keepalives would have resumed it
            assertTrue(!keepalivesUntil(r, 5, () -> runs.get() > 1), "never auto-resumed");
            assertEquals(Stage.Paused, r.stage());
            assertEquals(SyncErrors.EXEC_DML.code(), r.status().getResult().getErrors(0).getErrCode(), "the error stays shown");
            r.apply(Stage.Running, 1); // resume-task
            assertTrue(keepalivesUntil(r, 60, () -> {
                try {
                    return "new".equals(value("ar_off_dst.t"));
                } catch (Exception e) {
                    return false;
                }
            }), "resume-task applies the row: " + r.status());
        } finally {
            r.halt(Stage.Stopped);
        }
    }
}
