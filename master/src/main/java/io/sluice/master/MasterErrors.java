package io.sluice.master;

import static io.sluice.common.errors.ErrorClass.DM_MASTER;
import static io.sluice.common.errors.ErrorClass.SCHEDULER;
import static io.sluice.common.errors.ErrorClass.TASK_CHECK;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorLevel.LOW;
import static io.sluice.common.errors.ErrorLevel.MEDIUM;
import static io.sluice.common.errors.ErrorScope.INTERNAL;
import static io.sluice.common.errors.ErrorScope.NOT_SET;
import static io.sluice.common.errors.ErrorScope.UPSTREAM;

import io.sluice.common.errors.ErrorCode;

/** Codes of the master: dm-master (38xxx), scheduler (46xxx) and task checks (26xxx). */
public final class MasterErrors {
    private MasterErrors() {
    }

    public static final ErrorCode CHECK_DB_CONNECT = ErrorCode.define(26002, TASK_CHECK, INTERNAL, MEDIUM,
            "fail to initialize the connection to %s", "Please check the database connection and the user's password.");
    public static final ErrorCode CHECK_FAILED = ErrorCode.define(26005, TASK_CHECK, INTERNAL, MEDIUM,
            "fail to check synchronization configuration with type: %s", "");
    public static final ErrorCode NOT_LEADER = ErrorCode.define(38032, DM_MASTER, INTERNAL, HIGH,
            "this master is not the leader (leader: %s)", "Please send the request to the leader, or list several masters in --master-addr.");
    public static final ErrorCode RAFT_WRITE = ErrorCode.define(38033, DM_MASTER, INTERNAL, HIGH,
            "cannot replicate the change through the master group: %s", "Please check that a majority of masters is up and reachable.");
    public static final ErrorCode RAFT_READ = ErrorCode.define(38034, DM_MASTER, INTERNAL, HIGH,
            "cannot read the cluster state through the master group: %s", "Please check that a majority of masters is up and reachable.");
    public static final ErrorCode INVALID_ARGS = ErrorCode.define(38035, DM_MASTER, NOT_SET, LOW,
            "invalid arguments: %s", "");
    public static final ErrorCode INTERNAL_ERROR = ErrorCode.define(38036, DM_MASTER, INTERNAL, HIGH,
            "internal error while serving %s", "Please check the master's log.");
    public static final ErrorCode FORWARD = ErrorCode.define(38037, DM_MASTER, INTERNAL, HIGH,
            "cannot forward the request to the leader %s", "Please retry: a new leader may be being elected.");
    public static final ErrorCode SOURCE_EXISTS = ErrorCode.define(46013, SCHEDULER, INTERNAL, MEDIUM,
            "source config with ID %s already exists", "You can use `operate-source stop` to remove the old source first.");
    public static final ErrorCode SOURCE_NOT_EXIST = ErrorCode.define(46014, SCHEDULER, INTERNAL, MEDIUM,
            "source config with ID %s not exists", "You can use `operate-source create` to add the source first.");
    public static final ErrorCode TASK_EXISTS = ErrorCode.define(46015, SCHEDULER, INTERNAL, MEDIUM,
            "subtasks with name %s for sources %s already exist", "You can use `query-status` to see the task, or `stop-task` it first.");
    public static final ErrorCode TASK_NOT_EXIST = ErrorCode.define(46016, SCHEDULER, INTERNAL, MEDIUM,
            "task %s not exists", "You can use `query-status` to list the tasks.");
    public static final ErrorCode SOURCE_HAS_TASKS = ErrorCode.define(46017, SCHEDULER, INTERNAL, MEDIUM,
            "source %s is used by tasks %s", "Please `stop-task` those tasks before stopping the source.");
    public static final ErrorCode WORKER_NOT_FREE = ErrorCode.define(46018, SCHEDULER, INTERNAL, MEDIUM,
            "worker %s is not a free, live worker (%s)", "Please pick a worker that `list-member --worker` shows as free.");
    public static final ErrorCode UPSTREAM_CHECK = ErrorCode.define(26006, TASK_CHECK, UPSTREAM, MEDIUM,
            "precheck of source %s failed: %s", "");
    public static final ErrorCode NO_ERROR_TO_HANDLE = ErrorCode.define(38101, DM_MASTER, INTERNAL, LOW,
            "task %s has no error to handle on source %s",
            "Give the binlog position of the event with -b (from `query-status` or SHOW BINLOG EVENTS upstream), or wait until the subtask is paused by an error.");
}
