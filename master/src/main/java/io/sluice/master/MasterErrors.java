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
    public static final ErrorCode JOIN_FAILED = ErrorCode.define(38040, DM_MASTER, INTERNAL, HIGH,
            "fail to join the master group through %s: %s", "Please check that --join lists client addresses of running masters and that a majority of them is up.");
    public static final ErrorCode INVALID_LEADER_OP = ErrorCode.define(38041, DM_MASTER, NOT_SET, LOW,
            "operate-leader %s is not supported", "Please use `operate-leader evict` or `operate-leader cancel-evict`.");
    public static final ErrorCode MASTER_NAME_NOT_EXIST = ErrorCode.define(38048, DM_MASTER, INTERNAL, MEDIUM,
            "dm-master with name %s not exists", "Please use `list-member --master` to see the masters' names.");
    public static final ErrorCode INVALID_OFFLINE_TYPE = ErrorCode.define(38049, DM_MASTER, NOT_SET, LOW,
            "offline member type %s is not valid", "Please use `offline-member --master` or `offline-member --worker`.");
    public static final ErrorCode MASTER_STILL_ALIVE = ErrorCode.define(38060, DM_MASTER, INTERNAL, MEDIUM,
            "dm-master %s is still alive", "Please stop that master first: only a master that has been closed can be offlined.");
    public static final ErrorCode MASTER_QUORUM_AT_RISK = ErrorCode.define(38061, DM_MASTER, INTERNAL, HIGH,
            "cannot remove dm-master %s: %s", "Please bring the stopped masters back, or start new ones with --join, before removing more.");
    public static final ErrorCode EVICT_NO_SUCCESSOR = ErrorCode.define(38062, DM_MASTER, INTERNAL, MEDIUM,
            "cannot evict the leader %s: no other live master may become leader", "Please start another master, or `operate-leader cancel-evict` first.");
    public static final ErrorCode MASTER_NAME_TAKEN = ErrorCode.define(38063, DM_MASTER, INTERNAL, MEDIUM,
            "dm-master name %s is already used by the member at %s", "Please give the new master another --name, or offline the old one first.");
    public static final ErrorCode MASTER_NOT_MEMBER = ErrorCode.define(38064, DM_MASTER, INTERNAL, HIGH,
            "dm-master %s (%s) is not a member of the master group", "It was offlined: start it with an empty data-dir and --join to add it again.");
    public static final ErrorCode WORKER_NOT_EXIST = ErrorCode.define(46004, SCHEDULER, INTERNAL, MEDIUM,
            "dm-worker with name %s not exists", "Please use `list-member --worker` to see the workers' names.");
    public static final ErrorCode WORKER_ONLINE = ErrorCode.define(46005, SCHEDULER, INTERNAL, MEDIUM,
            "dm-worker %s is still online", "Please stop that worker first: only an offline worker can be offlined.");
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
    public static final ErrorCode WORKER_RPC = ErrorCode.define(38008, DM_MASTER, INTERNAL, HIGH,
            "grpc request error: %s to worker %s at %s", "Please check the worker is running and reachable from the master (`list-member --worker`).");
    public static final ErrorCode SOURCE_NOT_BOUND = ErrorCode.define(38102, DM_MASTER, INTERNAL, MEDIUM,
            "source %s is not bound to any worker", "Please check `operate-source show` and that a free worker is online.");
}
