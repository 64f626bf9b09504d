package io.sluice.worker.subtask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.filter.MigrationRules;
import io.sluice.proto.Stage;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.UnitType;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The subtask stage machine, driven with units that stand in for dump, load and sync. */
class SubtaskRunnerTest {
    /** A sync unit that runs until stopped, taking {@code stopMillis} to save its progress. */
    static class SlowStoppingUnit implements Unit {
        final CountDownLatch stopped = new CountDownLatch(1);
        final long stopMillis;

        SlowStoppingUnit(long stopMillis) {
            this.stopMillis = stopMillis;
        }

        @Override
        public UnitType type() {
            return UnitType.Sync;
        }

        @Override
        public void process(SubtaskContext ctx) throws Exception {
            stopped.await();
            Thread.sleep(stopMillis);
        }

        @Override
        public void stop() {
            stopped.countDown();
        }

        @Override
        public void fillStatus(SubTaskStatus.Builder status) {
        }
    }

    /** Units for an incremental task; the sync unit fails the first {@code failures} runs. */
    static final class Units implements SubtaskUnits {
        final AtomicInteger syncRuns = new AtomicInteger();
        final int failures;
        final RuntimeException failure;
        final long stopMillis;

        Units(int failures, RuntimeException failure, long stopMillis) {
            this.failures = failures;
            this.failure = failure;
            this.stopMillis = stopMillis;
        }

        @Override
        public Unit dump() {
            throw new AssertionError("an incremental task has no dump");
        }

        @Override
        public Unit load() {
            throw new AssertionError("an incremental task has no load");
        }

        @Override
        public Unit sync(BinlogPosition start) {
            int run = syncRuns.incrementAndGet();
            if (run <= failures) {
                return new SlowStoppingUnit(0) {
                    @Override
                    public void process(SubtaskContext ctx) {
                        throw failure;
                    }
                };
            }
            return new SlowStoppingUnit(stopMillis);
        }

        @Override
        public BinlogPosition dumpPosition(SubtaskContext ctx) {
            return BinlogPosition.EMPTY;
        }

        @Override
        public boolean syncCheckpointExists(SubtaskContext ctx) {
            return true;
        }
    }

    private static SubtaskContext context() {
        TaskConfig task = ConfigFiles.parseTask("name: t\ntask-mode: incremental\n"
                + "target-database: {host: 127.0.0.1, port: 3306, user: root, password: ''}\n"
                + "mysql-instances:\n  - source-id: s1\n");
        SourceConfig source = ConfigFiles.parseSource("source-id: s1\nfrom: {host: 127.0.0.1, port: 3306, user: root}\n");
        return new SubtaskContext(task, task.instance("s1"), source, MigrationRules.of(task, task.instance("s1")), "w1", 1,
                Path.of("target", "dump"));
    }

    private static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!ok.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void pausingDoesNotBlockTheCallerAndSettlesWhenTheUnitHasStopped() throws Exception {
        SubtaskRunner r = new SubtaskRunner(context(), new Units(0, null, 500));
        r.apply(Stage.Running, 0);
        await("running", () -> r.stage() == Stage.Running);
        long t0 = System.nanoTime();
        r.apply(Stage.Paused, 0);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(tookMs < 300, "apply(Paused) returned after " + tookMs + " ms");
        await("paused", () -> r.stage() == Stage.Paused);
        r.apply(Stage.Running, 1);
        await("running again", () -> r.stage() == Stage.Running);
        r.halt(Stage.Stopped);
        assertEquals(Stage.Stopped, r.stage());
    }

    @Test
    void aFailureIsKeptUntilResumeTaskAsksAgain() throws Exception {
        Units units = new Units(1, WorkerErrors.FENCED.error(), 0);
        SubtaskRunner r = new SubtaskRunner(context(), units);
        r.apply(Stage.Running, 0);
        await("paused by the error", () -> r.stage() == Stage.Paused && r.status().getResult().getErrorsCount() == 1);
        assertEquals(40090, r.status().getResult().getErrors(0).getErrCode());
        r.apply(Stage.Running, 0);
        Thread.sleep(100);
        assertEquals(1, units.syncRuns.get(), "a non-transient error waits for resume-task");
        r.apply(Stage.Running, 1);
        await("resumed", () -> r.stage() == Stage.Running && units.syncRuns.get() == 2);
        assertEquals(0, r.status().getResult().getErrorsCount());
        r.halt(Stage.Stopped);
    }

    @Test
    void aTransientErrorIsRetriedWithoutBeingAsked() throws Exception {
        Units units = new Units(1, new IllegalStateException("x", new java.sql.SQLTransientConnectionException("gone")), 0);
        SubtaskRunner r = new SubtaskRunner(context(), units);
        r.apply(Stage.Running, 0);
        await("paused by the error", () -> r.stage() == Stage.Paused);
        await("retried after its backoff", () -> {
            r.apply(Stage.Running, 0);
            return units.syncRuns.get() == 2 && r.stage() == Stage.Running;
        });
        r.halt(Stage.Stopped);
    }
}
