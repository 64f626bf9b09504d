package io.sluice.common.errors;

import static io.sluice.common.errors.ErrorClass.DM_MASTER;
import static io.sluice.common.errors.ErrorClass.FUNCTIONAL;
import static io.sluice.common.errors.ErrorClass.SYNC_UNIT;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorLevel.MEDIUM;
import static io.sluice.common.errors.ErrorScope.INTERNAL;

/**
 * Codes of shard-mode optimistic, as DM numbers them: the leader's refusal of a shard's change
 * (11111), the sync unit pausing on it (36062), and the leader not able to coordinate (38047).
 */
public final class OptimisticShardDdlErrors {
    private OptimisticShardDdlErrors() {
    }

    private static final String WORKAROUND = "Please use `show-ddl-locks` command for more details. Make the shards' schemas compatible"
            + " again (or set the shard's schema with `operate-schema set --sync`), then skip or replace the DDL with `handle-error`.";

    /** Args: the lock ID ({@code task-`db`.`table`}), why. */
    public static final ErrorCode TRY_SYNC_FAIL = ErrorCode.define(11111, FUNCTIONAL, INTERNAL, MEDIUM,
            "fail to try sync the optimistic shard ddl lock %s: %s", WORKAROUND);
    /** Args: the DDLs, the leader's error. */
    public static final ErrorCode SHARD_DDL_CONFLICT = ErrorCode.define(36062, SYNC_UNIT, INTERNAL, HIGH,
            "fail to handle shard ddl %s in optimistic mode, because schema conflict detected, conflict error: %s", WORKAROUND);
    /** Args: why. */
    public static final ErrorCode NOT_COORDINATED = ErrorCode.define(38047, DM_MASTER, INTERNAL, MEDIUM,
            "the shardddl optimist cannot coordinate the shard DDL: %s", "Please check the masters are up and have a leader, then resume the task.");
}
