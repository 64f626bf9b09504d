package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.common.errors.SluiceException;
import io.sluice.proto.ShardingGroup;
import io.sluice.proto.SubTaskStatus;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.sync.shard.pessimism.ShardGroupMetrics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pessimistic shard DDL within one source: 2 databases × 2 tables merged into one target table
 * while every shard takes a steady stream of writes. Each DDL (ADD COLUMN, ADD INDEX, MODIFY
 * COLUMN, DROP COLUMN) runs shard by shard, in a different order each time, and each shard
 * writes rows only its new schema accepts right after its DDL: if the target ran a DDL before the
 * last shard, or applied a synced shard's rows before the target had the DDL, the target would
 * reject rows and the unit would stop. At the end the target's schema equals the shards' and its
 * rows equal their union.
 */
@Tag("integration")
class ShardPessimisticSyncTest extends SyncUnitFixture {
    private static final List<String> SHARDS = List.of("shard_a.t_1", "shard_a.t_2", "shard_b.t_1", "shard_b.t_2");

    ShardPessimisticSyncTest() {
        super("pessimist");
    }

    private String taskYaml(String name, String dbPrefix) {
        return "name: " + name + "\n"
                + "task-mode: incremental\n"
                + "shard-mode: pessimistic\n"
                + "target-database: " + targetDatabaseYaml() + "\n"
                + "mysql-instances:\n"
                + "  - source-id: " + SOURCE_ID + "\n"
                + "    block-allow-list: bal\n"
                + "    route-rules: [r-db, r-shard]\n"
                + "    syncer: {worker-count: 4, batch: 20, checkpoint-flush-interval: 1}\n"
                + "block-allow-list:\n"
                + "  bal:\n"
                + "    do-dbs: [\"" + dbPrefix + "_*\"]\n"
                + "routes:\n"
                + "  r-db: {schema-pattern: \"" + dbPrefix + "_*\", target-schema: " + dbPrefix + "merged}\n"
                + "  r-shard: {schema-pattern: \"" + dbPrefix + "_*\", table-pattern: \"t_*\", target-schema: " + dbPrefix
                + "merged, target-table: t}\n";
    }

