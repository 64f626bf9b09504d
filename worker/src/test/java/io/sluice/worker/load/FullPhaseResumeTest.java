package io.sluice.worker.load;

import static io.sluice.worker.load.FullPhaseFixture.columns;
import static io.sluice.worker.load.FullPhaseFixture.context;
import static io.sluice.worker.load.FullPhaseFixture.fingerprint;
import static io.sluice.worker.load.FullPhaseFixture.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.DataPathUnits;
import io.sluice.worker.dump.DumpManifest;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.subtask.SubtaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The full phase continuing after a stop or the loss of its dump files, and the hand-off to
 * sync, between two real MariaDB servers: chunks loaded from two snapshots with rows changed in
 * between (keys moving across ranges, keyless tables) end equal to the source once sync ran.
 */
class FullPhaseResumeTest {
    private static final List<String> TABLES = List.of("ints", "strs", "comp", "uniq", "nopk", "nopk2");
    private static MariaDbServer src;
    private static MariaDbServer dst;

    @BeforeAll
    static void start() {
        src = MariaDbServer.start("fr-src");
        dst = MariaDbServer.start("fr-dst");
        FullPhaseFixture.defineEncodedUtcZone(src);
        FullPhaseFixture.defineEncodedUtcZone(dst);
    }

    @AfterAll
    static void close() {
        if (src != null) {
            src.close();
        }
        if (dst != null) {
            dst.close();
        }
    }

    private static void createTables(String db) {
        src.execute("CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".ints (id INT PRIMARY KEY, v VARCHAR(40))",
                "CREATE TABLE " + db + ".strs (code VARCHAR(20) PRIMARY KEY, v INT)",
                "CREATE TABLE " + db + ".comp (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b))",
                // no primary key: chunked by its one unique key of NOT NULL columns
                "CREATE TABLE " + db + ".uniq (n INT NULL, email VARCHAR(40) NOT NULL, v INT, UNIQUE KEY uk_email (email))",
                "CREATE TABLE " + db + ".nopk (x INT, s VARCHAR(20))",
                "CREATE TABLE " + db + ".nopk2 (x INT, s VARCHAR(20))",
                "INSERT INTO " + db + ".ints SELECT seq, MD5(seq) FROM mysql.seq_1_to_6000",
                "INSERT INTO " + db + ".strs SELECT CONCAT('k', LPAD(seq, 6, '0')), seq FROM mysql.seq_1_to_3000",
                "INSERT INTO " + db + ".comp SELECT seq % 30, CONCAT('b', seq), seq FROM mysql.seq_1_to_3000",
                "INSERT INTO " + db + ".uniq SELECT IF(seq % 7 = 0, NULL, seq), CONCAT('u', LPAD(seq, 6, '0'), '@x'), seq"
                        + " FROM mysql.seq_1_to_3000",
                "INSERT INTO " + db + ".nopk SELECT seq % 50, 'n' FROM mysql.seq_1_to_2000",
                "INSERT INTO " + db + ".nopk2 SELECT seq % 50, 'm' FROM mysql.seq_1_to_1000",
                "ANALYZE TABLE " + db + ".ints, " + db + ".strs, " + db + ".comp, " + db + ".uniq, " + db + ".nopk, " + db + ".nopk2");
    }

    private static SubtaskContext ctx(String db, Path dir, String consistency, int threads) {
        String inst = "    block-allow-list: only";
        String top = "block-allow-list:\n  only:\n    do-dbs: [\"" + db + "\"]\nclean-dump-file: false\n";
        SubtaskContext c = context(src, dst, db, dir, 1000, 20_000, 3, inst, top);
        c.task().taskMode = "all";
        c.instance().mydumper.consistency = consistency;
        c.instance().mydumper.threads = threads;
        c.instance().syncer.workerCount = 4;
        c.instance().syncer.checkpointFlushInterval = 1;
        return c;
    }

