package io.sluice.common.errors;

import static io.sluice.common.errors.ErrorClass.SYNC_UNIT;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorLevel.MEDIUM;
import static io.sluice.common.errors.ErrorScope.INTERNAL;

/**
 * Codes of shard DDL coordination in pessimistic mode, on the worker side (DM's numbers where DM
 * has the same situation).
 */
public final class ShardDdlErrors {
    private ShardDdlErrors() {
    }

    public static final ErrorCode ADD_IN_SHARDING = ErrorCode.define(36005, SYNC_UNIT, INTERNAL, MEDIUM,
            "in sequence sharding, add table %s, activeDDL: %s not supported",
            "A table created while its shard group waits for a DDL cannot join the round. Please let every shard of the"
                    + " group run the DDL first and create new shards after it; to go on now, skip the statement with"
                    + " `handle-error <task> skip` and create the table again once the round is over.");
    public static final ErrorCode DROP_IN_SHARDING = ErrorCode.define(36006, SYNC_UNIT, INTERNAL, MEDIUM,
            "in sequence sharding try drop sources %s not supported, activeDDL: %s",
            "The table is a shard of a group waiting for a DDL. Please let the other shards of the group run the DDL first,"
                    + " or skip this event with `handle-error`.");
    public static final ErrorCode WRONG_SEQUENCE = ErrorCode.define(36008, SYNC_UNIT, INTERNAL, HIGH,
            "detect inconsistent DDL sequence from source %s %s, right DDL sequence should be %s",
            "Every shard of a group must run the same DDLs in the same order (pessimistic mode). Please use"
                    + " `show-ddl-locks` for the lock, and `handle-error <task> replace` to run the right statements.");
    public static final ErrorCode MULTIPLE_TABLES = ErrorCode.define(36022, SYNC_UNIT, INTERNAL, HIGH,
            "ddl on multiple table: %s not supported",
            "In shard mode a DDL statement may change one table only. Please skip or replace the statement with"
                    + " `handle-error` (one statement per table).");
    public static final ErrorCode RENAME_IN_SHARDING = ErrorCode.define(36140, SYNC_UNIT, INTERNAL, HIGH,
            "rename of shard table %s not supported in pessimistic shard mode: %s",
            "A renamed shard leaves its group. Please skip the statement with `handle-error`, and route the new name"
                    + " by a route rule before renaming again.");
}
