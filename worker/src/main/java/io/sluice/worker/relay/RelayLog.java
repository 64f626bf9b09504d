package io.sluice.worker.relay;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.sync.BinlogEventStream;

/**
 * A source's relay log as its readers see it: the directory, the upstream's flavor, and a
 * signal the relay unit raises each time it appends, so a reader at the end waits for data
 * instead of polling the disk.
 */
public final class RelayLog implements BinlogEventStream.Opener {
    private final String sourceId;
    private final RelayDirectory dir;
    private final boolean mariaDb;
    private final Object grown = new Object();
    private volatile boolean closed;

    RelayLog(String sourceId, RelayDirectory dir, boolean mariaDb) {
        this.sourceId = sourceId;
        this.dir = dir;
        this.mariaDb = mariaDb;
    }

    String sourceId() {
        return sourceId;
    }

    RelayDirectory directory() {
        return dir;
    }

    boolean isMariaDb() {
        return mariaDb;
    }

    /** The relay stopped (stop-relay, unbind): readers at the end break so their subtask reopens from the upstream. */
    void close() {
        closed = true;
        signalGrown();
    }

    boolean isClosed() {
        return closed;
    }

    void signalGrown() {
        synchronized (grown) {
            grown.notifyAll();
        }
    }

    /** Waits until the relay appends or {@code millis} pass. */
    void awaitGrowth(long millis) throws InterruptedException {
        synchronized (grown) {
            grown.wait(Math.max(1, millis));
        }
    }

    @Override
    public BinlogEventStream open(SubtaskContext ctx, BinlogPosition from, long serverId) {
        return new RelayLogReader(this, from, ctx.logTags());
    }
}
