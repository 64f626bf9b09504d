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
import io.sluice.worker.dump.DumpManifest;
import io.sluice.worker.dump.DumpMetadata;
import io.sluice.worker.dump.TableInterleave;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.sync.Fence;
import io.sluice.worker.subtask.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load unit: creates the routed target schemas and tables from a finished dump, then loads
 * its chunks with {@code pool-size} connections, each chunk (all its files) in one transaction
 * with its checkpoint row, so a load stopped or killed at any moment resumes without loading any
 * row twice (tables without a primary key included). When everything is loaded the dump files
 * are removed, unless {@code clean-dump-file: false}.
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
        DumpManifest manifest = DumpManifest.read(ctx.dumpDir());
        failure.set(null);
        totalBytes.set(0);
        finishedBytes.set(0);
        DumpContents dump = DumpContents.scan(ctx.dumpDir());
        Map<String, DumpContents.DataFile> files = new HashMap<>();
        dump.dataFiles().forEach(f -> files.put(f.name(), f));
        LoaderConfig cfg = ctx.instance().loader != null ? ctx.instance().loader : new LoaderConfig();
        int poolSize = Math.max(1, cfg.poolSize);
        long t0 = System.nanoTime();
        try (HikariDataSource ds = DbConnector.pool(ctx.task().targetDatabase,
                "load-" + ctx.taskName() + "-" + ctx.sourceId(), poolSize)) {
            LoadCheckpoint checkpoint = new LoadCheckpoint(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId());
            Set<String> recorded = new HashSet<>();
            Fence fence = new Fence(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId(), ctx.epoch());
            try (Connection c = ds.getConnection()) {
                checkpoint.create(c);
                fence.acquire(c);
                List<String> foreign = new ArrayList<>();
                for (LoadCheckpoint.LoadedChunk ch : checkpoint.readChunks(c)) {
                    if (ch.dumpId().equals(manifest.dumpId())) {
                        recorded.add(ch.id());
                    } else if (!manifest.basis().contains(ch.id())) {
                        foreign.add(ch.id());
                    }
                }
                if (!foreign.isEmpty()) {
                    throw DumpLoadErrors.LOAD_OTHER_SNAPSHOT.error(manifest.dumpId(), foreign.size(), foreign.get(0));
                }
            }
            List<Chunk> todo = new ArrayList<>();
            List<DumpContents.DataFile> allFiles = new ArrayList<>();
            List<DumpContents.DataFile> loadedFiles = new ArrayList<>();
            for (DumpManifest.ChunkEntry e : manifest.chunks()) {
                List<DumpContents.DataFile> chunkFiles = new ArrayList<>();
                for (String name : e.files()) {
                    DumpContents.DataFile f = files.get(name);
                    if (f == null) {
                        throw DumpLoadErrors.LOAD_READ_DIR.error(ctx.dumpDir().resolve(name));
                    }
                    chunkFiles.add(f);
                }
                Chunk chunk = new Chunk(e, chunkFiles);
                totalBytes.addAndGet(chunk.bytes());
                allFiles.addAll(chunkFiles);
                if (recorded.contains(e.id())) {
                    finishedBytes.addAndGet(chunk.bytes());
                    loadedFiles.addAll(chunkFiles);
                } else {
                    todo.add(chunk);
                }
            }
            LOG.info("load starting {} chunks={} alreadyLoaded={} totalBytes={} poolSize={} dumpId={} checkpoint={}",
                    ctx.logTags(), manifest.chunks().size(), manifest.chunks().size() - todo.size(), totalBytes.get(),
                    poolSize, manifest.dumpId(), checkpoint.table());
            try (LoadMetrics metrics = LoadMetrics.start(ctx, allFiles, loadedFiles, dump.tableSchemas().size())) {
                if (!todo.isEmpty()) {
                    // tables first: a resumed load re-runs these, which IF NOT EXISTS makes harmless
                    long created = System.nanoTime();
                    new SchemaCreator(ctx.rules()).create(ds, dump, poolSize);
                    LOG.info("target tables created {} schemaFiles={} tableFiles={} connections={} seconds={}", ctx.logTags(),
                            dump.schemas().size(), dump.tableSchemas().size(), poolSize,
                            String.format("%.2f", (System.nanoTime() - created) / 1e9));
                    if (!loadChunks(ctx, ds, checkpoint, fence, cfg, todo, poolSize, manifest.dumpId(), dump, metrics)) {
                        LOG.info("load stopped {} finishedBytes={} totalBytes={}", ctx.logTags(), finishedBytes.get(), totalBytes.get());
                        return;
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            LOG.info("load finished {} chunks={} bytes={} seconds={} bytesPerSecond={}", ctx.logTags(), todo.size(),
                    totalBytes.get(), String.format("%.2f", secs), (long) (totalBytes.get() / Math.max(secs, 1e-3)));
        }
        if (ctx.task().cleanDumpFile) {
            // everything is in the target, the schemas too: no worker needs these files again
            removeDumpDir(ctx);
        }
    }

    /** A chunk of the manifest with its data files. */
    private record Chunk(DumpManifest.ChunkEntry entry, List<DumpContents.DataFile> files) {
        long bytes() {
            return files.stream().mapToLong(DumpContents.DataFile::size).sum();
        }
    }

    private static void removeDumpDir(SubtaskContext ctx) {
        try (Stream<Path> s = Files.walk(ctx.dumpDir())) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            LOG.info("dump files removed {} dir={}", ctx.logTags(), ctx.dumpDir());
        } catch (IOException e) {
            LOG.warn("cannot remove dump files {} dir={} error=\"{}\"", ctx.logTags(), ctx.dumpDir(), e.getMessage());
        }
    }

    /** Returns false when stopped before every chunk was loaded. */
    private boolean loadChunks(SubtaskContext ctx, HikariDataSource ds, LoadCheckpoint checkpoint, Fence fence, LoaderConfig cfg,
            List<Chunk> todo, int poolSize, String dumpId, DumpContents dump, LoadMetrics metrics)
            throws InterruptedException {
        // statement-size is a mydumper key in DM's task file; the INSERT fallback honours it too
        long statementSize = ctx.instance().mydumper != null ? ctx.instance().mydumper.statementSize : 0;
        DataFileLoader loader = new DataFileLoader(cfg.onDuplicate, statementSize, metrics);
        Map<String, String> creates = new HashMap<>();
        for (DumpContents.TableFile tf : dump.tableSchemas()) {
            creates.put(tf.table().schema() + "." + tf.table().table(), SchemaCreator.statementOf(tf.path()));
        }
        List<Chunk> ordered = TableInterleave.order(todo, c -> ctx.rules().route(c.entry().schema(), c.entry().table()),
                Chunk::bytes);
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "load-" + ctx.taskName() + "-" + ctx.sourceId());
            t.setDaemon(true);
            return t;
        });
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (Chunk chunk : ordered) {
                DumpManifest.ChunkEntry e = chunk.entry();
                results.add(pool.submit(() -> {
                    if (stopping || failure.get() != null) {
                        return false;
                    }
                    try (Connection c = ds.getConnection()) {
                        String create = creates.get(e.schema() + "." + e.table());
                        boolean loaded = loader.load(c, chunk.files(), ctx.rules().route(e.schema(), e.table()),
                                () -> stopping || failure.get() != null,
                                checkpoint.completion(fence, e, dumpId, ctx.workerName(), chunk.bytes(), create));
                        if (loaded) {
                            finishedBytes.addAndGet(chunk.bytes());
                            chunk.files().forEach(metrics::fileLoaded);
                        }
                        return loaded;
                    } catch (SQLException ex) {
                        failure.compareAndSet(null, DumpLoadErrors.LOAD_FILE.wrap(ex, e.id()));
                    } catch (RuntimeException ex) {
                        failure.compareAndSet(null, ex instanceof SluiceException ? ex : DumpLoadErrors.LOAD_FILE.wrap(ex, e.id()));
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
