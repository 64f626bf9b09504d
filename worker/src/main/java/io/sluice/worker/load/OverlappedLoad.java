package io.sluice.worker.load;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.common.config.LoaderConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.filter.TableName;
import io.sluice.worker.dump.DumpLayout;
import io.sluice.worker.dump.DumpManifest;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.sync.Fence;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a dump's chunks while the dump is still running, each one as soon as its files are
 * complete, on {@code pool-size} connections: the same fenced transaction as the load unit's
 * (the chunk's rows with its checkpoint row under the dump's id), so whatever a kill leaves is
 * either a whole recorded chunk or nothing. A resumed dump leaves out the recorded key ranges and
 * the load unit skips the chunks recorded under its dump's id.
 *
 * <p>A target table is created just before its first chunk, after the table's CREATE is recorded
 * in the checkpoint: a dump that fails or dies after that (a DDL upstream, say) leaves a table
 * that {@code ChangedSchemaReload} recognises and rebuilds in its new shape, never an
 * unrecorded table of an old shape that CREATE IF NOT EXISTS would keep.
 *
 * <p>When the dump ends, {@link #finish} lets the chunks already under way commit and starts no
 * other: the load unit loads the rest with its own progress in query-status. A chunk that fails
 * here stops this early loading and is left to the load unit, which meets the same error where
 * users expect it. The queue holds only chunk entries (the rows wait on disk), so a load slower
 * than the dump costs no memory.
 */
public final class OverlappedLoad implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OverlappedLoad.class);

    private final SubtaskContext ctx;
    private final String dumpId;
    private final HikariDataSource ds;
    private final ExecutorService pool;
    private final DataFileLoader loader;
    private final LoadCheckpoint checkpoint;
    private final Fence fence;
    private final Map<String, String> creates = new HashMap<>();
    private final Map<TableName, List<String>> targetCreations;
    private final Set<TableName> createdTargets = ConcurrentHashMap.newKeySet();
    private final Set<TableName> recordedSchemas = ConcurrentHashMap.newKeySet();
    private final List<String> schemas;
    private final BooleanSupplier dumpStopping;
    private final List<Future<?>> submitted = new ArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicLong loadedChunks = new AtomicLong();
    private final AtomicLong loadedBytes = new AtomicLong();
    private volatile boolean finishing;

    private OverlappedLoad(SubtaskContext ctx, String dumpId, HikariDataSource ds, int poolSize, BooleanSupplier dumpStopping) {
        this.ctx = ctx;
        this.dumpId = dumpId;
        this.ds = ds;
        this.dumpStopping = dumpStopping;
        this.checkpoint = new LoadCheckpoint(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId());
        this.fence = new Fence(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId(), ctx.epoch());
        long statementSize = ctx.instance().mydumper != null ? ctx.instance().mydumper.statementSize : 0;
        this.loader = new DataFileLoader(loaderConfig(ctx).onDuplicate, statementSize, LoadMetrics.latencies(ctx));
        DumpContents dump = DumpContents.scan(ctx.dumpDir());
        this.schemas = dump.schemas();
        this.targetCreations = new SchemaCreator(ctx.rules()).statementsByTarget(dump);
        for (DumpContents.TableFile tf : dump.tableSchemas()) {
            creates.put(tf.table().schema() + "." + tf.table().table(), SchemaCreator.statementOf(tf.path()));
        }
        this.pool = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "early-load-" + ctx.taskName() + "-" + ctx.sourceId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads the schema files already in the dump directory (written before any data file), then
     * waits for chunks.
     *
     * @param dumpStopping true once the dump unit is asked to stop: a chunk under way rolls back
     */
    public static OverlappedLoad start(SubtaskContext ctx, String dumpId, BooleanSupplier dumpStopping) {
        int poolSize = Math.max(1, loaderConfig(ctx).poolSize);
        HikariDataSource ds = DbConnector.pool(ctx.task().targetDatabase,
                "early-load-" + ctx.taskName() + "-" + ctx.sourceId(), poolSize);
        try {
            OverlappedLoad load = new OverlappedLoad(ctx, dumpId, ds, poolSize, dumpStopping);
            LOG.info("overlapped load ready {} targetTables={} connections={} dumpId={}", ctx.logTags(),
                    load.targetCreations.size(), poolSize, dumpId);
            return load;
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    private static LoaderConfig loaderConfig(SubtaskContext ctx) {
        return ctx.instance().loader != null ? ctx.instance().loader : new LoaderConfig();
    }

    /** Queues a chunk whose files are complete on disk; returns at once. */
    public synchronized void submit(DumpManifest.ChunkEntry entry) {
        if (finishing) {
            return;
        }
        submitted.add(pool.submit(() -> loadChunk(entry)));
    }

    private void loadChunk(DumpManifest.ChunkEntry e) {
        if (finishing || dumpStopping.getAsBoolean() || failure.get() != null) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            List<DumpContents.DataFile> files = new ArrayList<>();
            for (String name : e.files()) {
                files.add(DumpContents.dataFile(ctx.dumpDir(), name, schemas));
            }
            long bytes = files.stream().mapToLong(DumpContents.DataFile::size).sum();
            String create = creates.get(e.schema() + "." + e.table());
            TableName target = ctx.rules().route(e.schema(), e.table());
            prepareTable(c, new TableName(e.schema(), e.table()), target, create, e);
            boolean loaded = loader.load(c, files, target, () -> dumpStopping.getAsBoolean() || failure.get() != null,
                    checkpoint.completion(fence, e, dumpId, ctx.workerName(), bytes, create));
            if (loaded) {
                loadedChunks.incrementAndGet();
                loadedBytes.addAndGet(bytes);
            }
        } catch (SQLException | RuntimeException ex) {
            if (failure.compareAndSet(null, ex instanceof RuntimeException re ? re : DumpLoadErrors.LOAD_FILE.wrap(ex, e.id()))) {
                LOG.warn("overlapped load stops, the load unit loads the rest {} chunk={} error=\"{}\"", ctx.logTags(), e.id(),
                        ex.getMessage());
            }
        }
    }

    /**
     * Records the upstream table's CREATE, then creates its routed target table (and schema) once
     * per run; a resumed run repeats both harmlessly (INSERT IGNORE, IF NOT EXISTS).
     */
    private void prepareTable(Connection c, TableName upstream, TableName target, String create, DumpManifest.ChunkEntry e)
            throws SQLException {
        if (create != null && !recordedSchemas.contains(upstream)) {
            checkpoint.recordSchema(c, upstream.schema(), upstream.table(), create, e.start().binlog());
            recordedSchemas.add(upstream);
        }
        List<String> statements = targetCreations.get(target);
        if (statements == null || createdTargets.contains(target)) {
            return;
        }
        synchronized (statements) { // shards merged into one target: one CREATE at a time
            if (createdTargets.contains(target)) {
                return;
            }
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION foreign_key_checks = 0");
                for (String sql : statements) {
                    try {
                        st.execute(sql);
                    } catch (SQLException ex) {
                        throw DumpLoadErrors.LOAD_SCHEMA.wrap(ex, target, DumpLayout.tableSchemaFile(upstream.schema(), upstream.table()));
                    }
                }
            }
            createdTargets.add(target);
        }
    }

    /**
     * Starts no more chunks and waits for those under way to commit (or roll back, when the dump
     * is stopping). A failure is not thrown: the load unit meets it again.
     */
    public void finish() throws InterruptedException {
        List<Future<?>> all;
        synchronized (this) {
            finishing = true;
            all = List.copyOf(submitted);
        }
        for (Future<?> f : all) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException ignored) {
                // loadChunk catches its own failures into {@code failure}
            }
        }
        LOG.info("overlapped load finished {} chunks={} of={} bytes={} failed={}", ctx.logTags(), loadedChunks.get(),
                all.size(), loadedBytes.get(), failure.get() != null);
    }

    @Override
    public void close() {
        finishing = true;
        pool.shutdownNow();
        try {
            // a chunk under way rolls back when its connection closes; let it end first
            pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ds.close();
    }
}
