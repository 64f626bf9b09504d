package io.sluice.worker.sync;

import com.github.shyiko.mysql.binlog.event.Event;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.worker.subtask.SubtaskContext;

/**
 * Where the sync unit's events come from: the upstream itself ({@link BinlogReader}) or the
 * worker's relay log. Either way a stream starts with a rotate event naming the file and offset
 * it starts at, then hands over events exactly as the upstream wrote them.
 */
public interface BinlogEventStream extends AutoCloseable {
    /** DM's binlogType names in query-status. */
    String REMOTE = "remote";
    String LOCAL = "local";

    void start();

    /** The next event, or null after {@code millis} without one; throws once the stream failed (READ_BINLOG: worth reopening). */
    Event poll(long millis) throws InterruptedException;

    /** Events read but not yet taken. */
    int backlog();

    @Override
    void close();

    /** {@link #LOCAL} for the relay log, {@link #REMOTE} for the upstream. */
    default String binlogType() {
        return REMOTE;
    }

    /** Opens a stream for one subtask; the sync unit opens a new one after each broken stream. */
    @FunctionalInterface
    interface Opener {
        BinlogEventStream open(SubtaskContext ctx, BinlogPosition from, long serverId);

        /** Straight from the upstream, as a replica. */
        Opener UPSTREAM = (ctx, from, serverId) -> new BinlogReader(ctx.source().from, serverId, from, ctx.source().enableGtid,
                4096, ctx.logTags());
    }
}
