package io.sluice.worker.sync;

import io.sluice.common.binlog.BinlogPosition;

/**
 * A transaction boundary the global checkpoint may move to once every writer queue has
 * committed the rows it was handed before that boundary, so the checkpoint moves without
 * stopping the stream to drain the queues.
 *
 * <p>Why this is exact: a queue commits its rows in the order it received them, so "queue q has
 * committed at least {@code dispatchedBefore[q]} rows" means every row q got before the
 * boundary is on the target. With that true for every queue, every row before the boundary is
 * on the target, and the rows after it are either not written or covered by their queue's own
 * saved position (see {@link SyncCheckpoint}), which a restart from the boundary skips.
 */
final class PendingCheckpoint {
    private final BinlogPosition boundary;
    private final long[] dispatchedBefore;

    /**
     * @param boundary         a transaction boundary (never inside a transaction)
     * @param dispatchedBefore rows handed to each queue up to the boundary, counted since the writers started
     */
    PendingCheckpoint(BinlogPosition boundary, long[] dispatchedBefore) {
        this.boundary = boundary;
        this.dispatchedBefore = dispatchedBefore.clone();
    }

    BinlogPosition boundary() {
        return boundary;
    }

    /** Whether the queues, having committed {@code committed[q]} rows each, hold every row before the boundary. */
    boolean reachedBy(long[] committed) {
        for (int q = 0; q < dispatchedBefore.length; q++) {
            if (committed[q] < dispatchedBefore[q]) {
                return false;
            }
        }
        return true;
    }
}
