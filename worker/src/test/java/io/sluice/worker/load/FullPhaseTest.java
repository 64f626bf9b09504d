package io.sluice.worker.load;

import static io.sluice.worker.load.FullPhaseFixture.columns;
import static io.sluice.worker.load.FullPhaseFixture.context;
import static io.sluice.worker.load.FullPhaseFixture.fingerprint;
import static io.sluice.worker.load.FullPhaseFixture.scalar;
import static io.sluice.worker.load.FullPhaseFixture.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.SluiceException;
import io.sluice.proto.SubTaskStatus;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.dump.DumpManifest;
import io.sluice.worker.dump.DumpMetadata;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.subtask.SubtaskContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dump then load between two real MariaDB servers, shared by the methods to save start-up time. */
class FullPhaseTest {
    private static MariaDbServer src;
    private static MariaDbServer dst;

    @BeforeAll
    static void start() {
        src = MariaDbServer.start("fp-src");
        dst = MariaDbServer.start("fp-dst");
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

    @Test
    void everyTypeRoundTripsThroughDumpAndLoad() throws Exception {
        try {
            roundTrip();
        } finally {
            src.execute("DROP DATABASE IF EXISTS rt");
        }
    }

    private void roundTrip() throws Exception {
        src.execute("CREATE DATABASE rt",
                "CREATE TABLE rt.types (id INT PRIMARY KEY, vc VARCHAR(100), txt TEXT, emoji VARCHAR(20),"
                        + " latin VARCHAR(40) CHARACTER SET latin1, bl BLOB, vb VARBINARY(300), bn BINARY(4),"
                        + " dec65 DECIMAL(65,30), dt DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, d DATE, t TIME(3),"
                        + " y YEAR, j JSON, e ENUM('a','b','c'), s SET('x','y','z'), b1 BIT(1), b64 BIT(64),"
                        + " ubig BIGINT UNSIGNED, f FLOAT, db DOUBLE, tiny TINYINT(1), gen INT AS (id * 2) VIRTUAL)",
                "CREATE TABLE rt.comp (a INT, b VARCHAR(10), v INT, PRIMARY KEY (a, b))",
                "CREATE TABLE rt.nopk (x INT, s VARCHAR(50))",
                "CREATE TABLE rt.big (id BIGINT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(40), n INT)",
                "CREATE TABLE rt.ukey (id BIGINT UNSIGNED PRIMARY KEY, v INT)",
                "CREATE TABLE rt.empty (id INT PRIMARY KEY)",
                "CREATE VIEW rt.v_big AS SELECT id, v FROM rt.big",
                "INSERT INTO rt.comp SELECT seq % 10, CONCAT('k', seq), seq FROM mysql.seq_1_to_200",
                "INSERT INTO rt.nopk SELECT seq % 700, CONCAT('dup-', seq % 700) FROM mysql.seq_1_to_3000",
                "INSERT INTO rt.big (v, n) SELECT MD5(seq), seq FROM mysql.seq_1_to_5000",
                "INSERT INTO rt.ukey VALUES (0, 1), (1, 2), (18446744073709551615, 3)");
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        try (Connection c = src.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO rt.types"
                + " (id, vc, txt, emoji, latin, bl, vb, bn, dec65, dt, ts, d, t, y, j, e, s, b1, b64, ubig, f, db, tiny)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "quote ' dq \" bs \\ nl \n cr \r nul \0 ctrlz \u001a tab \t end");
            ps.setString(3, "line1\nline2\\n literal");
            ps.setString(4, "😀🎉 ok 中文");
            ps.setString(5, "café naïve");
            ps.setBytes(6, allBytes);
            ps.setBytes(7, new byte[] {0, '\'', '\\', '\n', (byte) 0xff});
            ps.setBytes(8, new byte[] {1, 2, 0, 0});
            ps.setString(9, "-12345678901234567890123456789012345.123456789012345678901234567891");
            ps.setString(10, "2024-02-29 23:59:59.123456");
            ps.setString(11, "2038-01-19 03:14:07.999999");
            ps.setString(12, "1000-01-01");
            ps.setString(13, "-838:59:59.000");
            ps.setInt(14, 2155);
            ps.setString(15, "{\"k\": [1, 2.5, \"s'q\"], \"e\": \"😀\"}");
            ps.setString(16, "b");
            ps.setString(17, "x,z");
            ps.setBytes(18, new byte[] {1});
            ps.setBytes(19, new byte[] {(byte) 0xff, 0, 1, 2, 3, 4, 5, (byte) 0x80});
            ps.setString(20, "18446744073709551615");
            ps.setFloat(21, 3.14159f);
            ps.setDouble(22, 2.718281828459045);
            ps.setInt(23, 1);
            ps.executeUpdate();
            ps.setInt(1, 2);
            for (int i = 2; i <= 23; i++) {
                ps.setNull(i, java.sql.Types.NULL);
            }
            ps.executeUpdate();
            ps.setInt(1, 3);
            ps.setString(2, "");
            ps.setString(3, "");
            ps.setBytes(6, new byte[0]);
            ps.setBytes(7, new byte[0]);
            ps.setFloat(21, 0.1f);
            ps.setDouble(22, 1e-300);
            ps.setInt(23, 0);
            ps.setBytes(18, new byte[] {0});
            ps.setString(9, "0.000000000000000000000000000001");
            ps.executeUpdate();
        }
        src.execute("ANALYZE TABLE rt.big, rt.nopk, rt.comp, rt.ukey");

        Path dir = Files.createTempDirectory("dump-rt");
        SubtaskContext ctx = context(src, dst, "rt", dir, 500, 2000, 4, "", "clean-dump-file: false\n");
        DumpUnit dump = new DumpUnit();
        long t0 = System.nanoTime();
        dump.process(ctx);
        double dumpSecs = (System.nanoTime() - t0) / 1e9;

        BinlogPosition pos = DumpMetadata.read(dir);
        assertTrue(pos.file().startsWith("mysql-bin."), pos.toString());
        assertFalse(pos.gtidSet().isEmpty());
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.contains("rt-schema-create.sql"), names.toString());
            assertTrue(names.contains("rt.types-schema.sql"));
            assertTrue(names.contains("rt.empty-schema.sql"));
            assertFalse(names.stream().anyMatch(n -> n.startsWith("rt.v_big")), "views are not dumped");
            assertFalse(names.stream().anyMatch(n -> n.endsWith(".tmp")));
            assertFalse(names.stream().anyMatch(n -> n.startsWith("mysql.")), "system schemas are never dumped");
            assertTrue(names.stream().filter(n -> n.matches("rt\\.big\\.\\d{9}\\.sql")).count() >= 5,
                    "big is split into chunks: " + names);
        }
        String bigStatement = Files.readString(dir.resolve("rt.big.000000000.sql"), StandardCharsets.UTF_8);
        assertTrue(bigStatement.startsWith("LOAD DATA LOCAL INFILE 'rt.big.000000000.dat' INTO TABLE `big` "), bigStatement);
        assertTrue(bigStatement.endsWith(" (`id`,`v`,`n`);\n"), bigStatement);
        List<String> bigLines = Files.readAllLines(dir.resolve("rt.big.000000000.dat"), StandardCharsets.UTF_8);
        assertTrue(bigLines.size() > 1, "one line per row");
        for (String l : bigLines) {
            assertEquals(3, l.split("\t", -1).length, l);
        }
        SubTaskStatus.Builder st = SubTaskStatus.newBuilder();
        dump.fillStatus(st);
        assertEquals(6, st.getDump().getTotalTables());
        assertEquals(6, st.getDump().getCompletedTables(), 0.0);
        assertEquals(3 + 200 + 3000 + 5000 + 3, st.getDump().getFinishedRows(), 0.0);

