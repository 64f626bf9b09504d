package io.sluice.worker.subtask;

import io.sluice.common.errors.ErrorClass;
import io.sluice.common.errors.ErrorCode;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Which errors auto-resume may retry. Only trouble that heals by itself is resumed: a lost
 * connection, a server restarting, a lock wait or deadlock. Never resumed, because the same
 * error would come back at once or resuming would do harm: a fenced epoch (another worker
 * owns the source), purged binlog, a config or expression error (20xxx, filters), DDL the
 * parser or schema tracker cannot handle, and any statement the target rejected (duplicate
 * key, missing table, a DDL it refuses), which needs handle-error or a fix downstream.
 * Anything not known to heal is treated as not resumable.
 */
final class ResumableErrors {
    private static final Set<ErrorCode> NEVER = Set.of(WorkerErrors.FENCED, SyncErrors.CHECKPOINT_FENCED,
            SyncErrors.BINLOG_PURGED, SyncErrors.PARSE_DDL, SyncErrors.REPLACE_EVENT, SyncErrors.EXPR_FILTER_EVAL,
            SyncErrors.ROW_MISMATCH, SyncErrors.TRACKER_LOAD, SyncErrors.TRACKER_APPLY);
    private static final Set<ErrorCode> HEALS = Set.of(SyncErrors.READ_BINLOG, SyncErrors.CHECKPOINT_IO);
    /**
     * Server error numbers that say the connection or the server was briefly unavailable, or a
     * lock conflict that rolled the transaction back (lock wait timeout, deadlock, too many
     * connections, shutdown in progress, query interrupted, network read/write errors, the
     * connection killed, client-side lost connection).
     */
    private static final Set<Integer> HEALING_SQL_ERRORS = Set.of(1205, 1213, 1040, 1053, 1317, 1158, 1159, 1160, 1161,
            1927, 2002, 2003, 2006, 2013);

    private ResumableErrors() {
    }

    static boolean resumable(Throwable error) {
        boolean healingUnitError = false;
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof SluiceException se) {
                if (NEVER.contains(se.code()) || se.code().errorClass() == ErrorClass.CONFIG) {
                    return false;
                }
                healingUnitError |= HEALS.contains(se.code()) || se.code().errorClass() == ErrorClass.DATABASE;
            } else if (t instanceof SQLException sq) {
                return healingSql(sq);
            } else if (t instanceof IOException) {
                return true;
            }
        }
        return healingUnitError;
    }

    /** A SQL error decides: either the connection or a lock failed (heals), or the target refused the statement. */
    private static boolean healingSql(SQLException e) {
        String state = e.getSQLState();
        return HEALING_SQL_ERRORS.contains(e.getErrorCode())
                || (state != null && state.startsWith("08"))
                || e instanceof java.sql.SQLTransientException
                || e instanceof java.sql.SQLRecoverableException
                || e instanceof java.sql.SQLNonTransientConnectionException;
    }
}
