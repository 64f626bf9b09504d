package io.sluice.common.errors;

import static io.sluice.common.errors.ErrorClass.DM_MASTER;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorScope.INTERNAL;

/** Codes of the master's shard DDL locks (show-ddl-locks, unlock-ddl-lock), DM's numbers. */
public final class ShardLockErrors {
    private ShardLockErrors() {
    }

    public static final ErrorCode DDLS_DIFFER = ErrorCode.define(38016, DM_MASTER, INTERNAL, HIGH,
            "sharding ddls in ddl lock %s is different with %s",
            "Every source must run the same DDLs in the same order (pessimistic mode). Please use show-ddl-locks command"
                    + " for more details, and `handle-error <task> replace -s <source>` to run the lock's DDLs on that source.");
    public static final ErrorCode LOCK_NOT_FOUND = ErrorCode.define(38019, DM_MASTER, INTERNAL, HIGH,
            "lock with ID %s not found", "Please use show-ddl-locks command to see lock id.");
    public static final ErrorCode UNLOCK_NOT_SUPPORTED = ErrorCode.define(38150, DM_MASTER, INTERNAL, HIGH,
            "lock %s is held in %s mode, which unlock-ddl-lock does not resolve",
            "unlock-ddl-lock resolves pessimistic locks only. For an optimistic lock, fix the shards' schemas with"
                    + " `operate-schema set --sync` or skip the DDL with `handle-error`.");
}
