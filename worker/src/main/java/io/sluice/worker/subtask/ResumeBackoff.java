package io.sluice.worker.subtask;

import io.sluice.common.config.ConfigDuration;
import io.sluice.common.config.SourceConfig;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a paused subtask waits before auto-resume tries again, from the source's
 * {@code checker.*} keys: each failure waits the current interval and multiplies it by
 * {@code backoff-factor} up to {@code backoff-max}; each {@code backoff-rollback} the subtask
 * runs without error divides it again, down to {@code backoff-min}. Pure: the caller gives
 * the clock.
 */
final class ResumeBackoff {
    private final long minMillis;
    private final long maxMillis;
    private final long rollbackMillis;
    private final double factor;
    private final boolean jitter;
    private long currentMillis;
    private long lastRollbackAt;

    ResumeBackoff(long minMillis, long maxMillis, long rollbackMillis, double factor, boolean jitter) {
        this.minMillis = Math.max(1, minMillis);
        this.maxMillis = Math.max(this.minMillis, maxMillis);
        this.rollbackMillis = Math.max(1, rollbackMillis);
        this.factor = Math.max(1, factor);
        this.jitter = jitter;
        this.currentMillis = this.minMillis;
    }

    /** The source file's checker keys (already checked when the file was parsed). */
    static ResumeBackoff of(SourceConfig.Checker c) {
        return new ResumeBackoff(ConfigDuration.parse(c.backoffMin).toMillis(), ConfigDuration.parse(c.backoffMax).toMillis(),
                ConfigDuration.parse(c.backoffRollback).toMillis(), c.backoffFactor, c.backoffJitter);
    }

    /**
     * A failure: the wait before the next attempt, after which the interval grows. With jitter
     * the wait is drawn from the upper half of the interval, so subtasks that failed together do
     * not all retry in the same instant.
     */
    long onFailure() {
        long wait = currentMillis;
        if (jitter && wait > minMillis) {
            wait = Math.max(minMillis, wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1));
        }
        currentMillis = (long) Math.min(maxMillis, Math.ceil(currentMillis * factor));
        return wait;
    }

    /**
     * The subtask has run without error since {@code runningSince}; shrinks the interval once
     * per {@code backoff-rollback} of healthy running.
     */
    void onRunning(long runningSince, long now) {
        long since = Math.max(runningSince, lastRollbackAt);
        if (currentMillis > minMillis && now - since >= rollbackMillis) {
            currentMillis = Math.max(minMillis, (long) (currentMillis / factor));
            lastRollbackAt = now;
        }
    }

    /** The interval the next failure starts from. */
    long currentMillis() {
        return currentMillis;
    }
}
