package io.sluice.worker.sync;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SyncerConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.ExpressionFilter;
import io.sluice.common.filter.TableName;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.SyncStatus;
import io.sluice.proto.UnitType;
import io.sluice.worker.load.LoadCheckpoint;
import io.sluice.worker.metrics.SyncMetrics;
import io.sluice.worker.schema.DruidSchemaTracker;
import io.sluice.worker.schema.SchemaTracker;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.Unit;
import io.sluice.worker.sync.onlineddl.GhostDdlStore;
import io.sluice.worker.sync.onlineddl.OnlineDdl;
import io.sluice.worker.sync.shard.MasterShardLink;
import io.sluice.worker.sync.shard.optimism.OptimisticShardDdl;
import io.sluice.worker.sync.shard.pessimism.ShardDdlLock;
import io.sluice.worker.sync.shard.pessimism.ShardGroupMetrics;
import io.sluice.worker.sync.shard.pessimism.ShardGroups;
import io.sluice.worker.sync.shard.pessimism.ShardGroupsStore;
import io.sluice.worker.sync.shard.pessimism.UpstreamShards;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync unit: replays the upstream binlog into the target until stopped.
 * reader → filters → router → schema tracker → DML builder → causality dispatcher → writer
 * queues → checkpoint. Where it starts: the global checkpoint if one exists, else the position
 * given to the constructor (the dump's), else the instance's {@code meta}, else the upstream's
 * current position. Exactly-once replay is explained on {@link SyncCheckpoint}; fencing on
 * {@link Fence}.
 */
public final class SyncUnit implements Unit {
    private static final Logger LOG = LoggerFactory.getLogger(SyncUnit.class);
    private static final int MAX_RECONNECTS = 5;

    private final BinlogPosition startIfNoCheckpoint;
    private final SyncProgress progress = new SyncProgress();
    private volatile boolean stopping;
    private volatile boolean halted;
    private volatile SyncPipeline pipeline;
    private volatile ShardGroups shardGroups;
    private volatile BinlogEventStream reader;
    private volatile BinlogEventStream.Opener streams = BinlogEventStream.Opener.UPSTREAM;

    private volatile ErrorOperations errorOperations = ErrorOperations.NONE;
    private volatile SchemaEdits schemaEdits = new SchemaEdits();

    /** @param startIfNoCheckpoint where to start when no checkpoint exists (may be null) */
    public SyncUnit(BinlogPosition startIfNoCheckpoint) {
        this.startIfNoCheckpoint = startIfNoCheckpoint;
    }

    /** Where the events come from (the worker's relay log when relay is on); set before {@link #process}. */
    public SyncUnit readingFrom(BinlogEventStream.Opener opener) {
        this.streams = opener;
        return this;
    }

    /** The subtask's handle-error operations, kept current by the worker; set before {@link #process}. */
    public SyncUnit withErrorOperations(ErrorOperations operations) {
        this.errorOperations = operations;
        return this;
    }

    /** The master leader, for shard-mode optimistic; set before {@link #process}. */
    public SyncUnit withMasterShardLink(MasterShardLink link) {
        this.shardLink = link;
        return this;
    }

    private volatile MasterShardLink shardLink;
    private volatile ShardDdlLock shardDdlLock;

    private OptimisticShardDdl optimisticShardDdl(SubtaskContext ctx) throws java.sql.SQLException {
        if (shardLink == null || !"optimistic".equalsIgnoreCase(ctx.task().shardMode)) {
            return null;
        }
        OptimisticShardDdl coordination = new OptimisticShardDdl(shardLink, ctx.taskName(), ctx.sourceId(), ctx.rules(), ctx.logTags(),
                () -> stopping);
        coordination.reportTables(ctx.source().from);
        return coordination;
    }

    /** operate-schema edits not flushed to the checkpoint, taken by the tracker when this unit starts. */
    public SyncUnit withSchemaEdits(SchemaEdits edits) {
        this.schemaEdits = edits;
        return this;
    }

    /**
     * Whether this subtask has a global sync checkpoint on the target: once it has, the full
     * phase is behind it and a restart goes straight to sync.
     */
    public static boolean checkpointExists(SubtaskContext ctx) throws java.sql.SQLException {
        return savedCheckpoint(ctx) != null;
    }

    /** The subtask's global sync checkpoint on the target, or null when it has none yet. */
    public static BinlogPosition savedCheckpoint(SubtaskContext ctx) throws java.sql.SQLException {
        SyncCheckpoint checkpoint = new SyncCheckpoint(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId());
        try (Connection c = DbConnector.open(ctx.task().targetDatabase)) {
            return checkpoint.loadGlobal(c);
        } catch (java.sql.SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) { // no such table / database yet
                return null;
            }
            throw e;
        }
    }

    @Override
    public UnitType type() {
        return UnitType.Sync;
    }

    @Override
    public void process(SubtaskContext ctx) throws Exception {
        SyncerConfig cfg = ctx.instance().syncer != null ? ctx.instance().syncer : new SyncerConfig();
        int workers = Math.max(1, cfg.workerCount);
        String tags = ctx.logTags();
        ExpressionFilter expressions = ExpressionFilter.of(ctx.task(), ctx.instance()); // a bad rule fails before anything runs
        String meta = ctx.task().metaSchema;
        Fence fence = new Fence(meta, ctx.taskName(), ctx.sourceId(), ctx.epoch());
        SyncCheckpoint checkpoint = new SyncCheckpoint(meta, ctx.taskName(), ctx.sourceId());
        OnlineDdl onlineDdl = ctx.task().onlineDdl
                ? OnlineDdl.enabled(ctx.rules(), new GhostDdlStore(meta, ctx.taskName(), ctx.sourceId()), tags) : OnlineDdl.disabled();
        boolean pessimistic = "pessimistic".equals(ctx.task().shardMode);
        ShardGroups shards = new ShardGroups(ctx.rules(), new UpstreamShards(ctx.source().from, ctx.rules()), tags);
        ShardGroupsStore shardStore = new ShardGroupsStore(meta, ctx.taskName(), ctx.sourceId());
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sync-status-" + ctx.taskName());
            t.setDaemon(true);
            return t;
        });
        try (HikariDataSource target = DbConnector.pool(ctx.task().targetDatabase, "sync-" + ctx.taskName() + "-" + ctx.sourceId(), 3);
                HikariDataSource writerPool = DbConnector.transactionPool(ctx.task().targetDatabase,
                        "sync-writers-" + ctx.taskName() + "-" + ctx.sourceId(), workers)) {
            BinlogPosition global;
            Map<TableName, String> savedTables;
            Map<Integer, RowPosition> queues;
            LoadCheckpoint.Handoff handoff = LoadCheckpoint.Handoff.NONE;
            try (Connection c = target.getConnection()) {
                checkpoint.createTables(c);
                fence.acquire(c);
                global = checkpoint.loadGlobal(c);
                savedTables = checkpoint.loadTables(c);
                queues = checkpoint.loadQueues(c);
                onlineDdl.load(c);
                if (pessimistic) {
                    shardStore.createTable(c);
                    shardStore.load(c, shards);
                }
                if (!ctx.task().isIncremental()) {
                    handoff = new LoadCheckpoint(meta, ctx.taskName(), ctx.sourceId()).handoff(c);
                }
                if (global != null) {
                    checkpoint.loadExitSafe(c);
                } else {
                    checkpoint.exitSafe(handoff.latest());
                }
            }
            SyncMetrics.Bound metrics = SyncMetrics.bind(ctx.taskName(), ctx.sourceId(), ctx.workerName(), workers);
            progress.bind(metrics);
            boolean mariaDb = upstreamIsMariaDb(ctx);
            BinlogPosition start = global != null ? global : startPosition(ctx, mariaDb);
            progress.checkpointed(global);
            LOG.info("sync starting {} start={} gtid={} fromCheckpoint={} workers={} batch={} safeMode={} safeUntil={}"
                    + " loadedTables={}", tags, start, start.gtidSet(), global != null, workers, cfg.batch, cfg.safeMode,
                    checkpoint.exitSafe(), handoff.tableStarts().size());

            SchemaTracker tracker = new DruidSchemaTracker();
            savedTables.forEach((t, sql) -> tracker.load(t.schema(), t.table(), sql));
            schemaEdits.applyTo(tracker);
            poller.scheduleWithFixedDelay(() -> {
                try {
                    progress.pollMaster(ctx.source().from, mariaDb);
                } catch (Exception e) {
                    LOG.debug("master status poll failed {} error={}", tags, e.toString());
                }
            }, 0, 2, TimeUnit.SECONDS);

            try (SyncWriters writers = new SyncWriters(writerPool, fence, checkpoint, workers, cfg.batch, cfg.queueSize,
                    cfg.safeMode, checkpoint.exitSafe(), tags).withMetrics(metrics).withMerging(cfg.compact, cfg.multipleRows)) {
                openSafeModeWindow(writers, cfg, poller, tags);
                SyncPipeline p = new SyncPipeline(ctx.rules(), tracker, new ValueConverter(mariaDb), new CausalityDispatcher(workers),
                        writers, checkpoint, fence, target, ctx.source().from, progress,
                        Math.max(100L, cfg.checkpointFlushInterval * 1000L), queues, start, mariaDb, tags)
                        .withFullPhase(handoff.tableStarts(), handoff.createTables())
                        .withExpressionFilter(expressions)
                        .withOnlineDdl(onlineDdl)
                        .withOptimisticShardDdl(optimisticShardDdl(ctx))
                        .withErrorOperations(errorOperations)
                        .withMetrics(metrics);
                if (pessimistic) {
                    p.withShardGroups(shards.withMetrics(new ShardGroupMetrics(ctx.taskName(), ctx.sourceId())), shardStore);
                    shardGroups = shards;
                    if (shardLink != null) {
                        shardDdlLock = new ShardDdlLock(shardLink, ctx.taskName(), ctx.sourceId(), tags);
                        p.withShardDdlLock(shardDdlLock, () -> stopping);
                    }
                }
                pipeline = p;
                try {
                    if (global == null) {
                        // Make the start durable at once: a restart before the first flush must
                        // not fall back to "the upstream's current position" and lose rows.
                        p.flush(true);
                    }
                    try {
                        run(ctx, p, metrics);
                    } catch (Exception e) {
                        if (!stopping) {
                            metrics.exitedWithError();
                        }
                        throw e;
                    }
                    if (halted) {
                        LOG.info("sync halted {} replayedRowsSkipped={} filteredRows={}", tags, p.replayedRowsSkipped(), p.filteredRows());
                        return;
                    }
                    p.flush(); // stop: everything read is written, and the checkpoint says so
                    LOG.info("sync stopped {} checkpoint={} replayedRowsSkipped={} filteredRows={}", tags, p.resumePosition(),
                            p.replayedRowsSkipped(), p.filteredRows());
                } finally {
                    p.close();
                }
            }
        } finally {
            poller.shutdownNow();
            BinlogEventStream r = reader;
            if (r != null) {
                r.close();
            }
        }
    }

    /**
     * Every start or resume replays from the checkpoint, and those rows may already be on the
     * target: safe mode for {@code safe-mode-duration} (DM's first minute), logged when it opens
     * and when it closes so a user seeing REPLACE statements downstream can tell why.
     */
    private static void openSafeModeWindow(SyncWriters writers, SyncerConfig cfg, ScheduledExecutorService timer, String tags) {
        java.time.Duration window = cfg.safeModeWindow();
        if (window.isZero()) {
            LOG.info("event=safe_mode_window {} duration=0s enabled=false", tags);
            return;
        }
        writers.safeModeFor(window);
        LOG.info("event=safe_mode_window {} duration={}s enabled=true reason=start_or_resume", tags, window.toMillis() / 1000.0);
        timer.schedule(() -> LOG.info("event=safe_mode_window_end {} duration={}s forced={}", tags, window.toMillis() / 1000.0,
                cfg.safeMode), window.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(SubtaskContext ctx, SyncPipeline p, SyncMetrics.Bound metrics) throws Exception {
        long serverId = ctx.source().serverId != 0 ? ctx.source().serverId : 1_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
        int failures = 0;
        while (!stopping) {
            BinlogEventStream r = streams.open(ctx, p.resumePosition(), serverId);
            reader = r;
            progress.readingFrom(r.binlogType());
            p.restartStream();
            try {
                if (stopping) {
                    return;
                }
                r.start();
                while (!stopping) {
                    long waitStarted = System.nanoTime();
                    Event ev = r.poll(100);
                    if (ev == null) {
                        if (p.idle()) {
                            metrics.caughtUp();
                        }
                        p.maybeFlush();
                        continue;
                    }
                    metrics.eventRead(System.nanoTime() - waitStarted, ((EventHeaderV4) ev.getHeader()).getEventLength());
                    try {
                        p.handle(ev);
                    } catch (ShardDdlLock.WaitStopped | MasterShardLink.Stopped e) {
                        // stopped while the leader had not decided: leave as a crash would, the checkpoint before the DDL
                        LOG.info("sync stopped while waiting for the master leader on a shard DDL {} msg=\"{}\"", ctx.logTags(),
                                e.getMessage());
                        halted = true;
                        return;
                    }
                    failures = 0;
                    if (p.takeRewind()) {
                        break; // a shard replay: read again from the pipeline's resume position
                    }
                }
            } catch (SluiceException e) {
                if (e.code() != SyncErrors.READ_BINLOG || stopping || ++failures > MAX_RECONNECTS) {
                    throw e;
                }
                LOG.warn("binlog stream broken, reconnecting {} attempt={} from={} error={}", ctx.logTags(), failures,
                        p.resumePosition(), e.rawCause());
                Thread.sleep(500L << Math.min(failures, 4));
            } finally {
                r.close();
            }
        }
    }

    private static boolean upstreamIsMariaDb(SubtaskContext ctx) throws Exception {
        if (ctx.source().flavor != null && !ctx.source().flavor.isEmpty()) {
            return ctx.source().flavor.equalsIgnoreCase("mariadb");
        }
        try (Connection c = DbConnector.open(ctx.source().from); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1).toLowerCase().contains("mariadb");
        }
    }

    private BinlogPosition startPosition(SubtaskContext ctx, boolean mariaDb) throws Exception {
        if (startIfNoCheckpoint != null && !startIfNoCheckpoint.isEmpty()) {
            return startIfNoCheckpoint;
        }
        InstanceConfig.Meta m = ctx.instance().meta;
        if (m != null && (!m.binlogName.isEmpty() || !m.binlogGtid.isEmpty())) {
            return new BinlogPosition(m.binlogName, m.binlogPos, m.binlogGtid);
        }
        try {
            progress.pollMaster(ctx.source().from, mariaDb);
        } catch (Exception e) {
            throw SyncErrors.START_POSITION.wrap(e);
        }
        BinlogPosition master = progress.master();
        if (master == null || master.file().isEmpty()) {
            throw SyncErrors.START_POSITION.error();
        }
        return master;
    }

    @Override
    public void stop() {
        stopping = true;
    }

    /**
     * Stops the way a crash would: no drain, no final checkpoint; rows still queued are dropped.
     * For tests of the replay after a crash.
     */
    void halt() {
        halted = true;
        stopping = true;
    }

    /** Row changes the expression filters left out in this run. */
    long filteredRows() {
        SyncPipeline p = pipeline;
        return p == null ? 0 : p.filteredRows();
    }

    @Override
    public void fillStatus(SubTaskStatus.Builder status) {
        SyncPipeline p = pipeline;
        BinlogEventStream r = reader;
        boolean idle = p != null && p.idle() && (r == null || r.backlog() == 0);
        SyncStatus.Builder sync = progress.toStatus(idle).toBuilder();
        String failedAt = p == null ? null : p.errorStartLocation();
        if (failedAt != null) {
            sync.setErrorStartLocation(failedAt);
        }
        ShardGroups shards = shardGroups;
        if (shards != null) {
            sync.addAllUnresolvedGroups(shards.unresolvedGroups());
        }
        ShardDdlLock lock = shardDdlLock;
        ShardDdlLock.Waiting waiting = lock == null ? null : lock.waiting();
        if (waiting != null) {
            status.setUnresolvedDDLLockID(waiting.lockId());
            sync.addAllBlockingDDLs(waiting.ddls());
        }
        status.setSync(sync);
    }
}
