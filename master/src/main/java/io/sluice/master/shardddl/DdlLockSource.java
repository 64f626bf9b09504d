package io.sluice.master.shardddl;

import io.sluice.common.errors.ShardLockErrors;
import java.util.List;

/**
 * Where the leader's shard DDL locks of one shard mode live: the pessimist's and the optimist's
 * coordinators each implement it, and {@link DdlLocks} lists them all for show-ddl-locks.
 */
public interface DdlLockSource {
    /** The locks held now, read from the raft metadata. */
    List<DdlLockView> locks();

    /**
     * unlock-ddl-lock on one of this source's locks: the owner (or {@code replaceOwner}) runs the
     * DDL, the others skip it, the lock goes. Only pessimistic locks can be unlocked.
     */
    default void unlock(DdlLockView lock, String replaceOwner, boolean forceRemove) {
        throw ShardLockErrors.UNLOCK_NOT_SUPPORTED.error(lock.id(), lock.mode());
    }
}
