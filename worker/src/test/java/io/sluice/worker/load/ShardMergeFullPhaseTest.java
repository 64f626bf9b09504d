package io.sluice.worker.load;

import static io.sluice.worker.load.FullPhaseFixture.context;
import static io.sluice.worker.load.FullPhaseFixture.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.DataPathUnits;
import io.sluice.worker.dump.DumpManifest;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.Unit;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two sources with two shard tables each, routed into one target table: each source runs its own
 * subtask of the same task (dump, load, then sync) in one JVM, all at once, while every shard is
 * written to. The target table ends as the union of the four shards.
 */
class ShardMergeFullPhaseTest {
    private static final String TASK = "merge4";
    private static final String[] SOURCE_IDS = {"mysql-a", "mysql-b"};
    private static final String[] SCHEMAS = {"sha", "shb"};
    private static final String[] TABLES = {"t1", "t2"};
    private static final int ROWS_PER_SHARD = 3000;
    private static final MariaDbServer[] SOURCES = new MariaDbServer[2];
    private static MariaDbServer dst;

    @BeforeAll
    static void start() {
        for (int s = 0; s < 2; s++) {
            SOURCES[s] = MariaDbServer.start("sm-src" + s);
            FullPhaseFixture.defineEncodedUtcZone(SOURCES[s]);
        }
        dst = MariaDbServer.start("sm-dst");
        FullPhaseFixture.defineEncodedUtcZone(dst);
    }

    @AfterAll
    static void close() {
        for (MariaDbServer s : SOURCES) {
            if (s != null) {
                s.close();
            }
        }
        if (dst != null) {
            dst.close();
        }
    }

    /** Shard k owns the ids k*1,000,000 and up, so the shards never collide in the merged table. */
    private static long base(int source, int table) {
        return (2L * source + table + 1) * 1_000_000L;
    }