    @Test
    void aWorkerWithoutTheDumpFilesDumpsOnlyWhatIsNotLoadedAndSyncMakesTheTargetEqual() throws Exception {
        String db = "fo";
        createTables(db);
        SubtaskContext first = ctx(db, Files.createTempDirectory("dump-fo-1"), "flush", 2);
        DumpUnit dumpA = DumpUnit.filesOnly();
        dumpA.process(first);
        long sourceRows = 6000 + 3000 + 3000 + 3000 + 2000 + 1000;
        assertEquals(sourceRows, dumpA.finishedRows());
        DumpManifest a = DumpManifest.read(first.dumpDir());
        for (String t : List.of("ints", "strs", "comp", "uniq")) {
            assertTrue(a.chunks().stream().filter(e -> e.table().equals(t)).count() >= 3, t + " spans several chunks");
        }
        // the first worker loads every other keyed chunk and the keyless table nopk, then dies
        loadSome(first, a, e -> e.table().equals("nopk") || (!e.table().startsWith("nopk") && a.chunks().indexOf(e) % 2 == 0));
        long loadedA = scalar(dst, "SELECT COUNT(*) FROM dm_meta.fo_loader_checkpoint");

        // the source changes between the two snapshots, across loaded and unloaded ranges
        src.execute("UPDATE fo.ints SET v = 'upd-loaded' WHERE id IN (10, 2500, 4500)",
                "UPDATE fo.ints SET v = 'upd-unloaded' WHERE id IN (1500, 3500, 5500)",
                "DELETE FROM fo.ints WHERE id IN (20, 1520, 2520, 3520)",
                "INSERT INTO fo.ints SELECT seq, 'new' FROM mysql.seq_7000_to_7100",
                // a key moves from a loaded range into one dumped again, and back
                "DELETE FROM fo.ints WHERE id = 1600", "UPDATE fo.ints SET id = 1600, v = 'moved-in' WHERE id = 5",
                "DELETE FROM fo.ints WHERE id = 6", "UPDATE fo.ints SET id = 6, v = 'moved-out' WHERE id = 1700",
                "UPDATE fo.strs SET code = 'k002500x', v = -1 WHERE code = 'k000003'",
                "UPDATE fo.strs SET code = 'k000003x', v = -2 WHERE code = 'k002999'",
                "DELETE FROM fo.strs WHERE code IN ('k000100', 'k001500')",
                "INSERT INTO fo.strs VALUES ('a-first', 1), ('zz-last', 2)",
                "UPDATE fo.comp SET a = 29, v = -3 WHERE a = 0 AND b = 'b30'",
                "DELETE FROM fo.comp WHERE a = 15",
                "UPDATE fo.uniq SET email = 'u002500y@x', v = -4 WHERE email = 'u000007@x'",
                "UPDATE fo.uniq SET email = 'u000009y@x', n = NULL WHERE email = 'u002998@x'",
                "UPDATE fo.uniq SET v = -5 WHERE email IN ('u000100@x', 'u001600@x', 'u002600@x')",
                "DELETE FROM fo.uniq WHERE email IN ('u000200@x', 'u001700@x')",
                "INSERT INTO fo.uniq VALUES (NULL, 'a-first@x', 1), (7, 'zz-last@x', 2)",
                "INSERT INTO fo.nopk VALUES (1, 'between'), (1, 'between')",
                "DELETE FROM fo.nopk WHERE x = 2 LIMIT 3",
                "UPDATE fo.nopk SET s = 'u' WHERE x = 3",
                "INSERT INTO fo.nopk2 VALUES (2, 'between')",
                "DELETE FROM fo.nopk2 WHERE x = 4 LIMIT 5");

        // another worker: no dump files; a new snapshot, the complement only
        SubtaskContext second = ctx(db, Files.createTempDirectory("dump-fo-2"), "flush", 2);
        DumpUnit dumpB = new DumpUnit();
        dumpB.process(second);
        long sourceNow = 0;
        for (String t : TABLES) {
            sourceNow += scalar(src, "SELECT COUNT(*) FROM fo." + t);
        }
        assertTrue(dumpB.finishedRows() > 0 && dumpB.finishedRows() < sourceNow / 2,
                "dumped again " + dumpB.finishedRows() + " of " + sourceNow);
        DumpManifest b = DumpManifest.read(second.dumpDir());
        for (String t : List.of("ints", "strs", "comp", "uniq")) {
            long again = dumpedRows(second, b, t);
            long now = scalar(src, "SELECT COUNT(*) FROM fo." + t);
            assertTrue(again > 0 && again < now, t + ": dumped again " + again + " of " + now);
            System.out.printf("%s: second dump %d of %d rows%n", t, again, now);
        }
        assertFalse(b.chunks().stream().anyMatch(e -> e.table().equals("nopk")), "a loaded keyless table is not dumped again");
        assertTrue(b.chunks().stream().anyMatch(e -> e.table().equals("nopk2")));
        new LoadUnit().process(second);
        assertEquals(loadedA + b.chunks().size(), scalar(dst, "SELECT COUNT(*) FROM dm_meta.fo_loader_checkpoint"));
        assertEquals(2, scalar(dst, "SELECT COUNT(DISTINCT dump_id) FROM dm_meta.fo_loader_checkpoint"));
        assertEquals(2, scalar(dst, "SELECT COUNT(DISTINCT binlog_pos) FROM dm_meta.fo_loader_checkpoint"));

        src.execute("UPDATE fo.ints SET v = 'after' WHERE id % 500 = 0", "INSERT INTO fo.nopk VALUES (9, 'after')",
                "INSERT INTO fo.nopk2 VALUES (9, 'after')", "UPDATE fo.strs SET v = v + 1000 WHERE code LIKE 'k0001%'");
        BinlogPosition start = new DataPathUnits().dumpPosition(second);
        BinlogPosition latest = b.chunks().get(0).start().binlog();
        assertTrue(start.compareTo(latest) < 0, start + " before " + latest);
        runSyncUntilEqual(second, db, null);
        assertEquals(latest.pos(), scalar(dst,
                "SELECT exit_safe_binlog_pos FROM dm_meta.fo_syncer_checkpoint WHERE is_global = 1"));
    }

