package io.sluice.worker.subtask;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.SluiceException;
import io.sluice.proto.ProcessResult;
import io.sluice.proto.Stage;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.UnitType;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask on this worker: runs its units in order (dump → load → sync, as the task mode
 * says) on its own thread and moves between DM's stages. The master's expected stage comes in
 * through {@link #apply}; an error pauses the subtask with the error kept for query-status,
 * and errors that heal by themselves ({@link ResumableErrors}) are resumed after the source's
 * {@code checker.*} backoff ({@link ResumeBackoff}; DM's auto-resume, off with
 * {@code check-enable: false}). The error stays in query-status until the resume starts.
 */
public final class SubtaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SubtaskRunner.class);

    private final SubtaskContext ctx;
    private final SubtaskUnits units;
    private volatile Stage stage = Stage.New;
    private volatile Unit current;
    private volatile Unit lastUnit;
    private volatile ProcessResult result;
    private volatile boolean halting;
    private volatile Stage haltTo = Stage.Paused;
    private Thread thread;
    private long seenResumes = -1;
    private int failures;
    private long retryAt;
    private boolean retryable;
    private final boolean autoResume;
    private final ResumeBackoff backoff;
    private long runningSince;
    private boolean operating;

    public SubtaskRunner(SubtaskContext ctx, SubtaskUnits units) {
        this.ctx = ctx;
        this.units = units;
        this.autoResume = ctx.source().checker.checkEnable;
        this.backoff = ResumeBackoff.of(ctx.source().checker);
    }

    public SubtaskContext context() {
        return ctx;
    }

    public Stage stage() {
        return stage;
    }

    /** Work done on a paused subtask's saved state while it stays paused. */
    public interface PausedWork<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work} if the subtask is paused with its sync unit reached, and keeps it paused
     * meanwhile: a resume arriving in between is applied at the next keepalive after the work,
     * so the next run sees the whole change. The work runs outside this runner's lock, so the
     * keepalive thread never waits on it. The 40051 error when the subtask runs (or is still
     * stopping), 40056 before its sync unit.
     */
    public <T> T whilePaused(PausedWork<T> work) throws Exception {
        synchronized (this) {
            boolean running = thread != null && thread.isAlive();
            if (running || stage != Stage.Paused || operating) {
                throw WorkerErrors.NOT_PAUSED.error(running || operating ? Stage.Running : stage);
            }
            Unit u = lastUnit;
            if (u != null && u.type() != UnitType.Sync) {
                throw WorkerErrors.SYNC_UNIT_ONLY.error(u.type());
            }
            operating = true;
        }
        try {
            return work.run();
        } finally {
            synchronized (this) {
                operating = false;
            }
        }
    }

    /** Moves towards the stage the master expects. Called on each keepalive reply. */
    public synchronized void apply(Stage expected, long resumes) {
        if (operating && expected == Stage.Running) {
            return; // operate-schema is changing what the next run starts from: a resume is seen once it is done
        }
        boolean resumeAsked = seenResumes >= 0 && resumes > seenResumes;
        seenResumes = resumes;
        boolean running = thread != null && thread.isAlive();
        if (expected == Stage.Running) {
            if (running || stage == Stage.Finished) {
                if (running && result == null) {
                    backoff.onRunning(runningSince, System.currentTimeMillis());
                }
                return;
            }
            boolean errored = result != null && result.getErrorsCount() > 0;
            if (!errored || resumeAsked || (retryable && System.currentTimeMillis() >= retryAt)) {
                if (errored) {
                    LOG.info("event=subtask_resume {} failures={} asked={} auto={}", ctx.logTags(), failures, resumeAsked,
                            !resumeAsked);
                }
                start();
            }
        } else if (expected == Stage.Paused) {
            if (running) {
                requestHalt(Stage.Paused);
            } else if (stage != Stage.Finished && stage != Stage.Paused) {
                stage = Stage.Paused;
            }
        }
    }

    private void start() {
        halting = false;
        haltTo = Stage.Paused;
        result = null;
        stage = Stage.Running;
        runningSince = System.currentTimeMillis();
        thread = new Thread(this::runUnits, "subtask-" + ctx.taskName() + "-" + ctx.sourceId());
        thread.start();
    }

    /**
     * Asks the running unit to stop and returns at once; the subtask thread takes the stage
     * {@code after} when the unit has saved its progress. Never blocks the caller (the
     * keepalive thread), so a slow stop cannot make this worker look dead to the master.
     */
    private synchronized void requestHalt(Stage after) {
        halting = true;
        haltTo = after;
        Unit u = current;
        if (u != null) {
            u.stop();
        }
    }

    /**
     * Stops the running unit and waits until it has saved its progress: used when the subtask
     * leaves this worker (stop-task, a new binding), where nothing may run on afterwards.
     */
    public void halt(Stage after) {
        requestHalt(after);
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(60));
                if (t.isAlive()) {
                    LOG.warn("event=subtask_stop_slow {}", ctx.logTags());
                    t.interrupt();
                    t.join(TimeUnit.SECONDS.toMillis(10));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            settle(after);
        }
    }

    /** A halted subtask takes the stage asked for, unless it finished or an error paused it. */
    private void settle(Stage after) {
        if (stage != Stage.Finished && (result == null || result.getErrorsCount() == 0)) {
            stage = after;
        }
    }

    private void runUnits() {
        LOG.info("event=subtask_start {} mode={} epoch={}", ctx.logTags(), ctx.task().taskMode, ctx.epoch());
        try {
            BinlogPosition start = null;
            if (!ctx.task().isIncremental()) {
                boolean fullDone = !ctx.task().isFull() && units.syncCheckpointExists(ctx);
                if (!fullDone) {
                    if (!runUnit(units.dump()) || !runUnit(units.load())) {
                        return;
                    }
                    if (ctx.task().isFull()) {
                        stage = Stage.Finished;
                        LOG.info("event=subtask_finished {}", ctx.logTags());
                        return;
                    }
                    start = units.dumpPosition(ctx);
                }
                // The sync unit reads the rest of the hand-off (safe-mode window, per-table start
                // positions, dumped schemas) from the target's load checkpoint, on any worker.
            }
            runUnit(units.sync(start));
            failures = 0;
        } catch (Throwable e) {
            fail(e);
        } finally {
            synchronized (this) {
                current = null;
                if (halting) {
                    settle(haltTo);
                }
            }
        }
    }

    /** Runs one unit; false when the subtask was asked to halt meanwhile. */
    private boolean runUnit(Unit unit) throws Exception {
        synchronized (this) {
            if (halting) {
                return false;
            }
            current = unit;
            lastUnit = unit;
        }
        LOG.info("event=unit_start {} unit={}", ctx.logTags(), unit.type());
        unit.process(ctx);
        LOG.info("event=unit_end {} unit={} halting={}", ctx.logTags(), unit.type(), halting);
        return !halting;
    }

    private synchronized void fail(Throwable e) {
        failures++;
        io.sluice.proto.ProcessError err = SluiceException.toProcessError(e, WorkerErrors.SUBTASK_FAILED);
        result = ProcessResult.newBuilder().addErrors(err).build();
        stage = Stage.Paused;
        boolean resumable = isTransient(e);
        retryable = autoResume && resumable;
        long wait = retryable ? backoff.onFailure() : -1;
        retryAt = System.currentTimeMillis() + wait;
        LOG.error("event=subtask_paused_by_error {} code={} resumable={} auto_resume={} retry_in_ms={} msg={}", ctx.logTags(),
                err.getErrCode(), resumable, autoResume, wait, err.getMessage(), e);
    }

    /** Whether auto-resume may retry this error; the rule is {@link ResumableErrors}. */
    static boolean isTransient(Throwable e) {
        return ResumableErrors.resumable(e);
    }

    /** This subtask as query-status shows it. */
    public SubTaskStatus status() {
        SubTaskStatus.Builder b = SubTaskStatus.newBuilder().setName(ctx.taskName()).setStage(stage);
        Unit u = current != null ? current : lastUnit;
        if (u != null) {
            b.setUnit(u.type());
            u.fillStatus(b);
        } else {
            b.setUnit(ctx.task().isIncremental() ? UnitType.Sync : UnitType.Dump);
        }
        ProcessResult r = result;
        if (r != null) {
            b.setResult(r);
        }
        return b.build();
    }
}
