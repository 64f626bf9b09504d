package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import org.junit.jupiter.api.Test;

class PendingCheckpointTest {
    private final PendingCheckpoint pending = new PendingCheckpoint(new BinlogPosition("mysql-bin.000001", 900, ""), new long[] {5, 0, 12});

    @Test
    void reachedOnlyWhenEveryQueueCommittedWhatItHadBeforeTheBoundary() {
        assertFalse(pending.reachedBy(new long[] {4, 0, 12}), "queue 0 still holds a row from before the boundary");
        assertFalse(pending.reachedBy(new long[] {5, 0, 11}), "queue 2 still holds a row from before the boundary");
        assertTrue(pending.reachedBy(new long[] {5, 0, 12}));
        assertTrue(pending.reachedBy(new long[] {9, 3, 40}), "rows dispatched after the boundary do not matter");
    }

    @Test
    void keepsItsOwnCopyOfTheCounts() {
        long[] dispatched = {1, 1};
        PendingCheckpoint p = new PendingCheckpoint(BinlogPosition.EMPTY, dispatched);
        dispatched[0] = 100; // the caller's array is the writers' live snapshot; it may be reused
        assertTrue(p.reachedBy(new long[] {1, 1}));
    }
}