    @Test
    void aStoppedLoadOnTheSameWorkerKeepsItsDumpAndLoadsTheRest() throws Exception {
        String db = "fs";
        createTables(db);
        SubtaskContext ctx = ctx(db, Files.createTempDirectory("dump-fs"), "auto", 2);
        DumpUnit.filesOnly().process(ctx);
        DumpManifest m = DumpManifest.read(ctx.dumpDir());
        loadSome(ctx, m, e -> m.chunks().indexOf(e) % 3 == 0);
        long before = scalar(dst, "SELECT COUNT(*) FROM dm_meta.fs_loader_checkpoint");
        DumpUnit again = new DumpUnit();
        again.process(ctx);
        assertEquals(0, again.finishedRows(), "the finished dump on disk is reused");
        assertEquals(m.dumpId(), DumpManifest.read(ctx.dumpDir()).dumpId());
        new LoadUnit().process(ctx);
        assertEquals(m.chunks().size(), scalar(dst, "SELECT COUNT(*) FROM dm_meta.fs_loader_checkpoint"));
        assertTrue(before > 0 && before < m.chunks().size());
        for (String t : TABLES) {
            var cols = columns(src, db, t);
            assertEquals(fingerprint(src, db, t, cols), fingerprint(dst, db, t, cols), t);
        }
    }

