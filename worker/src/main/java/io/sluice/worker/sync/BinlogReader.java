package io.sluice.worker.sync;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.DbConfig;
import io.sluice.common.config.PasswordCipher;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the upstream binlog as a replica into a bounded queue that the sync pipeline drains; a
 * full queue blocks the reader, so a slow target slows reading instead of filling memory.
 *
 * <p>The library's own reconnect is off: it resumes from the last event it saw, which may be in
 * the middle of a transaction (rows without their table map). The pipeline instead opens a new
 * reader at its last transaction boundary and skips rows it already dispatched.
 */
final class BinlogReader implements BinlogEventStream {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogReader.class);
    private static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;

    private final BinaryLogClient client;
    private final BlockingQueue<Event> events;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final String where;
    private volatile boolean closed;

    /** @param useGtid start from {@code start.gtidSet()} instead of its file and offset */
    BinlogReader(DbConfig from, long serverId, BinlogPosition start, boolean useGtid, int capacity, String logTags) {
        client = new BinaryLogClient(from.host, from.port, from.user, PasswordCipher.plain(from.password));
        BinlogTls.apply(client, from);
        client.setServerId(serverId);
        client.setKeepAlive(false);
        client.setHeartbeatInterval(5_000);
        client.setConnectTimeout(10_000);
        client.setEventDeserializer(ExactTemporal.eventDeserializer());
        if (useGtid && !start.gtidSet().isEmpty()) {
            client.setGtidSet(start.gtidSet());
            where = "gtid " + start.gtidSet();
        } else {
            client.setBinlogFilename(start.file());
            client.setBinlogPosition(start.pos());
            where = start.toString();
        }
        events = new ArrayBlockingQueue<>(Math.max(16, capacity));
        client.registerEventListener(this::enqueue);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                fail(ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                fail(ex);
            }

            @Override
            public void onDisconnect(BinaryLogClient c) {
                if (!closed) {
                    fail(new IOException("the upstream closed the binlog connection"));
                }
            }
        });
        LOG.info("binlog reader starting {} from={} serverId={}", logTags, where, serverId);
    }

    @Override
    public void start() {
        try {
            client.connect(15_000);
        } catch (Exception e) {
            throw readError(e);
        }
    }

    boolean isMariaDb() {
        return Boolean.TRUE.equals(client.getMariaDB());
    }

    /** The next event, or null after {@code millis} without one; throws once the reader failed. */
    @Override
    public Event poll(long millis) throws InterruptedException {
        Event e = events.poll(millis, TimeUnit.MILLISECONDS);
        if (e == null && failure.get() != null) {
            throw readError(failure.get());
        }
        return e;
    }

    /**
     * A broken stream is worth reconnecting; an upstream that purged what we asked for
     * (ER_MASTER_FATAL_ERROR_READING_BINLOG, 1236, in file and GTID mode alike) never is.
     */
    private SluiceException readError(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServerException se && se.getErrorCode() == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
                return SyncErrors.BINLOG_PURGED.error(where, se.getMessage());
            }
        }
        return SyncErrors.READ_BINLOG.wrap(e, where);
    }

    @Override
    public int backlog() {
        return events.size();
    }

    private void enqueue(Event e) {
        try {
            while (!closed && !events.offer(e, 100, TimeUnit.MILLISECONDS)) {
                // wait for the pipeline
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(Exception ex) {
        if (!closed) {
            failure.compareAndSet(null, ex);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            client.disconnect();
        } catch (IOException e) {
            LOG.debug("binlog reader disconnect: {}", e.toString());
        }
    }
}
