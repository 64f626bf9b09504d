package io.sluice.worker.subtask;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.ErrorClass;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
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
 * and transient errors are retried with a growing backoff (DM's auto-resume).
 */
public final class SubtaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SubtaskRunner.class);
    private static final long MAX_BACKOFF_MS = 300_000;

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

    public SubtaskRunner(SubtaskContext ctx, SubtaskUnits units) {
        this.ctx = ctx;
        this.units = units;
    }

    public SubtaskContext context() {
        return ctx;
    }

    public Stage stage() {
        return stage;
    }

    /** Moves towards the stage the master expects. Called on each keepalive reply. */
    public synchronized void apply(Stage expected, long resumes) {
        boolean resumeAsked = seenResumes >= 0 && resumes > seenResumes;
        seenResumes = resumes;
        boolean running = thread != null && thread.isAlive();
        if (expected == Stage.Running) {
            if (running || stage == Stage.Finished) {
                return;
            }
            boolean errored = result != null && result.getErrorsCount() > 0;
            if (!errored || resumeAsked || (retryable && System.currentTimeMillis() >= retryAt)) {
                if (errored) {
                    LOG.info("event=subtask_resume {} failures={} asked={}", ctx.logTags(), failures, resumeAsked);
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
        retryable = isTransient(e);
        long backoff = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(failures, 9));
        retryAt = System.currentTimeMillis() + backoff;
        LOG.error("event=subtask_paused_by_error {} code={} retryable={} retry_in_ms={} msg={}", ctx.logTags(),
                err.getErrCode(), retryable, retryable ? backoff : -1, err.getMessage(), e);
    }

    /** Database and network trouble heals by itself; a bad DDL or a fenced epoch does not. */
    static boolean isTransient(Throwable e) {
        if (e instanceof SluiceException se) {
            ErrorClass c = se.code().errorClass();
            if (se.code() == WorkerErrors.FENCED || se.code() == SyncErrors.BINLOG_PURGED) {
                return false;
            }
            return c == ErrorClass.DATABASE || (se.getCause() != null && isTransient(se.getCause()));
        }
        return e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException
                || e instanceof java.io.IOException || e instanceof java.sql.SQLNonTransientConnectionException
                || (e instanceof java.sql.SQLException sq && sq.getSQLState() != null && sq.getSQLState().startsWith("08"))
                || (e.getCause() != null && e.getCause() != e && isTransient(e.getCause()));
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
