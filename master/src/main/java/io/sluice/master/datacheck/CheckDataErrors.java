package io.sluice.master.datacheck;

import static io.sluice.common.errors.ErrorClass.DM_MASTER;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorLevel.MEDIUM;
import static io.sluice.common.errors.ErrorScope.DOWNSTREAM;
import static io.sluice.common.errors.ErrorScope.INTERNAL;
import static io.sluice.common.errors.ErrorScope.UPSTREAM;

import io.sluice.common.errors.ErrorCode;

/** Codes of check-data (DM has no such command; the numbers sit in dm-master's class, 3817x). */
public final class CheckDataErrors {
    private CheckDataErrors() {
    }

    public static final ErrorCode SOURCE_UNREACHABLE = ErrorCode.define(38171, DM_MASTER, UPSTREAM, HIGH,
            "check-data cannot connect to source %s at %s: %s",
            "Please check that the source database is up and reachable from the master, and its user and password in `operate-source show`.");
    public static final ErrorCode TARGET_UNREACHABLE = ErrorCode.define(38172, DM_MASTER, DOWNSTREAM, HIGH,
            "check-data cannot connect to the target database of task %s at %s: %s",
            "Please check that the target database is up and reachable from the master, and target-database in the task's config.");
    public static final ErrorCode TABLE_MISSING = ErrorCode.define(38173, DM_MASTER, DOWNSTREAM, MEDIUM,
            "table %s does not exist on the target (its sources: %s)",
            "The task has not created it yet, or it was dropped downstream: check query-status, or the task's routes.");
    public static final ErrorCode DATA_DIFFERS = ErrorCode.define(38174, DM_MASTER, INTERNAL, MEDIUM,
            "data of task %s differs from its sources: %s",
            "A table under a busy stream differs until the sync checkpoint catches up: compare the positions in the reply, and check again when the sources are quiet.");
    public static final ErrorCode TABLE_NOT_COMPARABLE = ErrorCode.define(38175, DM_MASTER, INTERNAL, MEDIUM,
            "table %s cannot be compared with %s: %s",
            "The source table needs every column the target table has (with the same name); check the task's routes and the schemas.");
    public static final ErrorCode INVALID_REQUEST = ErrorCode.define(38176, DM_MASTER, INTERNAL, MEDIUM,
            "check-data %s: %s", "");
}
