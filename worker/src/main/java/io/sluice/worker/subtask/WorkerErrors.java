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
}
