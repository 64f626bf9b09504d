package io.sluice.common.errors;

import static io.sluice.common.errors.ErrorClass.CHECKPOINT;
import static io.sluice.common.errors.ErrorClass.FUNCTIONAL;
import static io.sluice.common.errors.ErrorClass.SCHEMA_TRACKER;
import static io.sluice.common.errors.ErrorClass.SYNC_UNIT;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorScope.DOWNSTREAM;
import static io.sluice.common.errors.ErrorScope.INTERNAL;
import static io.sluice.common.errors.ErrorScope.UPSTREAM;

/**
 * Codes of the sync unit (36xxx), its schema tracker (44xxx), its checkpoints (24xxx) and the
 * functional "cannot parse" (11006).
 */
public final class SyncErrors {
    private SyncErrors() {
    }

    public static final ErrorCode PARSE_DDL = ErrorCode.define(11006, FUNCTIONAL, INTERNAL, HIGH,
            "cannot parse the DDL `%s` at %s", "Please skip or replace the statement with `handle-error`, then resume the task.");

    public static final ErrorCode CHECKPOINT_FENCED = ErrorCode.define(24101, CHECKPOINT, DOWNSTREAM, HIGH,
            "subtask %s of source %s is fenced: the stored epoch %d is newer than this worker's %d",
            "Another worker now runs this subtask; this one stops writing. Nothing needs to be done.");
    public static final ErrorCode CHECKPOINT_IO = ErrorCode.define(24102, CHECKPOINT, DOWNSTREAM, HIGH,
            "cannot %s the sync checkpoint in `%s`", "Please check the connection to the target and the privileges on the meta schema.");

    public static final ErrorCode READ_BINLOG = ErrorCode.define(36101, SYNC_UNIT, UPSTREAM, HIGH,
            "cannot read the binlog of the upstream at %s", "Please check the upstream is reachable and still has the binlog; resume the task.");
    public static final ErrorCode EXEC_DML = ErrorCode.define(36102, SYNC_UNIT, DOWNSTREAM, HIGH,
            "cannot apply rows to the target (queue %d)", "Please check the target and resume the task.");
    public static final ErrorCode EXEC_DDL = ErrorCode.define(36103, SYNC_UNIT, DOWNSTREAM, HIGH,
            "cannot execute DDL `%s` on the target", "Please check the statement against the target, skip or replace it with `handle-error`, then resume.");
    public static final ErrorCode ROW_MISMATCH = ErrorCode.define(36104, SYNC_UNIT, INTERNAL, HIGH,
            "a row of %s has %d columns but the tracked schema has %d at %s", "Please check the table's schema on the upstream and resume the task.");
    public static final ErrorCode START_POSITION = ErrorCode.define(36105, SYNC_UNIT, UPSTREAM, HIGH,
            "cannot determine where to start syncing", "Please set `meta` for the mysql-instance in the task file.");

    public static final ErrorCode REPLACE_EVENT = ErrorCode.define(36064, SYNC_UNIT, DOWNSTREAM, HIGH,
            "cannot run the handle-error replacement for the event at %s on the target",
            "Please correct the statements with `handle-error <task> replace` (or skip the event), then the task resumes.");
    public static final ErrorCode OPERATOR_NOT_EXIST = ErrorCode.define(36065, SYNC_UNIT, INTERNAL, ErrorLevel.LOW,
            "error operator not exist, position: %s", "Please check the position with `query-status`; only a skip or replace not yet applied can be reverted.");

    public static final ErrorCode BINLOG_PURGED = ErrorCode.define(36069, SYNC_UNIT, UPSTREAM, HIGH,
            "get binlog event error: the upstream no longer has the binlog the sync needs from %s: %s",
            "The upstream purged it, so the task cannot resume from its checkpoint (resuming will not help). Please run the task again"
                    + " from a full copy (stop-task, then start-task --remove-meta), and keep binlogs upstream longer than a task may"
                    + " be paused (expire_logs_days / binlog_expire_logs_seconds), or enable relay for the source.");

    public static final ErrorCode ONLINE_DDL_ON_GHOST = ErrorCode.define(36046, SYNC_UNIT, INTERNAL, HIGH,
            "online ddls on ghost table %s",
            "The sync started inside a gh-ost or pt-online-schema-change run, after the tool altered its ghost table, so the"
                    + " ALTER to run on the real table is unknown. Please run `handle-error <task> replace` on this event with"
                    + " the tool's ALTER aimed at the real table; or, as in DM, turn `online-ddl` off, add the tool's"
                    + " `_*_gho`/`_*_ghc`/`_*_del` (or `_*_new`/`_*_old`) tables to `block-allow-list.ignore-tables`, run the"
                    + " ALTER on the target by hand, and turn `online-ddl` on again once the sync is past the run.");

    public static final ErrorCode EXPR_FILTER_EVAL = ErrorCode.define(36130, SYNC_UNIT, INTERNAL, HIGH,
            "expression-filter name(%s) SQL(%s) cannot be evaluated on a row of %s: %s",
            "Please correct the `expression-filter` rule (e.g. a pattern or a JSON path), then start the task again.");

    public static final ErrorCode TRACKER_LOAD = ErrorCode.define(44101, SCHEMA_TRACKER, UPSTREAM, HIGH,
            "cannot load the schema of %s", "Please check the table exists on the upstream and resume the task.");
    public static final ErrorCode TRACKER_APPLY = ErrorCode.define(44102, SCHEMA_TRACKER, INTERNAL, HIGH,
            "cannot track DDL `%s`", "");

    public static final ErrorCode TRACKER_GET_TABLE = ErrorCode.define(44005, SCHEMA_TRACKER, INTERNAL, HIGH,
            "cannot get table %s", "Please check the database and table names (the task tracks a table once it has seen a row or DDL of it).");
    public static final ErrorCode TRACKER_INVALID_CREATE = ErrorCode.define(44009, SCHEMA_TRACKER, INTERNAL, HIGH,
            "%s is not a valid `CREATE TABLE` statement", "Please give one `CREATE TABLE` statement with its columns (no LIKE, no AS SELECT).");
}
