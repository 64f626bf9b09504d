package io.sluice.worker.dump;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.DumperConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.TableName;
import io.sluice.proto.DumpStatus;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.UnitType;
import io.sluice.worker.load.LoadCheckpoint;
import io.sluice.worker.load.OverlappedLoad;
import io.sluice.worker.sync.Fence;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dump unit: dumps what the target does not hold yet into mydumper-layout files in the
 * subtask's dump directory, chunk by chunk, each chunk with the binlog position its rows are
 * consistent with (see {@link SnapshotReader} for the consistency choices).
 *
 * <p>It starts from the load checkpoint in the target, which any worker can read: a finished dump
 * on local disk is reused if no other dump loaded chunks since it was planned; otherwise a new
 * snapshot is taken and only the rows outside the key ranges already loaded are dumped (a table
 * wholly loaded is skipped). A dump is all or nothing on disk: {@code chunks.json} and then
 * {@code metadata} are written last, and any unfinished content is wiped first.
 */
public final class DumpUnit implements Unit {
    private static final Logger LOG = LoggerFactory.getLogger(DumpUnit.class);
    private static final Pattern SEQ = Pattern.compile("\\.(\\d{9})\\.sql$");

    private final boolean loadWhileDumping;
    private volatile boolean stopping;
    private volatile DumpMetrics metrics;
    private final AtomicLong totalTables = new AtomicLong();
    private final AtomicLong completedTables = new AtomicLong();
    private final AtomicLong finishedBytes = new AtomicLong();
    private final AtomicLong finishedRows = new AtomicLong();
    private final AtomicLong estimateTotalRows = new AtomicLong();

    /** A dump unit that loads each chunk as soon as it is dumped (see {@link OverlappedLoad}). */
    public DumpUnit() {
        this(true);
    }

    private DumpUnit(boolean loadWhileDumping) {
        this.loadWhileDumping = loadWhileDumping;
    }

    /** A dump unit that only writes files, leaving every chunk to the load unit (steps run by hand). */
    public static DumpUnit filesOnly() {
        return new DumpUnit(false);
    }

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

    /** Rows this unit wrote to dump files (also in query-status). */
    public long finishedRows() {
        return finishedRows.get();
    }

