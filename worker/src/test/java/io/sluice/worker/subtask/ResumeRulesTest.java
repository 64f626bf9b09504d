package io.sluice.worker.subtask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SyncErrors;
import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;

/** Which errors auto-resume retries, and how its backoff grows and shrinks. */
class ResumeRulesTest {
    @Test
    void errorsThatHealAreResumed() {
        assertTrue(ResumableErrors.resumable(SyncErrors.EXEC_DML.wrap(new SQLException("Lock wait timeout exceeded", "HY000", 1205), 0)));
        assertTrue(ResumableErrors.resumable(SyncErrors.EXEC_DML.wrap(new SQLException("Deadlock found", "40001", 1213), 0)));
        assertTrue(ResumableErrors.resumable(SyncErrors.EXEC_DDL.wrap(new SQLNonTransientConnectionException("socket closed", "08000"), "x")));
        assertTrue(ResumableErrors.resumable(SyncErrors.READ_BINLOG.wrap(new EOFException("stream ended"), "mysql-bin.000001:4")));
        assertTrue(ResumableErrors.resumable(SyncErrors.CHECKPOINT_IO.wrap(new SQLException("gone away", "HY000", 2006), "save", "dm_meta")));
    }

    @Test
    void errorsThatResumingCannotFixAreNot() {
        assertFalse(ResumableErrors.resumable(WorkerErrors.FENCED.error()));
        assertFalse(ResumableErrors.resumable(SyncErrors.CHECKPOINT_FENCED.wrap(new SQLException("fenced", "08000", 0))),
                "a fenced checkpoint write is never retried, whatever it wraps");
        assertFalse(ResumableErrors.resumable(SyncErrors.BINLOG_PURGED.error("mysql-bin.000001", "")));
        assertFalse(ResumableErrors.resumable(ConfigErrors.INVALID_VALUE.error("k", "v")), "config errors (20xxx)");
        assertFalse(ResumableErrors.resumable(SyncErrors.EXPR_FILTER_EVAL.error("rule", "a > 1", "db.t", "bad")));
        // the target rejected the statement: handle-error or a fix downstream, not a retry
        assertFalse(ResumableErrors.resumable(SyncErrors.EXEC_DML.wrap(
                new SQLIntegrityConstraintViolationException("Duplicate entry '5'", "23000", 1062), 0)));
        assertFalse(ResumableErrors.resumable(SyncErrors.EXEC_DDL.wrap(new SQLSyntaxErrorException("Unknown column", "42S22", 1054), "x")));
        assertFalse(ResumableErrors.resumable(new IllegalStateException("a bug")), "unknown errors are not retried blindly");
    }

    @Test
    void backoffGrowsToItsMaximumAndShrinksWhileHealthy() {
        ResumeBackoff b = new ResumeBackoff(1_000, 8_000, 60_000, 2, false);
        assertEquals(1_000, b.onFailure());
        assertEquals(2_000, b.onFailure());
        assertEquals(4_000, b.onFailure());
        assertEquals(8_000, b.onFailure());
        assertEquals(8_000, b.onFailure(), "capped at backoff-max");
        b.onRunning(0, 59_999);
        assertEquals(8_000, b.currentMillis(), "not healthy for backoff-rollback yet");
        b.onRunning(0, 60_000);
        assertEquals(4_000, b.currentMillis());
        b.onRunning(0, 60_001);
        assertEquals(4_000, b.currentMillis(), "one step per backoff-rollback");
        b.onRunning(0, 120_000);
        b.onRunning(0, 180_000);
        b.onRunning(0, 240_000);
        assertEquals(1_000, b.currentMillis(), "never below backoff-min");
    }

    @Test
    void jitterStaysWithinTheUpperHalfOfTheInterval() {
        ResumeBackoff b = new ResumeBackoff(1_000, 300_000, 300_000, 2, true);
        assertEquals(1_000, b.onFailure(), "the first wait is backoff-min");
        for (int i = 0; i < 20; i++) {
            long interval = b.currentMillis();
            long wait = b.onFailure();
            assertTrue(wait >= interval / 2 && wait <= interval, wait + " outside [" + interval / 2 + ", " + interval + "]");
        }
    }
}
