package io.sluice.worker.load;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.LoaderConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.proto.LoadStatus;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.UnitType;
import io.sluice.worker.dump.DumpMetadata;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.Unit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load unit: creates the routed target schemas and tables from a finished dump, then loads
 * its data files with {@code pool-size} connections, each file in one transaction with its
 * checkpoint row, so a load stopped or killed at any moment resumes without loading any row
 * twice (tables without a primary key included).
 */
public final class LoadUnit implements Unit {
    private static final Logger LOG = LoggerFactory.getLogger(LoadUnit.class);

    private volatile boolean stopping;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final AtomicLong finishedBytes = new AtomicLong();
    private volatile BinlogPosition metaBinlog = BinlogPosition.EMPTY;

    @Override
    public UnitType type() {
        return UnitType.Load;
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public void fillStatus(SubTaskStatus.Builder status) {
        long total = totalBytes.get();
        long done = finishedBytes.get();
        BinlogPosition pos = metaBinlog;
        status.setLoad(LoadStatus.newBuilder()
                .setFinishedBytes(done)
                .setTotalBytes(total)
                .setProgress(String.format("%.2f %%", total == 0 ? 0.0 : done * 100.0 / total))
                .setMetaBinlog(pos.isEmpty() ? "" : pos.toString())
                .setMetaBinlogGTID(pos.gtidSet()));
    }

    @Override
    public void process(SubtaskContext ctx) throws Exception {
        if (!DumpMetadata.isFinished(ctx.dumpDir())) {
            throw DumpLoadErrors.LOAD_NO_DUMP.error(ctx.dumpDir());
        }
        metaBinlog = DumpMetadata.read(ctx.dumpDir());
        failure.set(null);
        totalBytes.set(0);
        finishedBytes.set(0);
        DumpContents dump = DumpContents.scan(ctx.dumpDir());
        LoaderConfig cfg = ctx.instance().loader != null ? ctx.instance().loader : new LoaderConfig();
        int poolSize = Math.max(1, cfg.poolSize);
        long t0 = System.nanoTime();
        try (HikariDataSource ds = DbConnector.pool(ctx.task().targetDatabase,
                "load-" + ctx.taskName() + "-" + ctx.sourceId(), poolSize)) {
            LoadCheckpoint checkpoint = new LoadCheckpoint(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId());
            checkpoint.create(ds);
            checkpoint.bindSnapshot(ds, metaBinlog);
            Map<String, long[]> recorded = checkpoint.read(ds);
            List<DumpContents.DataFile> todo = new ArrayList<>();
            for (DumpContents.DataFile f : dump.dataFiles()) {
                totalBytes.addAndGet(f.size());
                long[] cp = recorded.get(f.name());
                if (cp != null && cp[0] >= cp[1]) {
                    finishedBytes.addAndGet(f.size());
                } else {
                    todo.add(f);
                }
            }
            LOG.info("load starting {} files={} alreadyLoaded={} totalBytes={} poolSize={} checkpoint={}", ctx.logTags(),
                    dump.dataFiles().size(), dump.dataFiles().size() - todo.size(), totalBytes.get(), poolSize,
                    checkpoint.table());
            if (todo.isEmpty() && !recorded.isEmpty()) {
                LOG.info("load already finished {}", ctx.logTags());
                return;
            }
            // tables first: a resumed load re-runs these, which IF NOT EXISTS makes harmless
            new SchemaCreator(ctx.rules()).create(ds, dump);
            java.util.Set<DumpContents.DataFile> pending = new java.util.HashSet<>(todo);
            LoadMetrics metrics = LoadMetrics.start(ctx, dump.dataFiles(),
                    dump.dataFiles().stream().filter(f -> !pending.contains(f)).toList(), dump.tableSchemas().size());
            if (!loadFiles(ctx, ds, checkpoint, cfg, todo, poolSize, metrics)) {
                LOG.info("load stopped {} finishedBytes={} totalBytes={}", ctx.logTags(), finishedBytes.get(), totalBytes.get());
                return;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            LOG.info("load finished {} files={} bytes={} seconds={} bytesPerSecond={}", ctx.logTags(), todo.size(),
                    totalBytes.get(), String.format("%.2f", secs), (long) (totalBytes.get() / Math.max(secs, 1e-3)));
        }
    }

    /** Returns false when stopped before every file was loaded. */
    private boolean loadFiles(SubtaskContext ctx, HikariDataSource ds, LoadCheckpoint checkpoint, LoaderConfig cfg,
            List<DumpContents.DataFile> todo, int poolSize, LoadMetrics metrics) throws InterruptedException {
        DataFileLoader loader = new DataFileLoader(checkpoint, cfg.onDuplicate, metrics);
        List<DumpContents.DataFile> ordered = new ArrayList<>(todo);
        ordered.sort(Comparator.comparingLong((DumpContents.DataFile f) -> -f.size())); // big files first
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "load-" + ctx.taskName() + "-" + ctx.sourceId());
            t.setDaemon(true);
            return t;
        });
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (DumpContents.DataFile f : ordered) {
                results.add(pool.submit(() -> {
                    if (stopping || failure.get() != null) {
                        return false;
                    }
                    try (Connection c = ds.getConnection()) {
                        boolean loaded = loader.load(c, f, ctx.rules().route(f.table().schema(), f.table().table()),
                                () -> stopping || failure.get() != null);
                        if (loaded) {
                            finishedBytes.addAndGet(f.size());
                            metrics.fileLoaded(f);
                        }
                        return loaded;
                    } catch (SQLException e) {
                        failure.compareAndSet(null, DumpLoadErrors.LOAD_FILE.wrap(e, f.name()));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e instanceof SluiceException ? e : DumpLoadErrors.LOAD_FILE.wrap(e, f.name()));
                    }
                    return false;
                }));
            }
            boolean all = true;
            for (Future<Boolean> r : results) {
                try {
                    all &= r.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    all = false;
                }
            }
            RuntimeException err = failure.get();
            if (err != null) {
                metrics.exitedWithError();
                LOG.warn("load failed {} error=\"{}\"", ctx.logTags(), err.getMessage());
                throw err;
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
