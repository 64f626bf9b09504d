package io.sluice.worker.load;

import static io.sluice.worker.load.FullPhaseFixture.columns;
import static io.sluice.worker.load.FullPhaseFixture.context;
import static io.sluice.worker.load.FullPhaseFixture.fingerprint;
import static io.sluice.worker.load.FullPhaseFixture.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.common.errors.SluiceException;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.DataPathUnits;
import io.sluice.worker.dump.DumpManifest;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.Unit;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task's rules in the full phase, as DM v5.3 applies them.
 *
 * <p>Binlog event filters ({@code filters}) are not applied by DM's loader: it skips schema,
 * table and data files only by the block-allow list (and routes them), so a rule that ignores
 * {@code create table} or {@code insert} still has the table created and its rows copied; the
 * rules act on the binlog events of the sync phase. Shards merged into one table whose keys
 * collide fail the load with 34008 under {@code on-duplicate: error} (nothing of the chunk kept),
 * resolve under {@code replace} and {@code ignore}, and a shard column in the key avoids the
 * collision altogether.
 */
class FullPhaseRulesTest {
    private static final int SHARD_ROWS = 1500;
    private static MariaDbServer src;
    private static MariaDbServer dst;

    @BeforeAll
    static void start() {
        src = MariaDbServer.start("rules-src");
        dst = MariaDbServer.start("rules-dst");
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

    private static SubtaskContext ctx(String task, String inst, String top, String onDuplicate) throws Exception {
        SubtaskContext c = context(src, dst, task, Files.createTempDirectory("dump-" + task), 500, 0, 3, inst,
                top + "clean-dump-file: false\n");
        c.task().taskMode = "all";
        c.instance().loader.onDuplicate = onDuplicate;
        c.instance().syncer.workerCount = 4;
        c.instance().syncer.checkpointFlushInterval = 1;
        return c;
    }

    // ---- event filters: DM's documented examples ----

    @Test
    void eventFiltersLeaveTheFullPhaseAloneAndActOnTheBinlog() throws Exception {
        src.execute("CREATE DATABASE test_a", "CREATE DATABASE test_b",
                "CREATE TABLE test_a.t_1 (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE test_a.t_2 (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE test_b.t_1 (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO test_a.t_1 SELECT seq, 'a1' FROM mysql.seq_1_to_2000",
                "INSERT INTO test_a.t_2 SELECT seq, 'a2' FROM mysql.seq_1_to_2000",
                "INSERT INTO test_b.t_1 SELECT seq, 'b1' FROM mysql.seq_1_to_2000");
        // DM's "filter all delete operations of the shards" example, plus a rule ignoring the very
        // statements a full phase consists of (create database, create table, insert) on test_b
        String top = """
                block-allow-list:
                  ab:
                    do-dbs: ["test_a", "test_b"]
                filters:
                  filter-table-rule:
                    schema-pattern: "test_*"
                    table-pattern: "t_*"
                    events: ["truncate table", "drop table", "delete"]
                    action: Ignore
                  filter-schema-rule:
                    schema-pattern: "test_*"
                    events: ["drop database"]
                    action: Ignore
                  no-create-no-insert:
                    schema-pattern: "test_b"
                    events: ["create database", "create table", "insert"]
                    action: Ignore
                """;
        String inst = "    block-allow-list: ab\n    filter-rules: [\"filter-table-rule\", \"filter-schema-rule\", \"no-create-no-insert\"]";
        SubtaskContext ctx = ctx("flt", inst, top, "replace");
        new DumpUnit().process(ctx);
        new LoadUnit().process(ctx);
        for (String t : List.of("test_a.t_1", "test_a.t_2", "test_b.t_1")) {
            String[] st = t.split("\\.");
            var cols = columns(src, st[0], st[1]);
            assertEquals(fingerprint(src, st[0], st[1], cols), fingerprint(dst, st[0], st[1], cols),
                    t + ": the full phase copies every row whatever the event filters say");
        }

        src.execute("DELETE FROM test_a.t_1 WHERE id <= 100", "TRUNCATE TABLE test_a.t_2",
                "UPDATE test_a.t_1 SET v = 'upd' WHERE id BETWEEN 1900 AND 1999",
                "INSERT INTO test_a.t_1 VALUES (5000, 'new')",
                "INSERT INTO test_b.t_1 VALUES (5000, 'ignored')", "UPDATE test_b.t_1 SET v = 'upd' WHERE id = 7",
                "CREATE TABLE test_b.t_9 (id INT PRIMARY KEY)", "CREATE TABLE test_a.t_9 (id INT PRIMARY KEY)",
                "INSERT INTO test_a.t_9 VALUES (1)", "DROP DATABASE test_b", "INSERT INTO test_a.t_9 VALUES (2)");
        // t_9's second row comes after every statement above in the binlog
        runSyncUntil(ctx, () -> scalar(dst, "SELECT COUNT(*) FROM test_a.t_9") == 2);
        assertEquals(2001, scalar(dst, "SELECT COUNT(*) FROM test_a.t_1"), "deletes ignored, the insert applied, ...");
        assertEquals(100, scalar(dst, "SELECT COUNT(*) FROM test_a.t_1 WHERE v = 'upd'"), "... updates applied");
        assertEquals(1, scalar(dst, "SELECT COUNT(*) FROM test_a.t_1 WHERE id = 5000"));
        assertEquals(2000, scalar(dst, "SELECT COUNT(*) FROM test_a.t_2"), "truncate ignored");
        assertEquals(2000, scalar(dst, "SELECT COUNT(*) FROM test_b.t_1"), "drop database ignored, insert ignored");
        assertEquals(1, scalar(dst, "SELECT COUNT(*) FROM test_b.t_1 WHERE id = 7 AND v = 'upd'"), "update applied");
        assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'test_b'"
                + " AND TABLE_NAME = 't_9'"), "create table ignored in sync");
    }

    // ---- dump files after a successful load ----

    @Test
    void dumpFilesAreRemovedAfterTheLoadUnlessCleanDumpFileIsFalse() throws Exception {
        src.execute("CREATE DATABASE cdf", "CREATE TABLE cdf.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO cdf.t SELECT seq, 'x' FROM mysql.seq_1_to_3000");
        String ba = "block-allow-list:\n  only:\n    do-dbs: [\"cdf\"]\n";
        for (boolean clean : new boolean[] {true, false}) {
            String task = clean ? "cdf_clean" : "cdf_keep";
            SubtaskContext ctx = context(src, dst, task, Files.createTempDirectory("dump-" + task), 500, 0, 2,
                    "    block-allow-list: only", ba + (clean ? "" : "clean-dump-file: false\n"));
            assertEquals(clean, ctx.task().cleanDumpFile, "clean-dump-file defaults to true");
            new DumpUnit().process(ctx);
            assertTrue(Files.exists(ctx.dumpDir().resolve("metadata")), task + ": dumped");
            new LoadUnit().process(ctx);
            assertEquals(3000, scalar(dst, "SELECT COUNT(*) FROM cdf.t"), task);
            assertEquals(!clean, Files.exists(ctx.dumpDir()), task + ": dump directory kept = " + !clean);
            dst.execute("DROP DATABASE cdf");
        }
    }

    // ---- colliding keys of merged shards ----

    /** Four shards sc.t_1..t_4 routed into merged.t; with {@code collide} their ids overlap by half. */
    private static String shards(String db, boolean collide, boolean shardColumnInKey) {
        List<String> ddl = new ArrayList<>(List.of("CREATE DATABASE " + db));
        for (int s = 1; s <= 4; s++) {
            String q = db + ".t_" + s;
            ddl.add("CREATE TABLE " + q + " (id INT NOT NULL, shard INT NOT NULL, v VARCHAR(20), PRIMARY KEY "
                    + (shardColumnInKey ? "(shard, id)" : "(id)") + ")");
            int base = collide ? (s - 1) * SHARD_ROWS / 2 : (s - 1) * SHARD_ROWS;
            ddl.add("INSERT INTO " + q + " SELECT " + base + " + seq, " + s + ", CONCAT('s" + s + "-', seq) FROM mysql.seq_1_to_"
                    + SHARD_ROWS);
            ddl.add("ANALYZE TABLE " + q);
        }
        src.execute(ddl.toArray(String[]::new));
        return "block-allow-list:\n  only:\n    do-dbs: [\"" + db + "\"]\n"
                + "routes:\n  merge:\n    schema-pattern: \"" + db + "\"\n    table-pattern: \"t_*\"\n"
                + "    target-schema: " + db + "_merged\n    target-table: t\n"
                + "  merge-schema:\n    schema-pattern: \"" + db + "\"\n    target-schema: " + db + "_merged\n";
    }

    private static final String MERGE_INST = "    block-allow-list: only\n    route-rules: [\"merge\", \"merge-schema\"]";

    @Test
    void collidingKeysFailTheLoadWith34008NamingTableAndKeyAndKeepNoPartOfTheChunk() throws Exception {
        SubtaskContext ctx = ctx("col_err", MERGE_INST, shards("ce", true, false), "error");
        new DumpUnit().process(ctx);
        DumpManifest m = DumpManifest.read(ctx.dumpDir());
        SluiceException e = assertThrows(SluiceException.class, () -> new LoadUnit().process(ctx));
        assertEquals(34008, e.code().code(), e.getMessage());
        assertTrue(e.getMessage().contains("`ce_merged`.`t`"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*Duplicate entry '\\d+' for key 'PRIMARY'.*"), e.getMessage());
        // every chunk recorded is there whole, and nothing else is
        long expected = 0;
        List<String> recorded = new ArrayList<>();
        try (var c = dst.connect(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT filename FROM dm_meta.col_err_loader_checkpoint")) {
            while (rs.next()) {
                recorded.add(rs.getString(1));
            }
        }
        for (DumpManifest.ChunkEntry ch : m.chunks()) {
            if (recorded.contains(ch.id())) {
                expected += FullPhaseSteps.chunkRows(ctx, ch);
            }
        }
        assertTrue(recorded.size() < m.chunks().size(), "the colliding chunk is not recorded");
        assertEquals(expected, scalar(dst, "SELECT COUNT(*) FROM ce_merged.t"));
    }

    @Test
    void collidingKeysResolveAsOnDuplicateSays() throws Exception {
        for (String mode : List.of("replace", "ignore")) {
            String db = "c" + mode.charAt(0);
            SubtaskContext ctx = ctx("col_" + mode, MERGE_INST, shards(db, true, false), mode);
            new DumpUnit().process(ctx);
            new LoadUnit().process(ctx);
            long distinct = SHARD_ROWS / 2 * 5; // ids 1..2.5 shards wide
            assertEquals(distinct, scalar(dst, "SELECT COUNT(*) FROM " + db + "_merged.t"), mode);
            // every kept row is one shard's row, unchanged
            java.util.Set<String> shardRows = new java.util.HashSet<>();
            for (int s = 1; s <= 4; s++) {
                shardRows.addAll(rowsOf(src, "SELECT id, shard, v FROM " + db + ".t_" + s));
            }
            List<String> kept = rowsOf(dst, "SELECT id, shard, v FROM " + db + "_merged.t");
            assertTrue(shardRows.containsAll(kept), mode);

        }
    }

    @Test
    void aShardColumnInTheKeyMergesWithoutCollisionAndEndsEqualToTheUnionAfterSync() throws Exception {
        SubtaskContext ctx = ctx("col_key", MERGE_INST, shards("ck", true, true), "error");
        new DumpUnit().process(ctx);
        new LoadUnit().process(ctx);
        src.execute("UPDATE ck.t_1 SET v = 'upd' WHERE id % 10 = 0", "DELETE FROM ck.t_2 WHERE id % 7 = 0",
                "INSERT INTO ck.t_3 VALUES (1, 3, 'dup-id-other-shard')", "INSERT INTO ck.t_4 VALUES (99999, 4, 'new')");
        runSyncUntil(ctx, () -> unionFingerprint("ck").equals(fingerprint(dst, "ck_merged", "t", columns(src, "ck", "t_1"))));
        assertEquals(unionFingerprint("ck"), fingerprint(dst, "ck_merged", "t", columns(src, "ck", "t_1")));
    }

    private static List<String> rowsOf(MariaDbServer server, String sql) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (var c = server.connect(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return out;
    }

    /** Count and checksum of the four shards together (checksums of disjoint row sets add up). */
    private static String unionFingerprint(String db) throws Exception {
        long rows = 0;
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (int s = 1; s <= 4; s++) {
            String[] f = fingerprint(src, db, "t_" + s, columns(src, db, "t_1")).split("/");
            rows += Long.parseLong(f[0]);
            sum = sum.add(new java.math.BigInteger(f[1]));
        }
        return rows + "/" + sum;
    }

    /** Runs sync from the full phase's hand-off until {@code done} holds (90 s at most). */
    private static void runSyncUntil(SubtaskContext ctx, Callable<Boolean> done) throws Exception {
        Unit sync = new DataPathUnits().sync(new DataPathUnits().dumpPosition(ctx));
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                sync.process(ctx);
            } catch (Throwable e) {
                error.set(e);
            }
        }, "sync-" + ctx.taskName());
        t.start();
        try {
            long deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline) {
                if (error.get() != null) {
                    fail("sync failed", error.get());
                }
                try {
                    if (done.call()) {
                        return;
                    }
                } catch (java.sql.SQLException notYet) {
                    // a table not created yet
                }
                Thread.sleep(300);
            }
            fail("sync did not reach the expected state");
        } finally {
            sync.stop();
            t.join(30_000);
        }
    }
}