    @Override
    public void process(SubtaskContext ctx) throws Exception {
        Path dir = ctx.dumpDir();
        List<LoadCheckpoint.LoadedChunk> loaded;
        try (Connection target = DbConnector.open(ctx.task().targetDatabase)) {
            LoadCheckpoint checkpoint = new LoadCheckpoint(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId());
            checkpoint.create(target);
            // raised before the loaded chunks are read: a stale worker still loading cannot add one after this read
            new Fence(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId(), ctx.epoch()).acquire(target);
            loaded = checkpoint.readChunks(target);
        }
        if (DumpMetadata.isFinished(dir) && DumpManifest.exists(dir)) {
            DumpManifest kept = DumpManifest.read(dir);
            List<String> foreign = foreignChunks(kept, loaded);
            if (foreign.isEmpty()) {
                LOG.info("dump already finished, reusing it {} dir={} dumpId={}", ctx.logTags(), dir, kept.dumpId());
                return;
            }
            LOG.info("dump on disk is stale, dumping what is not loaded yet {} dir={} dumpId={} loadedByOtherDumps={}",
                    ctx.logTags(), dir, kept.dumpId(), foreign.size());
        }
        wipe(dir);
        for (AtomicLong counter : List.of(totalTables, completedTables, finishedBytes, finishedRows, estimateTotalRows)) {
            counter.set(0);
        }
        DumperConfig cfg = ctx.instance().mydumper != null ? ctx.instance().mydumper : new DumperConfig();
        LocalDateTime started = LocalDateTime.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        metrics = new DumpMetrics(ctx);
        SourceCatalog catalog;
        Map<TableName, String> creates;
        try (Connection c = DbConnector.open(ctx.source().from)) {
            catalog = SourceCatalog.read(c, ctx.rules(), ctx.task().onlineDdl);
            creates = writeSchemaFiles(c, dir, catalog);
        } catch (SQLException e) {
            throw DumpLoadErrors.DUMP_LIST_TABLES.wrap(e);
        }
        Set<TableName> reloaded = ChangedSchemaReload.resetChanged(ctx, creates, loaded);
        if (!reloaded.isEmpty()) {
            loaded = loaded.stream().filter(ch -> !reloaded.contains(ch.table())).toList();
        }
        Map<TableName, List<KeyRange>> loadedRanges = new HashMap<>();
        Map<TableName, Integer> nextSeq = new HashMap<>();
        for (LoadCheckpoint.LoadedChunk ch : loaded) {
            loadedRanges.computeIfAbsent(ch.table(), k -> new ArrayList<>()).add(ch.range());
            Matcher m = SEQ.matcher(ch.id());
            if (m.find()) {
                nextSeq.merge(ch.table(), Integer.parseInt(m.group(1)) + 1, Math::max);
            }
        }
        String consistency = cfg.consistency == null ? "auto" : cfg.consistency;
        LOG.info("dump starting {} source={} threads={} rows={} consistency={} loadedChunks={} dir={}", ctx.logTags(),
                ctx.source().from, cfg.threads, cfg.rows, consistency, loaded.size(), dir);
        try (SnapshotReader.Snapshot snap = SnapshotReader.take(ctx.source().from, consistency, cfg.threads, catalog.tables,
                ctx.logTags())) {
            Connection first = snap.lanes().get(0).connection();
            if (!snap.consistency().equals("none")) {
                requireUnchangedSince(first, catalog, creates);
            }
            List<ChunkPlanner.Chunk> chunks = new ArrayList<>();
            ChunkPlanner planner = new ChunkPlanner(cfg.rows);
            Map<SourceTable, AtomicInteger> chunksLeft = new HashMap<>();
            for (SourceTable t : catalog.tables) {
                TableName name = new TableName(t.schema(), t.name());
                try {
                    List<ChunkPlanner.Chunk> planned = planner.plan(first, t, loadedRanges.getOrDefault(name, List.of()),
                            nextSeq.getOrDefault(name, 0));
                    chunks.addAll(planned);
                    chunksLeft.put(t, new AtomicInteger(planned.size()));
                } catch (SQLException e) {
                    throw DumpLoadErrors.DUMP_TABLE.wrap(e, t);
                }
                if (t.keyless() && snap.consistency().equals("none")) {
                    LOG.warn("table without a key dumped without a snapshot cannot be exact: changes made while it is"
                            + " read may be applied twice {} table={}", ctx.logTags(), t);
                }
                estimateTotalRows.addAndGet(Math.max(0, t.estimatedRows()));
                metrics.planned(Math.max(0, t.estimatedRows()));
            }
            totalTables.set(catalog.tables.size());
            String dumpId = UUID.randomUUID().toString();
            List<DumpManifest.ChunkEntry> entries;
            if (loadWhileDumping) {
                try (OverlappedLoad early = OverlappedLoad.start(ctx, dumpId, () -> stopping)) {
                    entries = dumpChunks(ctx, snap, chunks, chunksLeft, cfg, early::submit);
                    early.finish();
                }
            } else {
                entries = dumpChunks(ctx, snap, chunks, chunksLeft, cfg, entry -> { });
            }
            if (entries == null) {
                LOG.info("dump stopped before finishing {} completedTables={}", ctx.logTags(), completedTables.get());
                return;
            }
            BinlogPosition end = snap.endOfReads();
            entries.sort(Comparator.comparing(DumpManifest.ChunkEntry::id));
            Set<String> basis = new TreeSet<>();
            loaded.forEach(ch -> basis.add(ch.id()));
            new DumpManifest(dumpId, basis, entries).write(dir);
            DumpMetadata.write(dir, snap.earliest(), started, LocalDateTime.now(ZoneOffset.UTC));
            double secs = (System.nanoTime() - t0) / 1e9;
            LOG.info("dump finished {} tables={} chunks={} rows={} bytes={} seconds={} rowsPerSecond={} earliest={} end={}",
                    ctx.logTags(), totalTables.get(), entries.size(), finishedRows.get(), finishedBytes.get(),
                    String.format("%.2f", secs), (long) (finishedRows.get() / Math.max(secs, 1e-3)), snap.earliest(), end);
        }
    }

    /** Chunks loaded from other dumps than {@code kept} since it was planned: then {@code kept} is stale. */
    private static List<String> foreignChunks(DumpManifest kept, List<LoadCheckpoint.LoadedChunk> loaded) {
        return loaded.stream()
                .filter(ch -> !ch.dumpId().equals(kept.dumpId()) && !kept.basis().contains(ch.id()))
                .map(LoadCheckpoint.LoadedChunk::id).toList();
    }

