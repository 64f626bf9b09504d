package io.sluice.worker.dump;

import io.sluice.common.config.DumperConfig;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.TableName;
import io.sluice.proto.DumpStatus;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.UnitType;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dump unit: a consistent snapshot of the source's allowed tables into mydumper-layout
 * files in the subtask's dump directory. A dump is all or nothing: the {@code metadata} file is
 * written last, a directory with a finished one is reused as is, and any other content is wiped
 * and dumped again (the snapshot of an interrupted dump is gone, so its files cannot be kept).
 */
public final class DumpUnit implements Unit {
    private static final Logger LOG = LoggerFactory.getLogger(DumpUnit.class);

    private volatile boolean stopping;
    private volatile DumpMetrics metrics;
    private final AtomicLong totalTables = new AtomicLong();
    private final AtomicLong completedTables = new AtomicLong();
    private final AtomicLong finishedBytes = new AtomicLong();
    private final AtomicLong finishedRows = new AtomicLong();
    private final AtomicLong estimateTotalRows = new AtomicLong();

    @Override
    public UnitType type() {
        return UnitType.Dump;
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public void fillStatus(SubTaskStatus.Builder status) {
        status.setDump(DumpStatus.newBuilder()
                .setTotalTables(totalTables.get())
                .setCompletedTables(completedTables.get())
                .setFinishedBytes(finishedBytes.get())
                .setFinishedRows(finishedRows.get())
                .setEstimateTotalRows(estimateTotalRows.get()));
    }

    @Override
    public void process(SubtaskContext ctx) throws Exception {
        Path dir = ctx.dumpDir();
        if (DumpMetadata.isFinished(dir)) {
            LOG.info("dump already finished, reusing it {} dir={}", ctx.logTags(), dir);
            return;
        }
        wipe(dir);
        for (AtomicLong counter : List.of(totalTables, completedTables, finishedBytes, finishedRows, estimateTotalRows)) {
            counter.set(0);
        }
        DumperConfig cfg = ctx.instance().mydumper != null ? ctx.instance().mydumper : new DumperConfig();
        LocalDateTime started = LocalDateTime.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        metrics = new DumpMetrics(ctx);
        LOG.info("dump starting {} source={} threads={} rows={} dir={}", ctx.logTags(), ctx.source().from,
                cfg.threads, cfg.rows, dir);
        try (SnapshotReader.Snapshot snap = SnapshotReader.take(ctx.source().from, cfg.threads, ctx.logTags())) {
            Connection first = snap.connections().get(0);
            SourceCatalog catalog;
            List<ChunkPlanner.Chunk> chunks = new ArrayList<>();
            try {
                catalog = SourceCatalog.read(first, ctx.rules());
            } catch (SQLException e) {
                throw DumpLoadErrors.DUMP_LIST_TABLES.wrap(e);
            }
            writeSchemaFiles(first, dir, catalog);
            ChunkPlanner planner = new ChunkPlanner(cfg.rows);
            Map<SourceTable, AtomicInteger> chunksLeft = new HashMap<>();
            for (SourceTable t : catalog.tables) {
                try {
                    List<ChunkPlanner.Chunk> planned = planner.plan(first, t);
                    chunks.addAll(planned);
                    chunksLeft.put(t, new AtomicInteger(planned.size()));
                } catch (SQLException e) {
                    throw DumpLoadErrors.DUMP_TABLE.wrap(e, t);
                }
                estimateTotalRows.addAndGet(Math.max(0, t.estimatedRows()));
                metrics.planned(Math.max(0, t.estimatedRows()));
            }
            totalTables.set(catalog.tables.size());
            if (!dumpChunks(ctx, snap, chunks, chunksLeft, cfg)) {
                LOG.info("dump stopped before finishing {} completedTables={}", ctx.logTags(), completedTables.get());
                return;
            }
            DumpMetadata.write(dir, snap.position(), started, LocalDateTime.now(ZoneOffset.UTC));
            double secs = (System.nanoTime() - t0) / 1e9;
            LOG.info("dump finished {} tables={} rows={} bytes={} seconds={} rowsPerSecond={} binlog={}", ctx.logTags(),
                    totalTables.get(), finishedRows.get(), finishedBytes.get(), String.format("%.2f", secs),
                    (long) (finishedRows.get() / Math.max(secs, 1e-3)), snap.position());
        }
    }

    /** Runs the chunks on one thread per snapshot connection. Returns false when stopped. */
    private boolean dumpChunks(SubtaskContext ctx, SnapshotReader.Snapshot snap, List<ChunkPlanner.Chunk> chunks,
            Map<SourceTable, AtomicInteger> chunksLeft, DumperConfig cfg) throws InterruptedException {
        // biggest tables first, so the last thread to finish is not the one with the largest table
        chunks.sort(Comparator.comparingLong((ChunkPlanner.Chunk c) -> -c.table().estimatedRows()));
        ConcurrentLinkedQueue<ChunkPlanner.Chunk> queue = new ConcurrentLinkedQueue<>(chunks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long fileSize = chunkFileSize(cfg);
        long statementSize = cfg.statementSize > 0 ? cfg.statementSize : 1_000_000;
        for (var e : chunksLeft.entrySet()) {
            if (e.getValue().get() == 0) {
                completedTables.incrementAndGet();
                metrics.tableFinished();
            }
        }
        List<Thread> threads = new ArrayList<>();
        for (Connection c : snap.connections()) {
            Thread th = new Thread(() -> {
                ChunkPlanner.Chunk chunk;
                while (!stopping && failure.get() == null && (chunk = queue.poll()) != null) {
                    try {
                        dumpChunk(ctx.dumpDir(), c, chunk, statementSize, fileSize);
                        if (chunksLeft.get(chunk.table()).decrementAndGet() == 0) {
                            completedTables.incrementAndGet();
                metrics.tableFinished();
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            }, "dump-" + ctx.taskName() + "-" + threads.size());
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        Throwable t = failure.get();
        if (t != null) {
            metrics.failed();
            if (t instanceof SluiceException se) {
                throw se;
            }
            throw DumpLoadErrors.DUMP_TABLE.wrap(t, "");
        }
        return !stopping;
    }

    private void dumpChunk(Path dir, Connection c, ChunkPlanner.Chunk chunk, long statementSize, long fileSize) {
        SourceTable t = chunk.table();
        String sql = "SELECT " + t.selectList() + " FROM " + t.quoted() + (chunk.where().isEmpty() ? "" : " WHERE " + chunk.where());
        RowEncoder encoder = new RowEncoder(t.storedColumns());
        int seq = chunk.seq();
        DumpFileWriter w = null;
        try (Statement st = c.createStatement()) {
            st.setFetchSize(1024); // Connector/J streams with a positive fetch size instead of buffering the table
            try (ResultSet rs = st.executeQuery(sql)) {
                w = new DumpFileWriter(dir.resolve(DumpLayout.dataFile(t.schema(), t.name(), seq)), t.loadDataClauses(), statementSize);
                long pendingRows = 0;
                while (rs.next()) {
                    if (stopping) {
                        return; // the unfinished file is removed below; the dump reruns whole
                    }
                    if (chunk.rollBySize() && w.bytes() >= fileSize) {
                        finishFile(w);
                        seq++;
                        w = new DumpFileWriter(dir.resolve(DumpLayout.dataFile(t.schema(), t.name(), seq)), t.loadDataClauses(), statementSize);
                    }
                    w.addRow(encoder.encode(rs));
                    if (++pendingRows == 1000) {
                        finishedRows.addAndGet(pendingRows);
                        pendingRows = 0;
                    }
                }
                finishedRows.addAndGet(pendingRows);
                finishFile(w);
            }
        } catch (SQLException e) {
            throw DumpLoadErrors.DUMP_TABLE.wrap(e, t);
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }

    private void finishFile(DumpFileWriter w) {
        w.finish();
        finishedBytes.addAndGet(w.bytes());
        metrics.fileWritten(w, finishedBytes.get(), finishedRows.get());
    }

    private static void writeSchemaFiles(Connection c, Path dir, SourceCatalog catalog) {
        for (String db : catalog.schemas) {
            String ddl = showCreate(c, "SHOW CREATE DATABASE " + TableName.quote(db), 2, db);
            DumpFileWriter.writeWhole(dir.resolve(DumpLayout.schemaCreateFile(db)), ddl + ";\n");
        }
        for (SourceTable t : catalog.tables) {
            String ddl = showCreate(c, "SHOW CREATE TABLE " + t.quoted(), 2, t.toString());
            DumpFileWriter.writeWhole(dir.resolve(DumpLayout.tableSchemaFile(t.schema(), t.name())), ddl + ";\n");
        }
    }

    private static String showCreate(Connection c, String sql, int column, String what) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw DumpLoadErrors.DUMP_TABLE.error(what);
            }
            return rs.getString(column);
        } catch (SQLException e) {
            throw DumpLoadErrors.DUMP_TABLE.wrap(e, what);
        }
    }

    /** {@code chunk-filesize} is in MB as in DM ("64"); a unit suffix is tolerated. */
    static long chunkFileSize(DumperConfig cfg) {
        String s = cfg.chunkFilesize == null ? "" : cfg.chunkFilesize.trim().toUpperCase().replaceAll("I?B$", "");
        try {
            if (s.endsWith("G")) {
                return Long.parseLong(s.substring(0, s.length() - 1).trim()) << 30;
            }
            if (s.endsWith("M")) {
                s = s.substring(0, s.length() - 1).trim();
            }
            long mb = Long.parseLong(s);
            return mb > 0 ? mb << 20 : 64L << 20;
        } catch (NumberFormatException e) {
            return 64L << 20;
        }
    }

    private static void wipe(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_WRITE_FILE.wrap(e, dir);
        }
    }
}