    @Test
    void everyConsistencyModeEndsEqualUnderConcurrentWrites() throws Exception {
        for (String mode : List.of("auto", "flush", "snapshot", "lock", "none")) {
            String db = "cm_" + mode;
            createTables(db);
            SubtaskContext ctx = ctx(db, Files.createTempDirectory("dump-" + db), mode, 3);
            long t0 = System.nanoTime();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            AtomicReference<Exception> failed = new AtomicReference<>();
            // without a snapshot a keyless table cannot be exact, so none leaves it alone
            boolean keyless = !mode.equals("none");
            Thread writer = new Thread(() -> write(db, writing, writes, failed, keyless), "writes-" + mode);
            writer.start();
            try {
                Thread.sleep(300);
                new DumpUnit().process(ctx);
                new LoadUnit().process(ctx);
                runSyncUntilEqual(ctx, db, () -> {
                    writing.set(false);
                    writer.join();
                });
            } finally {
                writing.set(false);
                writer.join();
            }
            if (failed.get() != null) {
                throw failed.get();
            }
            System.out.printf("consistency %s: equal after %d concurrent writes, %.1f s%n", mode, writes.get(),
                    (System.nanoTime() - t0) / 1e9);
            assertTrue(writes.get() > 50, mode + " writes " + writes.get());
        }
    }

    private static void write(String db, AtomicBoolean writing, AtomicLong writes, AtomicReference<Exception> failed,
            boolean keyless) {
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            for (int i = 1; writing.get(); i++) {
                int id = ThreadLocalRandom.current().nextInt(1, 6001);
                st.execute("UPDATE " + db + ".ints SET v = 'w" + i + "' WHERE id = " + id);
                st.execute("INSERT INTO " + db + ".ints VALUES (" + (10_000 + i) + ", 'ins') ON DUPLICATE KEY UPDATE v = 'dup'");
                if (i % 3 == 0) {
                    st.execute("DELETE FROM " + db + ".ints WHERE id = " + (id + 1));
                    st.execute("UPDATE " + db + ".strs SET v = v + 1 WHERE code = 'k" + String.format("%06d", 1 + i % 3000) + "'");
                    st.execute("UPDATE " + db + ".comp SET v = v + 1 WHERE a = " + (i % 30) + " LIMIT 3");
                    st.execute("UPDATE " + db + ".uniq SET v = v + 1, n = NULL WHERE email = 'u" + String.format("%06d", 1 + i % 3000) + "@x'");
                }
                if (i % 7 == 0) {
                    // a key moves: to a free id in another range
                    st.execute("UPDATE IGNORE " + db + ".ints SET id = " + (20_000 + i) + " WHERE id = " + (6001 - id));
                }
                if (keyless) {
                    st.execute("INSERT INTO " + db + ".nopk VALUES (" + (i % 50) + ", 'w')");
                    if (i % 5 == 0) {
                        st.execute("DELETE FROM " + db + ".nopk2 WHERE x = " + (i % 50) + " LIMIT 1");
                    }
                }
                writes.incrementAndGet();
                Thread.sleep(2);
            }
        } catch (Exception e) {
            failed.set(e);
        }
    }

    /** Rows of {@code table} in a dump: its rows files hold one line per row. */
    private static long dumpedRows(SubtaskContext ctx, DumpManifest m, String table) throws java.io.IOException {
        long rows = 0;
        for (DumpManifest.ChunkEntry e : m.chunks()) {
            if (e.table().equals(table)) {
                for (String f : e.files()) {
                    Path rowsFile = ctx.dumpDir().resolve(io.sluice.worker.dump.DataFileFormat.rowsFileOf(f));
                    rows += Files.exists(rowsFile) ? Files.readAllLines(rowsFile).size() : 0;
                }
            }
        }
        return rows;
    }

    private static void loadSome(SubtaskContext ctx, DumpManifest m, java.util.function.Predicate<DumpManifest.ChunkEntry> which)
            throws Exception {
        FullPhaseSteps.loadSome(ctx, m, which);
    }

    private static void runSyncUntilEqual(SubtaskContext ctx, String db, FullPhaseSteps.Quiesce quiesce) throws Exception {
        FullPhaseSteps.runSyncUntilEqual(src, dst, ctx, db, TABLES, quiesce);
    }
}
