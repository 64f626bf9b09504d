package io.sluice.worker.relay;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.PasswordCipher;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.errors.RelayErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.proto.ProcessResult;
import io.sluice.proto.RelayStatus;
import io.sluice.proto.Stage;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay unit of a source on this worker: pulls the upstream binlog as a replica into the
 * relay log ({@link RelayDirectory}, {@link RelayWriter}) and keeps pulling across broken
 * connections and upstream restarts, continuing from the last whole transaction it wrote.
 *
 * <p>Where it starts, first match wins: the newest sub-directory's relay.meta when the upstream is
 * still the same server; after a switch of server, the file of the new server holding the old
 * meta's GTID set; {@code relay-binlog-name}; {@code relay-binlog-gtid}; the earliest position a
 * subtask of this worker needs; the upstream's current file. It always starts at the beginning
 * of a file, so every relay file holds the upstream's bytes at the upstream's offsets.
 *
 * <p>Errors that pulling again cannot fix (the upstream purged what the relay needs, a checksum
 * mismatch, a full disk) pause the unit with the error; resume-relay tries again.
 */
public final class RelayUnit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayUnit.class);
    private static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;
    private static final long META_INTERVAL_MILLIS = 200;

    private final SourceConfig source;
    private final RelayDirectory dir;
    private final String logTags;
    private final Supplier<BinlogPosition> earliestNeeded;
    private final long serverId;
    private final Object lock = new Object();
    private final ScheduledExecutorService timer;
    private final RelayProgress progress = new RelayProgress();
    private volatile RelayLog log;
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile boolean paused;
    private volatile SluiceException error;
    private volatile BinaryLogClient client;
    private RelayWriter writer;
    private String subDir;

    /**
     * @param relayDir       the source's relay directory ({@code relay-dir}, resolved by the worker)
     * @param earliestNeeded where the subtasks of this worker must read from, or null; asked only
     *                       when the relay starts with an empty directory
     */
    public RelayUnit(SourceConfig source, Path relayDir, String workerName, Supplier<BinlogPosition> earliestNeeded) {
        this.source = source;
        this.dir = new RelayDirectory(relayDir);
        this.logTags = "source=" + source.sourceId + " worker=" + workerName;
        this.earliestNeeded = earliestNeeded;
        this.serverId = source.serverId != 0 ? source.serverId : 2_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "relay-meta-" + source.sourceId);
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        Thread t = new Thread(this::run, "relay-" + source.sourceId);
        t.setDaemon(true);
        thread = t;
        t.start();
        timer.scheduleWithFixedDelay(this::saveMeta, META_INTERVAL_MILLIS, META_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::pollMaster, 0, 2, TimeUnit.SECONDS);
    }

    /** The relay log its readers open, once the relay knows the upstream's flavor (null before). */
    public RelayLog log() {
        return log;
    }

    /** Waits up to {@code millis} for {@link #log()}. */
    public RelayLog awaitLog(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (log == null && System.currentTimeMillis() < deadline && !stopping) {
            Thread.sleep(20);
        }
        return log;
    }

    public Path directory() {
        return dir.root();
    }

    private void run() {
        int failures = 0;
        while (!stopping) {
            if (paused || error != null) {
                sleep(100);
                continue;
            }
            try {
                UpstreamServer up = UpstreamServer.inspect(source.from);
                BinlogPosition from = openWriter(up);
                if (log == null) {
                    log = new RelayLog(source.sourceId, dir, up.mariaDb());
                }
                progress.master(up.master());
                RelayMetrics.subDir(subDir);
                LOG.info("event=relay_pull {} subDir={} from={} gtid={} serverId={}", logTags, subDir, from, from.gtidSet(), serverId);
                pull(from);
                failures = 0;
            } catch (SluiceException e) {
                if (e.code() == RelayErrors.READ_UPSTREAM) {
                    failures++;
                    RelayMetrics.READ_ERRORS.inc();
                    LOG.warn("event=relay_reconnect {} attempt={} error=\"{}\"", logTags, failures, e.rawCause());
                    sleep(Math.min(5_000, 200L << Math.min(failures, 5)));
                } else {
                    LOG.error("event=relay_paused {} error=\"{}\"", logTags, e.getMessage());
                    countError(e);
                    error = e;
                }
            } catch (Exception e) {
                failures++;
                LOG.warn("event=relay_reconnect {} attempt={} error=\"{}\"", logTags, failures, e.toString());
                sleep(Math.min(5_000, 200L << Math.min(failures, 5)));
            } finally {
                closeWriter();
            }
        }
    }

    /** Chooses the sub-directory and the position to pull from (see the class comment). */
    private BinlogPosition openWriter(UpstreamServer up) throws Exception {
        String latest = dir.latestSubDir();
        boolean sameServer = latest != null && RelayDirectory.uuidOf(latest).equals(up.uuid());
        RelayMeta meta = latest == null ? null : RelayMeta.read(dir.path(latest));
        BinlogPosition from;
        if (sameServer && meta != null) {
            subDir = latest;
            from = meta.position();
        } else if (sameServer) { // stopped before its first meta was written
            subDir = latest;
            from = firstStart(up);
        } else if (meta != null) { // another server now: continue from where the old one's GTIDs end
            from = new BinlogPosition(fileHolding(meta.binlogGtid), 4, "");
            LOG.info("event=relay_upstream_switched {} old={} new={} gtid={} file={}", logTags, latest, up.uuid(), meta.binlogGtid,
                    from.file());
            subDir = dir.addSubDir(up.uuid());
        } else {
            from = firstStart(up);
            subDir = dir.addSubDir(up.uuid());
        }
        synchronized (lock) {
            writer = new RelayWriter(dir.path(subDir), from, up.mariaDb());
        }
        return from;
    }

    private BinlogPosition firstStart(UpstreamServer up) throws Exception {
        if (!source.relayBinlogName.isEmpty()) {
            return new BinlogPosition(source.relayBinlogName, 4, "");
        }
        if (!source.relayBinlogGtid.isEmpty()) {
            return new BinlogPosition(fileHolding(source.relayBinlogGtid), 4, "");
        }
        BinlogPosition needed = earliestNeeded == null ? null : earliestNeeded.get();
        if (needed != null && !needed.file().isEmpty()) {
            return new BinlogPosition(needed.file(), 4, "");
        }
        if (up.master() == null) {
            throw RelayErrors.READ_UPSTREAM.error(source.from.host + ":" + source.from.port + " (binlog is off)");
        }
        return new BinlogPosition(up.master().file(), 4, "");
    }

    /**
     * The upstream file a replica asking for {@code gtidSet} starts in: the server names it in the
     * rotate event that opens the stream, so the server's own GTID index answers.
     */
    private String fileHolding(String gtidSet) throws Exception {
        BinaryLogClient c = newClient();
        c.setGtidSet(gtidSet == null ? "" : gtidSet);
        AtomicReference<String> file = new AtomicReference<>();
        CountDownLatch named = new CountDownLatch(1);
        c.registerEventListener(e -> {
            if (e.getHeader().getEventType() == EventType.ROTATE && file.compareAndSet(null, ((RotateEventData) e.getData()).getBinlogFilename())) {
                named.countDown();
            }
        });
        try {
            c.connect(15_000);
            if (!named.await(15, TimeUnit.SECONDS)) {
                throw RelayErrors.READ_UPSTREAM.error("gtid " + gtidSet + " (no rotate event)");
            }
        } catch (ServerException e) {
            throw classify(e, "gtid " + gtidSet);
        } finally {
            c.disconnect();
        }
        return file.get();
    }

    private BinaryLogClient newClient() {
        BinaryLogClient c = new BinaryLogClient(source.from.host, source.from.port, source.from.user, PasswordCipher.plain(source.from.password));
        io.sluice.worker.sync.BinlogTls.apply(c, source.from);
        c.setServerId(serverId);
        c.setKeepAlive(false);
        c.setHeartbeatInterval(5_000);
        c.setConnectTimeout(10_000);
        // a MariaDB primary leaves annotate-rows events out unless asked: the file would have holes
        c.setUseSendAnnotateRowsEvent(true);
        return c;
    }

    /** Pulls until the stream breaks (returns or throws) or the unit pauses or stops. */
    private void pull(BinlogPosition from) throws Exception {
        BinaryLogClient c = newClient();
        RawEventCapture capture = new RawEventCapture();
        c.setEventDeserializer(capture);
        c.setBinlogFilename(from.file());
        c.setBinlogPosition(from.pos());
        AtomicReference<Exception> failure = new AtomicReference<>();
        c.registerEventListener(e -> {
            if (failure.get() != null) {
                return;
            }
            try {
                long started = System.nanoTime();
                RawEvent raw = new RawEvent(e, capture.lastBytes());
                synchronized (lock) {
                    writer.accept(raw, capture.checksum());
                    progress.relayed(writer.position(), subDir, raw, System.nanoTime() - started);
                }
                RelayLog l = log;
                if (l != null) {
                    l.signalGrown();
                }
            } catch (RuntimeException ex) {
                failure.set(ex);
                Thread t = new Thread(() -> disconnect(c), "relay-stop-" + source.sourceId);
                t.setDaemon(true);
                t.start();
            }
        });
        c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient cl, Exception ex) {
                failure.compareAndSet(null, ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient cl, Exception ex) {
                failure.compareAndSet(null, ex);
            }
        });
        client = c;
        try {
            if (stopping || paused) {
                return;
            }
            c.connect(); // blocks until the stream ends
        } catch (ServerException e) {
            throw classify(e, from.toString());
        } catch (java.io.IOException e) {
            throw RelayErrors.READ_UPSTREAM.wrap(e, from.toString());
        } finally {
            client = null;
            disconnect(c);
        }
        Exception f = failure.get();
        if (f instanceof SluiceException se) {
            throw se;
        }
        if (f instanceof ServerException se) {
            throw classify(se, from.toString());
        }
        if (!stopping && !paused) {
            throw RelayErrors.READ_UPSTREAM.wrap(f != null ? f : new java.io.IOException("the upstream closed the binlog connection"),
                    from.toString());
        }
    }

    private static SluiceException classify(ServerException e, String where) {
        if (e.getErrorCode() == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
            return RelayErrors.TCP_READER_1236.error(where, e.getMessage());
        }
        return RelayErrors.READ_UPSTREAM.wrap(e, where);
    }

    private static void countError(SluiceException e) {
        RelayMetrics.EXIT_WITH_ERROR.inc();
        if (e.code() == RelayErrors.CHECKSUM_MISMATCH || e.code() == RelayErrors.GAP_IN_STREAM) {
            RelayMetrics.DATA_CORRUPTION.inc();
        } else if (e.code() == RelayErrors.RELAY_IO) {
            RelayMetrics.WRITE_ERRORS.inc();
        } else {
            RelayMetrics.READ_ERRORS.inc();
        }
    }

    private void saveMeta() {
        try {
            synchronized (lock) {
                if (writer != null) {
                    writer.saveMeta();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("event=relay_meta_failed {} error=\"{}\"", logTags, e.getMessage());
        }
    }

    private void pollMaster() {
        RelayLog l = log;
        if (l == null) {
            return;
        }
        RelayMetrics.space(dir.root());
        try {
            progress.master(UpstreamServer.masterStatus(source.from, l.isMariaDb()));
        } catch (Exception e) {
            LOG.debug("relay master status poll failed {} error={}", logTags, e.toString());
        }
    }

    private void closeWriter() {
        synchronized (lock) {
            if (writer != null) {
                try {
                    writer.close();
                } catch (RuntimeException e) {
                    LOG.warn("event=relay_close_failed {} error=\"{}\"", logTags, e.getMessage());
                }
                writer = null;
            }
        }
    }

    private static void disconnect(BinaryLogClient c) {
        try {
            c.disconnect();
        } catch (Exception ignored) {
            // already gone
        }
    }

    /** pause-relay: stops pulling; what is written stays. */
    public void pause() {
        paused = true;
        BinaryLogClient c = client;
        if (c != null) {
            disconnect(c);
        }
        LOG.info("event=relay_pause {}", logTags);
    }

    /** resume-relay: pulls again, also after an error paused the unit. */
    public void resume() {
        error = null;
        paused = false;
        LOG.info("event=relay_resume {}", logTags);
    }

    public Stage stage() {
        if (stopping) {
            return Stage.Stopped;
        }
        return paused || error != null ? Stage.Paused : Stage.Running;
    }

    public RelayStatus status() {
        RelayStatus.Builder b = progress.toStatus().toBuilder().setStage(stage());
        SluiceException e = error;
        if (e != null) {
            b.setResult(ProcessResult.newBuilder().addErrors(e.toProcessError()));
        }
        return b.build();
    }

    /** Where the relay has written whole transactions up to. */
    public BinlogPosition position() {
        synchronized (lock) {
            return writer == null ? progress.relayPosition() : writer.position();
        }
    }

    @Override
    public void close() {
        stopping = true;
        BinaryLogClient c = client;
        if (c != null) {
            disconnect(c);
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timer.shutdownNow();
        closeWriter();
        RelayLog l = log;
        if (l != null) {
            l.close();
        }
        LOG.info("event=relay_stopped {}", logTags);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