    @Test
    void fourShardsOfTwoSourcesEndAsOneTableUnderConcurrentWrites() throws Exception {
        List<SubtaskContext> contexts = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            String db = SCHEMAS[s];
            List<String> ddl = new ArrayList<>(List.of("CREATE DATABASE " + db));
            for (int t = 0; t < 2; t++) {
                String q = db + "." + TABLES[t];
                ddl.add("CREATE TABLE " + q + " (id BIGINT PRIMARY KEY, v VARCHAR(40), shard VARCHAR(8))");
                ddl.add("INSERT INTO " + q + " SELECT " + base(s, t) + " + seq, MD5(seq), '" + db + TABLES[t]
                        + "' FROM mysql.seq_1_to_" + ROWS_PER_SHARD);
                ddl.add("ANALYZE TABLE " + q);
            }
            SOURCES[s].execute(ddl.toArray(String[]::new));
            String inst = "    block-allow-list: shards\n    route-rules: [\"merge\", \"merge-schema\"]";
            String top = "block-allow-list:\n  shards:\n    do-dbs: [\"~^sh[ab]$\"]\n"
                    + "routes:\n  merge:\n    schema-pattern: \"sh*\"\n    table-pattern: \"t*\"\n"
                    + "    target-schema: merged\n    target-table: allt\n"
                    + "  merge-schema:\n    schema-pattern: \"sh*\"\n    target-schema: merged\n"
                    + "clean-dump-file: false\n"; // the test reads each manifest after the load
            SubtaskContext ctx = context(SOURCES[s], dst, SOURCE_IDS[s], TASK, Files.createTempDirectory("dump-" + db),
                    500, 0, 2, inst, top);
            ctx.task().taskMode = "all";
            ctx.instance().mydumper.threads = 2;
            ctx.instance().syncer.workerCount = 4;
            ctx.instance().syncer.checkpointFlushInterval = 1;
            assertEquals("merged", ctx.rules().route(db, "t1").schema());
            contexts.add(ctx);
        }

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            for (int t = 0; t < 2; t++) {
                int source = s;
                int table = t;
                writers.add(start("write-" + s + t, failed, () -> write(source, table, writing, writes)));
            }
        }
        List<Unit> syncs = new ArrayList<>();
        List<Thread> syncThreads = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            Thread.sleep(300);
            // both sources' full phases at once, in one JVM, into the same target table
            List<Thread> fulls = new ArrayList<>();
            for (SubtaskContext ctx : contexts) {
                fulls.add(start("full-" + ctx.sourceId(), failed, () -> {
                    new DumpUnit().process(ctx);
                    new LoadUnit().process(ctx);
                }));
            }
            join(fulls, failed);
            double fullSecs = (System.nanoTime() - t0) / 1e9;
            for (SubtaskContext ctx : contexts) {
                // each source's chunks recorded under its own source id, all of them loaded
                assertEquals(DumpManifest.read(ctx.dumpDir()).chunks().size(), scalar(dst,
                        "SELECT COUNT(*) FROM dm_meta." + TASK + "_loader_checkpoint WHERE id = '" + ctx.sourceId()
                                + "' AND `offset` = end_pos"), ctx.sourceId());
            }
            assertTrue(DumpManifest.read(contexts.get(0).dumpDir()).chunks().size() >= 4, "several chunks per source");
            for (SubtaskContext ctx : contexts) {
                Unit sync = new DataPathUnits().sync(new DataPathUnits().dumpPosition(ctx));
                syncs.add(sync);
                syncThreads.add(start("sync-" + ctx.sourceId(), failed, () -> sync.process(ctx)));
            }
            Thread.sleep(1500); // sync replays under writes for a while
            writing.set(false);
            join(writers, failed);
            long deadline = System.currentTimeMillis() + 90_000;
            String source = union();
            String target = "";
            while (System.currentTimeMillis() < deadline && failed.get() == null) {
                target = FullPhaseFixture.fingerprint(dst, "merged", "allt", COLUMNS);
                if (target.equals(source)) {
                    break;
                }
                Thread.sleep(500);
            }
            if (failed.get() != null) {
                fail("a unit or writer failed", failed.get());
            }
            assertEquals(source, target, "merged.allt against the union of the four shards");
            System.out.printf("4 shards of 2 sources merged: full phase %.1f s, equal after %d concurrent writes, %.1f s%n",
                    fullSecs, writes.get(), (System.nanoTime() - t0) / 1e9);
            assertTrue(writes.get() > 50, "writes " + writes.get());
            assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'sh_'"));
        } finally {
            writing.set(false);
            syncs.forEach(Unit::stop);
            for (Thread th : syncThreads) {
                th.join(30_000);
            }
            for (Thread th : writers) {
                th.join(30_000);
            }
        }
    }

    private static final List<String[]> COLUMNS = List.of(new String[] {"id", "bigint"}, new String[] {"v", "varchar"},
            new String[] {"shard", "varchar"});

    /** The fingerprint the four shards would have as one table: counts and checksums add up. */
    private static String union() throws SQLException {
        long rows = 0;
        long sum = 0;
        for (int s = 0; s < 2; s++) {
            for (String t : TABLES) {
                String[] fp = FullPhaseFixture.fingerprint(SOURCES[s], SCHEMAS[s], t, COLUMNS).split("/");
                rows += Long.parseLong(fp[0]);
                sum += Long.parseLong(fp[1]);
            }
        }
        return rows + "/" + sum;
    }

    private static void write(int source, int table, AtomicBoolean writing, AtomicLong writes) throws Exception {
        String q = SCHEMAS[source] + "." + TABLES[table];
        long base = base(source, table);
        String shard = "'" + SCHEMAS[source] + TABLES[table] + "'";
        try (Connection c = SOURCES[source].connect(); Statement st = c.createStatement()) {
            for (int i = 1; writing.get(); i++) {
                long id = base + ThreadLocalRandom.current().nextInt(1, ROWS_PER_SHARD + 1);
                st.execute("UPDATE " + q + " SET v = 'w" + i + "' WHERE id = " + id);
                st.execute("INSERT INTO " + q + " VALUES (" + (base + 10_000 + i) + ", 'ins', " + shard
                        + ") ON DUPLICATE KEY UPDATE v = 'dup'");
                if (i % 3 == 0) {
                    st.execute("DELETE FROM " + q + " WHERE id = " + (id + 1));
                }
                if (i % 7 == 0) {
                    // a key moves to a free id in another chunk's range
                    st.execute("UPDATE IGNORE " + q + " SET id = " + (base + 20_000 + i) + " WHERE id = "
                            + (base + ROWS_PER_SHARD + 1 - (id - base)));
                }
                writes.incrementAndGet();
                Thread.sleep(3);
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread start(String name, AtomicReference<Throwable> failed, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed.compareAndSet(null, new AssertionError(name + " failed", e));
            }
        }, name);
        t.start();
        return t;
    }

    private static void join(List<Thread> threads, AtomicReference<Throwable> failed) throws InterruptedException {
        for (Thread t : threads) {
            t.join(300_000);
        }
        if (failed.get() != null) {
            fail("a unit or writer failed", failed.get());
        }
    }
}