    @Test
    void fourDdlsShardByShardUnderWritesEndWithTargetEqualToMergedShards() throws Exception {
        Running unit = start(new SyncUnit(masterPosition()), contextOf(taskYaml("pess", "shard")));
        src.execute("CREATE DATABASE shard_a", "CREATE DATABASE shard_b");
        for (String t : SHARDS) {
            src.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, v INT NOT NULL, note VARCHAR(20))");
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicBoolean paused = new AtomicBoolean(false);
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < SHARDS.size(); i++) {
            String table = SHARDS.get(i);
            long base = (i + 1) * 1_000_000L;
            Thread w = new Thread(() -> write(table, base, writing, paused, writerError), "shard-writer-" + i);
            w.start();
            writers.add(w);
        }
        try {
            // each round in another order; the extra row after a shard's DDL fits only its new schema
            round(List.of(0, 1, 2, 3), "ALTER TABLE %s ADD COLUMN c INT NOT NULL DEFAULT 7",
                    "INSERT INTO %s (id, v, c) VALUES (%d, 1, 42)", 10);
            round(List.of(3, 2, 1, 0), "ALTER TABLE %s ADD INDEX i_v (v)", "UPDATE %s SET v = v + 1 WHERE id = %d", 11);
            round(List.of(1, 3, 0, 2), "ALTER TABLE %s MODIFY COLUMN v BIGINT NOT NULL",
                    "INSERT INTO %s (id, v, c) VALUES (%d, 5000000000, 43)", 12);
            paused.set(true); // compare while the column that the last round drops is still there
            Thread.sleep(300);
            awaitMerged(unit, "id, v, c, note");
            paused.set(false);
            round(List.of(2, 0, 3, 1), "ALTER TABLE %s DROP COLUMN c", "INSERT INTO %s (id, v) VALUES (%d, 6000000000)", 13);
            Thread.sleep(500); // rows after the last DDL too
        } finally {
            writing.set(false);
            for (Thread w : writers) {
                w.join(10_000);
            }
        }
        if (writerError.get() != null) {
            fail("an upstream writer failed", writerError.get());
        }
        awaitMerged(unit, "id, v, note");
        assertEquals(columns(src, "shard_a", "t_1"), columns(dst, "shardmerged", "t"), "target columns equal the shards'");
        assertEquals(indexes(src, "shard_a", "t_1"), indexes(dst, "shardmerged", "t"), "target indexes equal the shards'");
        unit.stopAndJoin();
    }

    @Test
    void differentDdlsOnShardsStopTheUnitWithNothingRunDownstream() throws Exception {
        src.execute("CREATE DATABASE bad_a", "CREATE DATABASE bad_b",
                "CREATE TABLE bad_a.t_1 (id INT PRIMARY KEY, v INT)", "CREATE TABLE bad_b.t_1 (id INT PRIMARY KEY, v INT)");
        dst.execute("CREATE DATABASE badmerged", "CREATE TABLE badmerged.t (id INT PRIMARY KEY, v INT)");
        Running unit = start(new SyncUnit(masterPosition()), contextOf(taskYaml("pessbad", "bad")));
        src.execute("INSERT INTO bad_a.t_1 VALUES (1, 1)");
        awaitPairs(unit, "badmerged.t", "id, v", List.of("1|1")); // read with the schema it was written with
        src.execute("ALTER TABLE bad_a.t_1 ADD COLUMN x INT",
                "INSERT INTO bad_a.t_1 VALUES (2, 2, 2)", "ALTER TABLE bad_b.t_1 ADD COLUMN y INT");
        SluiceException e = awaitFailure(unit);
        assertEquals(36008, e.code().code(), e.getMessage());
        assertFalse(columns(dst, "badmerged", "t").toString().contains("`x`"), "no DDL ran on the target");
        assertEquals(List.of("1|1"), pairs(dst, "badmerged.t", "id, v"), "rows before the round applied, the held one not");
    }

    @Test
    void renameOfAShardIsRefusedWithItsCode() throws Exception {
        src.execute("CREATE DATABASE ren_a", "CREATE TABLE ren_a.t_1 (id INT PRIMARY KEY, v INT)");
        Running unit = start(new SyncUnit(masterPosition()), contextOf(taskYaml("pessren", "ren")));
        src.execute("RENAME TABLE ren_a.t_1 TO ren_a.t_9");
        SluiceException e = awaitFailure(unit);
        assertEquals(36140, e.code().code(), e.getMessage());
    }

    /**
     * Shards created while a round is open: one with the schema the synced shards have now counts
     * as synced (its rows wait with theirs); one with the old schema must run the DDL too; one with
     * neither cannot join (DM's 36005), and nothing of it reaches the target.
     */
    @Test
    void shardsCreatedInsideARoundJoinTheSideTheirSchemaIsOn() throws Exception {
        Running unit = start(new SyncUnit(masterPosition()), contextOf(taskYaml("pesscr", "cr")));
        src.execute("CREATE DATABASE cr_a", "CREATE TABLE cr_a.t_1 (id INT PRIMARY KEY, v INT)",
                "CREATE TABLE cr_a.t_2 (id INT PRIMARY KEY, v INT)", "INSERT INTO cr_a.t_1 VALUES (1, 1)", "INSERT INTO cr_a.t_2 VALUES (2, 2)");
        awaitPairs(unit, "crmerged.t", "id, v", List.of("1|1", "2|2"));
        src.execute("ALTER TABLE cr_a.t_1 ADD COLUMN c INT NOT NULL DEFAULT 0", "INSERT INTO cr_a.t_1 VALUES (11, 1, 11)",
                "CREATE TABLE cr_a.t_3 (id INT PRIMARY KEY, v INT, c INT NOT NULL DEFAULT 0)", "INSERT INTO cr_a.t_3 VALUES (31, 3, 31)",
                "CREATE TABLE cr_a.t_4 (id INT PRIMARY KEY, v INT)", "INSERT INTO cr_a.t_4 VALUES (41, 4)",
                "ALTER TABLE cr_a.t_2 ADD COLUMN c INT NOT NULL DEFAULT 0", "INSERT INTO cr_a.t_2 VALUES (21, 2, 21)");
        awaitPairs(unit, "crmerged.t", "id, v", List.of("1|1", "2|2", "41|4")); // t_4 writes the old schema: its row flows
        SubTaskStatus.Builder status = SubTaskStatus.newBuilder();
        unit.unit().fillStatus(status);
        assertEquals(List.of("`cr_a`.`t_4`"), status.getSync().getUnresolvedGroups(0).getUnsyncedList(), "the round waits for t_4 only");
        src.execute("ALTER TABLE cr_a.t_4 ADD COLUMN c INT NOT NULL DEFAULT 0", "INSERT INTO cr_a.t_4 VALUES (42, 4, 42)");
        awaitMerged(unit, List.of("cr_a.t_1", "cr_a.t_2", "cr_a.t_3", "cr_a.t_4"), "crmerged.t", "id, v, c");

        src.execute("ALTER TABLE cr_a.t_1 ADD COLUMN d INT", "CREATE TABLE cr_a.t_5 (id INT PRIMARY KEY, w TEXT)");
        SluiceException e = awaitFailure(unit);
        assertEquals(36005, e.code().code(), e.getMessage());
        assertTrue(e.getMessage().contains("`cr_a`.`t_5`"), e.getMessage());
        assertFalse(columns(dst, "crmerged", "t").toString().contains("`w`"), "nothing of it on the target");
    }

    @Test
    void aCrashInsideARoundResumesTheRoundAndLosesOrRepeatsNoRow() throws Exception {
        List<String> shards = List.of("rs_a.t_1", "rs_a.t_2", "rs_b.t_1");
        String yaml = taskYaml("pessrs", "rs");
        Running first = start(new SyncUnit(masterPosition()), contextOf(yaml));
        createShards(List.of("rs_a", "rs_b"), shards, 20);
        // two shards pass the DDL and write rows only the new schema has; the third still writes the old one
        for (int i = 0; i < 2; i++) {
            addColumnCAndWrite(shards.get(i), i, 21, 40);
            src.execute("UPDATE " + shards.get(i) + " SET c = 99 WHERE id = " + (i * 1000 + 5));
        }
        for (int n = 21; n <= 40; n++) {
            src.execute("INSERT INTO rs_b.t_1 VALUES (" + (2000 + n) + ", " + n + ")");
        }
        awaitCount(first, "rsmerged.t", 60 + 20); // 60 before the round, and the unsynced shard's 20
        Thread.sleep(2500); // checkpoint flushes (every second) move past the round's first DDL
        String saved = rows(dst, "dm_meta.pessrs_syncer_shard_groups", "data").toString();
        if (!saved.contains("rs_a")) {
            fail("the round in progress is saved with the checkpoint: " + saved);
        }
        SubTaskStatus.Builder status = SubTaskStatus.newBuilder();
        first.unit().fillStatus(status);
        ShardingGroup group = status.getSync().getUnresolvedGroups(0);
        assertEquals("`rsmerged`.`t`", group.getTarget());
        assertEquals(List.of("`rs_a`.`t_1`", "`rs_a`.`t_2`"), group.getSyncedList());
        assertEquals(List.of("`rs_b`.`t_1`"), group.getUnsyncedList());
        assertEquals(List.of("ALTER TABLE `rsmerged`.`t` ADD COLUMN c INT NOT NULL DEFAULT 0"), group.getDDLsList());
        assertEquals(1.0, ShardGroupMetrics.UNSYNCED_TABLES.labels("pessrs", "`rsmerged`.`t`", SOURCE_ID).get());
        assertEquals(1.0, ShardGroupMetrics.LOCK_RESOLVING.labels("pessrs", SOURCE_ID).get());
        Running second = crashAndRestart(first, yaml);
        src.execute("ALTER TABLE rs_b.t_1 ADD COLUMN c INT NOT NULL DEFAULT 0", "INSERT INTO rs_b.t_1 VALUES (2041, 41, 41)");
        awaitMerged(second, shards, "rsmerged.t", "id, v, c");
        assertEquals(0.0, ShardGroupMetrics.LOCK_RESOLVING.labels("pessrs", SOURCE_ID).get(), "no round open any more");
        stopWithNoRoundLeft(second);
    }

    /** The databases, then each shard (id, v) with {@code rows} rows, ids from 1000 × its index. */
    private void createShards(List<String> databases, List<String> shards, int rows) throws SQLException {
        for (String db : databases) {
            src.execute("CREATE DATABASE " + db);
        }
        for (int i = 0; i < shards.size(); i++) {
            src.execute("CREATE TABLE " + shards.get(i) + " (id BIGINT PRIMARY KEY, v INT NOT NULL)");
            for (int n = 1; n <= rows; n++) {
                src.execute("INSERT INTO " + shards.get(i) + " VALUES (" + (i * 1000 + n) + ", " + n + ")");
            }
        }
    }

    /** The shard at {@code index} runs ADD COLUMN c, then writes rows {@code from}..{@code to} that need it. */
    private void addColumnCAndWrite(String shard, int index, int from, int to) {
        src.execute("ALTER TABLE " + shard + " ADD COLUMN c INT NOT NULL DEFAULT 0");
        for (int n = from; n <= to; n++) {
            src.execute("INSERT INTO " + shard + " VALUES (" + (index * 1000 + n) + ", " + n + ", " + n + ")");
        }
    }

    /** Halts {@code first} as a crash would (no drain, no last checkpoint) and starts the task again from its checkpoint. */
    private Running crashAndRestart(Running first, String yaml) throws Exception {
        first.unit().halt();
        first.join();
        return start(new SyncUnit(null), contextOf(yaml));
    }

    private static void stopWithNoRoundLeft(Running unit) throws Exception {
        SubTaskStatus.Builder status = SubTaskStatus.newBuilder();
        unit.unit().fillStatus(status);
        assertEquals(0, status.getSync().getUnresolvedGroupsCount(), "no shard round left open");
        unit.stopAndJoin();
    }

    /**
     * Two shards run a second DDL (and write rows only it accepts) before the third shard ran the
     * first: the second waits its turn as in DM, rather than stopping the unit. A crash while it
     * waits resumes its round from the checkpoint.
     */
    @Test
    void aShardsNextDdlBeforeItsGroupRanTheFirstWaitsItsTurn() throws Exception {
        List<String> shards = List.of("q_a.t_1", "q_a.t_2", "q_b.t_1");
        String yaml = taskYaml("pessq", "q");
        Running first = start(new SyncUnit(masterPosition()), contextOf(yaml));
        createShards(List.of("q_a", "q_b"), shards, 10);
        for (int i = 0; i < 2; i++) {
            String t = shards.get(i);
            addColumnCAndWrite(t, i, 11, 15);
            src.execute("ALTER TABLE " + t + " ADD COLUMN d INT NOT NULL DEFAULT 0");
            for (int n = 16; n <= 20; n++) {
                src.execute("INSERT INTO " + t + " VALUES (" + (i * 1000 + n) + ", " + n + ", " + n + ", " + (n * 2) + ")");
            }
            src.execute("UPDATE " + t + " SET c = 99, d = 98 WHERE id = " + (i * 1000 + 3));
        }
        src.execute("INSERT INTO q_b.t_1 VALUES (2011, 11)", "ALTER TABLE q_b.t_1 ADD COLUMN c INT NOT NULL DEFAULT 0",
                "INSERT INTO q_b.t_1 VALUES (2012, 12, 12)");
        // the first round ran: every row written with at most column c is on the target, none written with d
        awaitCount(first, "qmerged.t", 10 * 3 + 5 * 2 + 2);
        assertFalse(columns(dst, "qmerged", "t").toString().contains("`d`"), "the queued DDL waits for q_b.t_1");
        SubTaskStatus.Builder status = SubTaskStatus.newBuilder();
        first.unit().fillStatus(status);
        ShardingGroup group = status.getSync().getUnresolvedGroups(0);
        assertEquals(List.of("ALTER TABLE `qmerged`.`t` ADD COLUMN d INT NOT NULL DEFAULT 0"), group.getDDLsList());
        assertEquals(List.of("`q_a`.`t_1`", "`q_a`.`t_2`"), group.getSyncedList());
        assertEquals(List.of("`q_b`.`t_1`"), group.getUnsyncedList());
        Thread.sleep(1500); // a checkpoint with the second round in it
        Running second = crashAndRestart(first, yaml);
        src.execute("ALTER TABLE q_b.t_1 ADD COLUMN d INT NOT NULL DEFAULT 0", "INSERT INTO q_b.t_1 VALUES (2021, 21, 21, 42)");
        awaitMerged(second, shards, "qmerged.t", "id, v, c, d");
        assertEquals(columns(src, "q_a", "t_1"), columns(dst, "qmerged", "t"), "target columns equal the shards'");
        stopWithNoRoundLeft(second);
    }

    /**
     * A crash in the middle of a replay: the held rows of a keyless shard (identical rows among
     * them) are each on the target once after the restart, with safe mode unable to tell copies apart.
     */
    @Test
    void aCrashInsideAReplayRepeatsNoRowOfAKeylessShard() throws Exception {
        String yaml = taskYaml("pesskl", "kl");
        Running first = start(new SyncUnit(masterPosition()), contextOf(yaml));
        src.execute("CREATE DATABASE kl_a", "CREATE TABLE kl_a.t_1 (v INT, note VARCHAR(10))", "CREATE TABLE kl_a.t_2 (v INT, note VARCHAR(10))",
                "INSERT INTO kl_a.t_2 VALUES (0, 'before')", "ALTER TABLE kl_a.t_1 ADD COLUMN c INT");
        int held = 0;
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            for (int txn = 0; txn < 400; txn++) {
                StringBuilder sql = new StringBuilder("INSERT INTO kl_a.t_1 VALUES ");
                for (int r = 0; r < 10; r++) {
                    sql.append(r == 0 ? "" : ", ").append("(").append(txn % 7).append(", 'held', 1)"); // copies among them
                    held++;
                }
                st.execute(sql.toString());
            }
        }
        awaitPairs(first, "klmerged.t", "v, note", List.of("0|before"));
        src.execute("ALTER TABLE kl_a.t_2 ADD COLUMN c INT");
        long deadline = System.currentTimeMillis() + 60_000;
        int seen = 0;
        while (System.currentTimeMillis() < deadline) {
            try {
                seen = rows(dst, "klmerged.t WHERE c = 1", "v").size();
            } catch (SQLException notYet) {
                seen = 0; // the column is not there before the DDL ran
            }
            if (seen > 0) {
                break;
            }
            Thread.sleep(5);
        }
        Running second = crashAndRestart(first, yaml); // most likely inside the replay
        System.out.printf("keyless replay: crash with %d of %d held rows on the target%n", seen, held);
        src.execute("INSERT INTO kl_a.t_2 VALUES (9, 'after', 2)");
        awaitMerged(second, List.of("kl_a.t_1", "kl_a.t_2"), "klmerged.t", "v, note, c");
        stopWithNoRoundLeft(second);
    }

    private void awaitCount(Running unit, String table, int want) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        int got = -1;
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            try {
                got = rows(dst, table, "id").size();
                if (got == want) {
                    return;
                }
            } catch (SQLException notYet) {
                // not created yet
            }
            Thread.sleep(200);
        }
        fail(table + ": want " + want + " rows, got " + got);
    }

    /** Runs {@code ddl} on the shards in {@code order}, each followed by {@code after} on a fresh id. */
    private void round(List<Integer> order, String ddl, String after, int tag) throws Exception {
        for (int i : order) {
            String table = SHARDS.get(i);
            src.execute(ddl.formatted(table));
            long id = (i + 1) * 1_000_000L + 900_000 + tag;
            if (after.startsWith("UPDATE")) {
                src.execute("INSERT INTO " + table + " (id, v) VALUES (" + id + ", 1)", after.formatted(table, id));
            } else {
                src.execute(after.formatted(table, id));
            }
            Thread.sleep(150 + ThreadLocalRandom.current().nextInt(200));
        }
    }

    /** Inserts, updates and deletes on one shard, on columns every schema of the test has. */
    private void write(String table, long base, AtomicBoolean writing, AtomicBoolean paused, AtomicReference<Throwable> error) {
        long n = 0;
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            while (writing.get()) {
                if (paused.get()) {
                    Thread.sleep(20);
                    continue;
                }
                n++;
                st.execute("INSERT INTO " + table + " (id, v, note) VALUES (" + (base + n) + ", " + n + ", 'w" + n + "')");
                if (n % 3 == 0) {
                    st.execute("UPDATE " + table + " SET v = v + 100, note = 'u' WHERE id = " + (base + n / 2));
                }
                if (n % 7 == 0) {
                    st.execute("DELETE FROM " + table + " WHERE id = " + (base + n / 3));
                }
                Thread.sleep(5);
            }
        } catch (Throwable e) {
            error.set(e);
        }
    }

    private void awaitMerged(Running unit, String cols) throws Exception {
        awaitMerged(unit, SHARDS, "shardmerged.t", cols);
    }

    private void awaitMerged(Running unit, List<String> shards, String target, String cols) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        List<String> want = null;
        List<String> got = null;
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            want = new ArrayList<>();
            for (String t : shards) {
                want.addAll(rows(src, t, cols));
            }
            want.sort(null);
            try {
                got = rows(dst, target, cols);
                got.sort(null);
                if (got.equals(want)) {
                    return;
                }
            } catch (SQLException notYet) {
                // target table or column not there yet
            }
            Thread.sleep(300);
        }
        List<String> last = got;
        fail("merged rows differ: want " + want.size() + " rows, got " + (last == null ? "none" : last.size()) + " rows; missing "
                + (last == null ? want : want.stream().filter(r -> !last.contains(r)).limit(5).toList()));
    }

    private static List<String> rows(MariaDbServer s, String table, String cols) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + cols + " FROM " + table)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getString(i)).append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static List<String> columns(MariaDbServer s, String schema, String table) throws SQLException {
        return rows(s, "information_schema.columns WHERE table_schema = '" + schema + "' AND table_name = '" + table
                + "' ORDER BY ordinal_position", "CONCAT('`', column_name, '`'), column_type, is_nullable, column_default");
    }

    private static List<String> indexes(MariaDbServer s, String schema, String table) throws SQLException {
        return rows(s, "information_schema.statistics WHERE table_schema = '" + schema + "' AND table_name = '" + table
                + "' ORDER BY index_name, seq_in_index", "index_name, column_name, non_unique");
    }
}