        LoadUnit load = new LoadUnit();
        t0 = System.nanoTime();
        load.process(ctx);
        double loadSecs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("rt: dumped 8206 rows in %.2fs, loaded in %.2fs%n", dumpSecs, loadSecs);

        for (String table : tables(src, "rt")) {
            var cols = columns(src, "rt", table);
            assertEquals(fingerprint(src, "rt", table, cols), fingerprint(dst, "rt", table, cols), "table rt." + table);
        }
        assertEquals(tables(src, "rt"), tables(dst, "rt"));
        st = SubTaskStatus.newBuilder();
        load.fillStatus(st);
        assertEquals("100.00 %", st.getLoad().getProgress());
        assertEquals(st.getLoad().getTotalBytes(), st.getLoad().getFinishedBytes());
        assertEquals(pos.toString(), st.getLoad().getMetaBinlog());
        assertEquals(pos.gtidSet(), st.getLoad().getMetaBinlogGTID());

        // a dump with a finished metadata file is reused, and a finished load does nothing
        long modified = Files.getLastModifiedTime(dir.resolve("metadata")).toMillis();
        new DumpUnit().process(ctx);
        assertEquals(modified, Files.getLastModifiedTime(dir.resolve("metadata")).toMillis());
        new LoadUnit().process(ctx);
        assertEquals(3000, scalar(dst, "SELECT COUNT(*) FROM rt.nopk"));
    }

    @Test
    void resumedLoadImportsEachFileExactlyOnce() throws Exception {
        try {
            resume();
        } finally {
            src.execute("DROP DATABASE IF EXISTS rs");
        }
    }

    private void resume() throws Exception {
        src.execute("CREATE DATABASE rs",
                "CREATE TABLE rs.nopk (x INT, s VARCHAR(50))",
                "CREATE TABLE rs.big (id INT PRIMARY KEY, v VARCHAR(40))",
                "INSERT INTO rs.nopk SELECT seq % 100, REPEAT('y', 40) FROM mysql.seq_1_to_20000",
                "INSERT INTO rs.big SELECT seq, MD5(seq) FROM mysql.seq_1_to_20000",
                "ANALYZE TABLE rs.nopk, rs.big");
        Path dir = Files.createTempDirectory("dump-rs");
        String bal = "    block-allow-list: only-rs";
        String top = "block-allow-list:\n  only-rs:\n    do-dbs: [\"rs\"]\nclean-dump-file: false\n";
        // chunk-filesize is in MB, so the no-PK table is one file; the keyed table is 10 chunks
        SubtaskContext ctx = context(src, dst, "rs", dir, 2000, 4096, 1, bal, top);
        DumpUnit.filesOnly().process(ctx);
        DumpContents dump = DumpContents.scan(dir);
        assertTrue(dump.dataFiles().size() >= 5, dump.dataFiles().toString());

        // a first worker loads some chunks and dies: load every other chunk the way the unit does
        DumpManifest manifest = DumpManifest.read(dir);
        assertTrue(manifest.chunks().size() >= 5, manifest.chunks().toString());
        LoadCheckpoint cp = new LoadCheckpoint("dm_meta", "rs", FullPhaseFixture.SOURCE_ID);
        java.util.Map<String, DumpContents.DataFile> byName = new java.util.HashMap<>();
        dump.dataFiles().forEach(f -> byName.put(f.name(), f));
        try (var ds = DbConnector.pool(ctx.task().targetDatabase, "test-rs", 1)) {
            try (Connection c = ds.getConnection()) {
                cp.create(c);
            }
            new SchemaCreator(ctx.rules()).create(ds, dump);
            DataFileLoader loader = new DataFileLoader("error");
            List<DumpManifest.ChunkEntry> chunks = manifest.chunks();
            DumpManifest.ChunkEntry torn = chunks.stream().filter(e -> e.table().equals("nopk")).findFirst().orElseThrow();
            for (int i = 0; i < chunks.size(); i += 2) {
                DumpManifest.ChunkEntry e = chunks.get(i);
                if (e == torn) {
                    continue; // the keyless chunk is the one torn below
                }
                try (Connection c = ds.getConnection()) {
                    assertTrue(loader.load(c, e.files().stream().map(byName::get).toList(), ctx.rules().route("rs", e.table()),
                            () -> false, tx -> cp.recordChunk(tx, e, manifest.dumpId(), "w-dead", 1)));
                }
            }
            // and the keyless chunk was mid-transaction when it died: nothing of it may survive
            DumpContents.DataFile tornFile = byName.get(torn.files().get(0));
            assertTrue(Files.readAllLines(tornFile.path().resolveSibling(
                    io.sluice.worker.dump.DataFileFormat.rowsFileOf(tornFile.name()))).size() > 3, torn.toString());
            try (Connection c = ds.getConnection()) {
                int[] n = {0};
                // the stop arrives after the chunk's first file went to the target, before the commit
                assertFalse(loader.load(c, torn.files().stream().map(byName::get).toList(), ctx.rules().route("rs", "nopk"),
                        () -> ++n[0] > 1, tx -> cp.recordChunk(tx, torn, manifest.dumpId(), "w-dead", 1)));
            }
            assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM rs.nopk"));
            assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM dm_meta.rs_loader_checkpoint WHERE cp_table = 'nopk'"));
        }
        // a second unit is stopped while running, then a third finishes the job
        LoadUnit stopped = new LoadUnit();
        Thread th = new Thread(() -> {
            try {
                stopped.process(ctx);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        th.start();
        Thread.sleep(150);
        stopped.stop();
        th.join();

        LoadUnit last = new LoadUnit();
        last.process(ctx);
        for (String table : List.of("nopk", "big")) {
            var cols = columns(src, "rs", table);
            assertEquals(fingerprint(src, "rs", table, cols), fingerprint(dst, "rs", table, cols), "table rs." + table);
        }
        assertEquals(20000, scalar(dst, "SELECT COUNT(*) FROM rs.nopk"));
        assertEquals(manifest.chunks().size(), scalar(dst,
                "SELECT COUNT(*) FROM dm_meta.rs_loader_checkpoint WHERE id = 'mysql-01' AND `offset` = end_pos"));
        SubTaskStatus.Builder st = SubTaskStatus.newBuilder();
        last.fillStatus(st);
        assertEquals("100.00 %", st.getLoad().getProgress());
    }

    @Test
    void aKeylessTableInSeveralFilesLoadsAllOrNothing() throws Exception {
        try {
            keylessInSeveralFiles();
        } finally {
            src.execute("DROP DATABASE IF EXISTS kl");
        }
    }

    private void keylessInSeveralFiles() throws Exception {
        // about 2.4 MB of rows: three files at a chunk-filesize of 1 MB, all in the table's one chunk
        src.execute("CREATE DATABASE kl", "CREATE TABLE kl.t (x INT, s VARCHAR(100))",
                "INSERT INTO kl.t SELECT seq % 50, REPEAT('z', 70) FROM mysql.seq_1_to_32000", "ANALYZE TABLE kl.t");
        Path dir = Files.createTempDirectory("dump-kl");
        SubtaskContext ctx = context(src, dst, "kl", dir, 0, 0, 1, "    block-allow-list: kl",
                "block-allow-list:\n  kl:\n    do-dbs: [\"kl\"]\n");
        ctx.instance().mydumper.chunkFilesize = "1";
        DumpUnit.filesOnly().process(ctx);
        DumpManifest manifest = DumpManifest.read(dir);
        assertEquals(1, manifest.chunks().size(), manifest.chunks().toString());
        DumpManifest.ChunkEntry chunk = manifest.chunks().get(0);
        assertTrue(chunk.files().size() >= 2, chunk.toString());
        for (String f : chunk.files()) {
            assertTrue(Files.readString(dir.resolve(f)).startsWith("LOAD DATA LOCAL INFILE "), f);
        }

        DumpContents dump = DumpContents.scan(dir);
        java.util.Map<String, DumpContents.DataFile> byName = new java.util.HashMap<>();
        dump.dataFiles().forEach(f -> byName.put(f.name(), f));
        LoadCheckpoint cp = new LoadCheckpoint("dm_meta", "kl", FullPhaseFixture.SOURCE_ID);
        try (var ds = DbConnector.pool(ctx.task().targetDatabase, "test-kl", 1)) {
            try (Connection c = ds.getConnection()) {
                cp.create(c);
            }
            new SchemaCreator(ctx.rules()).create(ds, dump);
            // a worker dies after the first file of the chunk went to the target, before the second
            try (Connection c = ds.getConnection()) {
                int[] n = {0};
                assertFalse(new DataFileLoader("error").load(c, chunk.files().stream().map(byName::get).toList(),
                        ctx.rules().route("kl", "t"), () -> ++n[0] > 1,
                        tx -> cp.recordChunk(tx, chunk, manifest.dumpId(), "w-dead", 1)));
                assertEquals(2, n[0], "stopped right after the first file");
            }
        }
        assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM kl.t"));
        assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM dm_meta.kl_loader_checkpoint"));

        new LoadUnit().process(ctx);
        var cols = columns(src, "kl", "t");
        assertEquals(fingerprint(src, "kl", "t", cols), fingerprint(dst, "kl", "t", cols));
        assertEquals(32000, scalar(dst, "SELECT COUNT(*) FROM kl.t"));
        assertEquals(1, scalar(dst, "SELECT COUNT(*) FROM dm_meta.kl_loader_checkpoint WHERE `offset` = end_pos"));
    }

    @Test
    void blockAllowListDecidesWhatIsDumped() throws Exception {
        try {
            blockAllow();
        } finally {
            src.execute("DROP DATABASE IF EXISTS ba_keep", "DROP DATABASE IF EXISTS ba_drop");
        }
    }

    private void blockAllow() throws Exception {
        src.execute("CREATE DATABASE ba_keep", "CREATE DATABASE ba_drop",
                "CREATE TABLE ba_keep.t1 (id INT PRIMARY KEY)", "CREATE TABLE ba_keep.t2 (id INT PRIMARY KEY)",
                "CREATE TABLE ba_drop.t1 (id INT PRIMARY KEY)",
                "INSERT INTO ba_keep.t1 VALUES (1), (2)", "INSERT INTO ba_keep.t2 VALUES (1)", "INSERT INTO ba_drop.t1 VALUES (1)");
        Path dir = Files.createTempDirectory("dump-ba");
        String top = "block-allow-list:\n  keep:\n    do-dbs: [\"ba_keep\"]\n"
                + "    ignore-tables:\n    - db-name: ba_keep\n      tbl-name: t2\n";
        SubtaskContext ctx = context(src, dst, "ba", dir, 0, 0, 2, "    block-allow-list: keep", top);
        new DumpUnit().process(ctx);
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(names.contains("ba_keep.t1.000000000.sql"), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("mysql") || n.startsWith("information_schema")), names.toString());
        Assumptions.assumeFalse(ctx.rules().tableAllowed("ba_drop", "t1"),
                "MigrationRules in this tree is the pass-through version; block-allow list not enforced yet");
        assertFalse(names.stream().anyMatch(n -> n.startsWith("ba_drop")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("ba_keep.t2")), names.toString());
        new LoadUnit().process(ctx);
        assertEquals(List.of("t1"), tables(dst, "ba_keep"));
        assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'ba_drop'"));
    }

    @Test
    void withoutReloadPrivilegeTheDumpUsesMariadbSnapshotStatus() throws Exception {
        try {
            src.execute("CREATE DATABASE fb", "CREATE TABLE fb.t (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO fb.t SELECT seq, 'x' FROM mysql.seq_1_to_1000",
                    "CREATE USER IF NOT EXISTS 'noreload'@'127.0.0.1' IDENTIFIED BY 'pw'",
                    "GRANT SELECT, REPLICATION CLIENT ON *.* TO 'noreload'@'127.0.0.1'");
            Path dir = Files.createTempDirectory("dump-fb");
            String bal = "    block-allow-list: only-fb";
            String top = "block-allow-list:\n  only-fb:\n    do-dbs: [\"fb\"]\n";
            SubtaskContext ctx = context(src, dst, "fb", dir, 100, 0, 2, bal, top);
            ctx.source().from.user = "noreload";
            ctx.source().from.password = "pw";
            long masterPos;
            String gtid;
            try (Connection c = src.connect(); var st = c.createStatement()) {
                var rs = st.executeQuery("SHOW MASTER STATUS");
                rs.next();
                masterPos = rs.getLong("Position");
                rs = st.executeQuery("SELECT @@gtid_binlog_pos");
                rs.next();
                gtid = rs.getString(1);
            }
            new DumpUnit().process(ctx);
            BinlogPosition pos = DumpMetadata.read(dir);
            assertEquals(masterPos, pos.pos());
            assertEquals(gtid, pos.gtidSet());
            new LoadUnit().process(ctx);
            var cols = columns(src, "fb", "t");
            assertEquals(fingerprint(src, "fb", "t", cols), fingerprint(dst, "fb", "t", cols));
        } finally {
            src.execute("DROP DATABASE IF EXISTS fb", "DROP USER IF EXISTS 'noreload'@'127.0.0.1'");
        }
    }

    @Test
    void aStaleWorkersLoadIsFencedOnceItsSuccessorStarted() throws Exception {
        try {
            src.execute("CREATE DATABASE fz", "CREATE TABLE fz.t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO fz.t SELECT seq, CONCAT('v', seq) FROM fz.seq_1_to_5000");
            String bal = "    block-allow-list: fz";
            String rules = "block-allow-list:\n  fz:\n    do-dbs: [\"fz\"]\n";
            SubtaskContext stale = context(src, dst, "fz", Files.createTempDirectory("dump-fz-a"), 1000, 0, 2, bal, rules);
            DumpUnit.filesOnly().process(stale);
            assertTrue(DumpMetadata.isFinished(stale.dumpDir()));
            // the source moved: its successor (a higher binding epoch) starts its own full phase
            SubtaskContext successor = new SubtaskContext(stale.task(), stale.instance(), stale.source(), stale.rules(),
                    "worker-next", stale.epoch() + 1, Files.createTempDirectory("dump-fz-b"));
            new DumpUnit().process(successor);
            // the old worker wakes up with its finished dump and tries to load it
            SluiceException fenced = assertThrows(SluiceException.class, () -> new LoadUnit().process(stale));
            assertEquals(24101, fenced.code().code());
            assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM dm_meta.fz_loader_checkpoint WHERE worker = 'worker-test'"));
            new LoadUnit().process(successor);
            assertEquals(5000, scalar(dst, "SELECT COUNT(*) FROM fz.t"));
            assertEquals(fingerprint(src, "fz", "t", columns(src, "fz", "t")), fingerprint(dst, "fz", "t", columns(dst, "fz", "t")));
        } finally {
            src.execute("DROP DATABASE IF EXISTS fz");
            dst.execute("DROP DATABASE IF EXISTS fz");
        }
    }

    @Test
    void anUnfinishedDumpDirectoryIsWipedAndDumpedAgain() throws Exception {
        try {
            src.execute("CREATE DATABASE wd", "CREATE TABLE wd.t (id INT PRIMARY KEY)", "INSERT INTO wd.t VALUES (1), (2)");
            Path dir = Files.createTempDirectory("dump-wd");
            Files.writeString(dir.resolve("wd.t.000000000.sql"), "INSERT INTO `t` VALUES (99);\n");
            Files.writeString(dir.resolve("wd.gone.000000000.sql.tmp"), "INSERT INTO `gone` VALU");
            Files.writeString(dir.resolve("metadata"), "Started dump at: 2021-01-01 00:00:00\n");
            SubtaskContext ctx = context(src, dst, "wd", dir, 0, 0, 2, "    block-allow-list: wd",
                    "block-allow-list:\n  wd:\n    do-dbs: [\"wd\"]\n");
            DumpUnit stopped = new DumpUnit();
            stopped.stop(); // a stop that lands before any chunk ran leaves no metadata
            stopped.process(ctx);
            assertFalse(DumpMetadata.isFinished(dir));
            new DumpUnit().process(ctx);
            assertTrue(DumpMetadata.isFinished(dir));
            assertFalse(Files.exists(dir.resolve("wd.gone.000000000.sql.tmp")));
            assertTrue(Files.readString(dir.resolve("wd.t.000000000.sql")).startsWith("LOAD DATA LOCAL INFILE 'wd.t.000000000.dat'"));
            assertEquals("1\n2\n", Files.readString(dir.resolve("wd.t.000000000.dat")));
        } finally {
            src.execute("DROP DATABASE IF EXISTS wd");
        }
    }

    @Test
    void shardTablesRouteIntoOneTarget() throws Exception {
        try {
            src.execute("CREATE DATABASE sh1", "CREATE DATABASE sh2",
                    "CREATE TABLE sh1.t1 (id INT PRIMARY KEY, v INT)", "CREATE TABLE sh2.t2 (id INT PRIMARY KEY, v INT)",
                    "INSERT INTO sh1.t1 SELECT seq, 1 FROM mysql.seq_1_to_100",
                    "INSERT INTO sh2.t2 SELECT seq, 2 FROM mysql.seq_101_to_250");
            Path dir = Files.createTempDirectory("dump-sh");
            // as in DM, a schema-level rule keeps the empty shard schemas from being created downstream
            String inst = "    block-allow-list: shards\n    route-rules: [\"merge\", \"merge-schema\"]";
            String top = "block-allow-list:\n  shards:\n    do-dbs: [\"~^sh[0-9]$\"]\n"
                    + "routes:\n  merge:\n    schema-pattern: \"sh*\"\n    table-pattern: \"t*\"\n"
                    + "    target-schema: merged\n    target-table: allt\n"
                    + "  merge-schema:\n    schema-pattern: \"sh*\"\n    target-schema: merged\n";
            SubtaskContext ctx = context(src, dst, "sh", dir, 0, 0, 2, inst, top);
            Assumptions.assumeTrue(ctx.rules().route("sh1", "t1").schema().equals("merged"),
                    "MigrationRules in this tree does not route yet");
            new DumpUnit().process(ctx);
            new LoadUnit().process(ctx);
            assertEquals(250, scalar(dst, "SELECT COUNT(*) FROM merged.allt"));
            assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'sh_'"));
        } finally {
            src.execute("DROP DATABASE IF EXISTS sh1", "DROP DATABASE IF EXISTS sh2");
        }
    }
}
