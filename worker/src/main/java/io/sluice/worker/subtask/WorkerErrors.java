package io.sluice.worker.subtask;

import static io.sluice.common.errors.ErrorClass.DM_WORKER;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorScope.INTERNAL;

import io.sluice.common.errors.ErrorCode;

/** Codes of the worker service (40xxx). */
public final class WorkerErrors {
    private WorkerErrors() {
    }

    public static final ErrorCode SUBTASK_FAILED = ErrorCode.define(40001, DM_WORKER, INTERNAL, HIGH,
            "subtask failed", "Please check the worker's log; `resume-task` retries the subtask.");
    public static final ErrorCode FENCED = ErrorCode.define(40090, DM_WORKER, INTERNAL, HIGH,
            "the source was bound to another worker with a newer epoch; this worker stops writing", "");
    public static final ErrorCode MASTER_UNREACHABLE = ErrorCode.define(40091, DM_WORKER, INTERNAL, HIGH,
            "no master answered for %d s (keepalive-ttl); subtasks stopped to avoid two writers", "Please check the network between the worker and the masters.");
    public static final ErrorCode BAD_ASSIGNMENT = ErrorCode.define(40092, DM_WORKER, INTERNAL, HIGH,
            "cannot start subtask %s: %s", "");

    public static final ErrorCode NOT_PAUSED = ErrorCode.define(40051, DM_WORKER, INTERNAL, HIGH,
            "current stage is %s but not paused, invalid", "Please pause the task with `pause-task` first.");
    public static final ErrorCode SUBTASK_NOT_FOUND = ErrorCode.define(40054, DM_WORKER, INTERNAL, HIGH,
            "sub task with name %s not found on worker %s", "Please check the task name and that its source is bound to this worker (`query-status`).");
    public static final ErrorCode SYNC_UNIT_ONLY = ErrorCode.define(40056, DM_WORKER, INTERNAL, HIGH,
            "such operation is only available for syncer, but now syncer is not running. current unit is %s",
            "Please wait until the task has reached its sync unit.");
    public static final ErrorCode SCHEMA_SYNC_UNSUPPORTED = ErrorCode.define(40093, DM_WORKER, INTERNAL, HIGH,
            "operate-schema set --sync cannot push the schema to the optimistic shard-DDL metadata yet",
            "Please run it without --sync; resolve the shard DDL with `unlock-ddl-lock` if it is blocked.");
}