    /**
     * Runs the chunks on one thread per lane, handing each finished chunk to {@code dumped}.
     * Returns the manifest's entries, or null when stopped.
     */
    private List<DumpManifest.ChunkEntry> dumpChunks(SubtaskContext ctx, SnapshotReader.Snapshot snap,
            List<ChunkPlanner.Chunk> chunks, Map<SourceTable, AtomicInteger> chunksLeft, DumperConfig cfg,
            Consumer<DumpManifest.ChunkEntry> dumped) throws InterruptedException {
        // by target table, as the overlapped load takes them in this order
        ConcurrentLinkedQueue<ChunkPlanner.Chunk> queue = new ConcurrentLinkedQueue<>(TableInterleave.order(chunks,
                c -> ctx.rules().route(c.table().schema(), c.table().name()), c -> Math.max(1, c.table().estimatedRows())));
        ConcurrentLinkedQueue<DumpManifest.ChunkEntry> done = new ConcurrentLinkedQueue<>();
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
        for (SnapshotReader.Lane lane : snap.lanes()) {
            Thread th = new Thread(() -> {
                ChunkPlanner.Chunk chunk;
                while (!stopping && failure.get() == null && (chunk = queue.poll()) != null) {
                    try {
                        List<String> files = dumpChunk(ctx.dumpDir(), lane.connection(), chunk, statementSize, fileSize);
                        if (files == null) {
                            return;
                        }
                        DumpManifest.ChunkEntry entry = new DumpManifest.ChunkEntry(chunk.id(), chunk.table().schema(),
                                chunk.table().name(), chunk.range().lo(), chunk.range().hi(), files,
                                DumpManifest.Position.of(lane.start()),
                                DumpManifest.Position.of(snap.safeUntil(lane)));
                        done.add(entry);
                        dumped.accept(entry);
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
        return stopping ? null : new ArrayList<>(done);
    }

    /** Writes one chunk's files; returns their names (none for no rows), or null when stopped. */
    private List<String> dumpChunk(Path dir, Connection c, ChunkPlanner.Chunk chunk, long statementSize, long fileSize) {
        SourceTable t = chunk.table();
        String where = chunk.where();
        String sql = "SELECT " + t.selectList() + " FROM " + t.quoted() + (where.isEmpty() ? "" : " WHERE " + where);
        RowEncoder encoder = new RowEncoder(t.storedColumns());
        int seq = chunk.seq();
        List<String> files = new ArrayList<>();
        DumpFileWriter w = null;
        try (Statement st = c.createStatement()) {
            st.setFetchSize(1024); // Connector/J streams with a positive fetch size instead of buffering the table
            try (ResultSet rs = st.executeQuery(sql)) {
                String name = DumpLayout.dataFile(t.schema(), t.name(), seq);
                w = new DumpFileWriter(dir.resolve(name), t.loadDataClauses(), statementSize);
                long pendingRows = 0;
                while (rs.next()) {
                    if (stopping) {
                        return null; // the unfinished file is removed below; the dump is planned again
                    }
                    if (chunk.rollBySize() && w.bytes() >= fileSize) {
                        if (finishFile(w)) {
                            files.add(name);
                        }
                        seq++;
                        name = DumpLayout.dataFile(t.schema(), t.name(), seq);
                        w = new DumpFileWriter(dir.resolve(name), t.loadDataClauses(), statementSize);
                    }
                    int length = encoder.encode(rs);
                    w.addRow(encoder.line(), length);
                    if (++pendingRows == 1000) {
                        finishedRows.addAndGet(pendingRows);
                        pendingRows = 0;
                    }
                }
                finishedRows.addAndGet(pendingRows);
                if (finishFile(w)) {
                    files.add(name);
                }
                return files;
            }
        } catch (SQLException e) {
            throw DumpLoadErrors.DUMP_TABLE.wrap(e, t);
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }

    private boolean finishFile(DumpFileWriter w) {
        boolean kept = w.finish();
        finishedBytes.addAndGet(w.bytes());
        metrics.fileWritten(w, finishedBytes.get(), finishedRows.get());
        return kept;
    }

    /** Writes the schema files; returns each table's CREATE TABLE. */
    private static Map<TableName, String> writeSchemaFiles(Connection c, Path dir, SourceCatalog catalog) {
        for (String db : catalog.schemas) {
            String ddl = showCreate(c, "SHOW CREATE DATABASE " + TableName.quote(db), 2, db);
            DumpFileWriter.writeWhole(dir.resolve(DumpLayout.schemaCreateFile(db)), ddl + ";\n");
        }
        Map<TableName, String> creates = new HashMap<>();
        for (SourceTable t : catalog.tables) {
            String ddl = showCreate(c, "SHOW CREATE TABLE " + t.quoted(), 2, t.toString());
            DumpFileWriter.writeWhole(dir.resolve(DumpLayout.tableSchemaFile(t.schema(), t.name())), ddl + ";\n");
            creates.put(new TableName(t.schema(), t.name()), ddl);
        }
        return creates;
    }

    /**
     * The schema files were read before the snapshot was taken: a DDL in between would leave a
     * file older than the rows read under the snapshot (a DDL after it fails the snapshot's reads
     * instead, with "table definition has changed"). Such a dump stops rather than load rows into
     * the wrong shape; resuming it dumps again from scratch.
     */
    private static void requireUnchangedSince(Connection snapshot, SourceCatalog catalog, Map<TableName, String> creates) {
        for (SourceTable t : catalog.tables) {
            String now = showCreate(snapshot, "SHOW CREATE TABLE " + t.quoted(), 2, t.toString());
            if (!withoutCounter(now).equals(withoutCounter(creates.get(new TableName(t.schema(), t.name()))))) {
                throw DumpLoadErrors.DUMP_TABLE.error(t + " (its definition changed while the dump was starting;"
                        + " resume the task to dump again)");
            }
        }
    }

    /** The table option AUTO_INCREMENT=n moves with every insert; it is not part of the table's shape. */
    static String withoutCounter(String createTable) {
        return createTable == null ? null : createTable.replaceFirst(" AUTO_INCREMENT=\\d+", "");
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
