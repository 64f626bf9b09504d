package io.sluice.worker.load;

import static io.sluice.worker.load.FullPhaseFixture.columns;
import static io.sluice.worker.load.FullPhaseFixture.fingerprint;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.common.db.DbConnector;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.DataPathUnits;
import io.sluice.worker.dump.DumpLayout;
import io.sluice.worker.dump.DumpManifest;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.Unit;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Steps of the full phase that tests run by hand: a partial load, and sync until the target is equal. */
final class FullPhaseSteps {
    private FullPhaseSteps() {
    }

    /** Something to do while sync runs, before the comparison starts (stop the writers). */
    interface Quiesce {
        void run() throws Exception;
    }

    /** Loads the chunks {@code which} picks as the load unit would, as if a worker died after them. */
    static void loadSome(SubtaskContext ctx, DumpManifest m, Predicate<DumpManifest.ChunkEntry> which) throws Exception {
        DumpContents dump = DumpContents.scan(ctx.dumpDir());
        Map<String, DumpContents.DataFile> byName = new HashMap<>();
        dump.dataFiles().forEach(f -> byName.put(f.name(), f));
        LoadCheckpoint cp = new LoadCheckpoint("dm_meta", ctx.taskName(), ctx.sourceId());
        try (var ds = DbConnector.pool(ctx.task().targetDatabase, "test-" + ctx.taskName(), 1)) {
            try (Connection c = ds.getConnection()) {
                cp.create(c);
            }
            new SchemaCreator(ctx.rules()).create(ds, dump);
            DataFileLoader loader = new DataFileLoader("replace");
            for (DumpManifest.ChunkEntry e : m.chunks()) {
                if (!which.test(e)) {
                    continue;
                }
                String create = SchemaCreator.statementOf(ctx.dumpDir().resolve(DumpLayout.tableSchemaFile(e.schema(), e.table())));
                try (Connection c = ds.getConnection()) {
                    assertTrue(loader.load(c, e.files().stream().map(byName::get).toList(),
                            ctx.rules().route(e.schema(), e.table()), () -> false, tx -> {
                                cp.recordChunk(tx, e, m.dumpId(), "worker-dead", 1);
                                cp.recordSchema(tx, e.schema(), e.table(), create, e.start().binlog());
                            }));
                }
            }
        }
    }

    /** Runs the sync unit from the full phase's hand-off until every table of {@code db} equals the source. */
    static void runSyncUntilEqual(MariaDbServer src, MariaDbServer dst, SubtaskContext ctx, String db, List<String> tables,
            Quiesce quiesce) throws Exception {
        Unit sync = new DataPathUnits().sync(new DataPathUnits().dumpPosition(ctx));
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                sync.process(ctx);
            } catch (Throwable e) {
                error.set(e);
            }
        }, "sync-" + db);
        t.start();
        try {
            if (quiesce != null) {
                Thread.sleep(1500); // let sync replay under writes for a while
                quiesce.run();
            }
            long deadline = System.currentTimeMillis() + 90_000;
            String diff = "";
            while (System.currentTimeMillis() < deadline) {
                if (error.get() != null) {
                    fail("sync failed", error.get());
                }
                diff = "";
                for (String table : tables) {
                    var cols = columns(src, db, table);
                    List<String> srcNames = cols.stream().map(c -> c[0]).toList();
                    List<String> dstNames = columns(dst, db, table).stream().map(c -> c[0]).toList();
                    if (!srcNames.equals(dstNames)) {
                        diff += " " + table + " columns src=" + srcNames + " dst=" + dstNames;
                        continue; // a DDL not replayed yet
                    }
                    String s = fingerprint(src, db, table, cols);
                    String d = fingerprint(dst, db, table, cols);
                    if (!s.equals(d)) {
                        diff += " " + table + " src=" + s + " dst=" + d;
                    }
                }
                if (diff.isEmpty()) {
                    return;
                }
                Thread.sleep(500);
            }
            fail("target not equal to source:" + diff);
        } finally {
            sync.stop();
            t.join(30_000);
        }
    }

    /** Rows of {@code table} in a dump: its rows files hold one line per row. */
    static long dumpedRows(SubtaskContext ctx, DumpManifest m, String table) throws java.io.IOException {
        long rows = 0;
        for (DumpManifest.ChunkEntry e : m.chunks()) {
            if (e.table().equals(table)) {
                rows += chunkRows(ctx, e);
            }
        }
        return rows;
    }

    /** Rows of one chunk of a dump. */
    static long chunkRows(SubtaskContext ctx, DumpManifest.ChunkEntry e) throws java.io.IOException {
        long rows = 0;
        for (String f : e.files()) {
            java.nio.file.Path rowsFile = ctx.dumpDir().resolve(io.sluice.worker.dump.DataFileFormat.rowsFileOf(f));
            rows += java.nio.file.Files.exists(rowsFile) ? java.nio.file.Files.readAllLines(rowsFile).size() : 0;
        }
        return rows;
    }
}
