package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.MariaDbServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * shard-mode pessimistic across real processes: 2 sources × 2 databases × 2 tables merged into
 * merged.t by three masters and two workers, under writes to every shard. Each DDL goes shard by
 * shard in a different order across both sources; the target gets it once, from the lock's owner,
 * only after the last shard of the last source ran it, and the rows held back meanwhile arrive.
 * The leader is SIGKILLed while a lock is half-synced, and a lock that one source never joins is
 * resolved with unlock-ddl-lock.
 */
class PessimisticShardDdlTest {
    static final String TASK = "pessim";
    static final String LOCK_ID = TASK + "-`merged`.`t`";
    static MariaDbServer src1;
    static MariaDbServer src2;
    static MariaDbServer dst;
    static Cluster cluster;
    /** Shards as "sourceIndex/db/table", each with its own id range. */
    static final List<String> SHARDS = List.of("1/shard_db_1/t1", "1/shard_db_1/t2", "1/shard_db_2/t1", "1/shard_db_2/t2",
            "2/shard_db_1/t1", "2/shard_db_1/t2", "2/shard_db_2/t1", "2/shard_db_2/t2");
    static final String TABLE = "(id BIGINT NOT NULL PRIMARY KEY, a INT DEFAULT NULL, name VARCHAR(20) DEFAULT NULL)";

    @BeforeAll
    static void up() throws Exception {
        src1 = MariaDbServer.start("pessim-src1");
        src2 = MariaDbServer.start("pessim-src2");
        dst = MariaDbServer.start("pessim-dst");
        for (MariaDbServer s : List.of(src1, src2)) {
            for (String db : List.of("shard_db_1", "shard_db_2")) {
                s.execute("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t1 " + TABLE, "CREATE TABLE " + db + ".t2 " + TABLE);
            }
        }
        dst.execute("CREATE DATABASE merged", "CREATE TABLE merged.t " + TABLE);
        cluster = Cluster.start("pessim", 3, 2);
        for (int i = 1; i <= 2; i++) {
            JsonNode created = cluster.ctlJson("operate-source", "create",
                    cluster.writeFile("source" + i + ".yaml", SampleData.sourceYaml("mysql-0" + i, i == 1 ? src1 : src2)).toString());
            assertTrue(created.path("result").asBoolean(), created.toString());
        }
    }

    @AfterAll
    static void down() {
        for (AutoCloseable c : new AutoCloseable[] {cluster, src1, src2, dst}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static String taskYaml() throws SQLException {
        StringBuilder y = new StringBuilder("name: " + TASK + "\ntask-mode: incremental\nshard-mode: pessimistic\n"
                + "target-database: {host: 127.0.0.1, port: " + dst.port() + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}\n"
                + "routes:\n"
                + "  tables: {schema-pattern: \"shard_db_*\", table-pattern: \"t*\", target-schema: merged, target-table: t}\n"
                + "  dbs: {schema-pattern: \"shard_db_*\", target-schema: merged}\n"
                + "block-allow-list:\n  ba: {do-dbs: [\"shard_db_1\", \"shard_db_2\"]}\n"
                + "mysql-instances:\n");
        for (int i = 1; i <= 2; i++) {
            String[] pos = masterStatus(i == 1 ? src1 : src2);
            y.append("  - source-id: mysql-0").append(i).append("\n")
                    .append("    meta: {binlog-name: ").append(pos[0]).append(", binlog-pos: ").append(pos[1]).append("}\n")
                    .append("    block-allow-list: ba\n")
                    .append("    route-rules: [tables, dbs]\n")
                    .append("    syncer: {worker-count: 2, batch: 20, checkpoint-flush-interval: 1}\n");
        }
        return y.toString();
    }

    @Test
    void everyShardOfBothSourcesRunsTheDdlBeforeTheTargetDoesOnce() throws Exception {
        Cluster.CtlResult started = cluster.ctl("start-task", cluster.writeFile("pessim.yaml", taskYaml()).toString());
        assertEquals(0, started.exitCode(), started.toString());
        cluster.await("both subtasks syncing", 90, () -> subtask("mysql-01").path("unit").asText().equals("Sync")
                && subtask("mysql-02").path("unit").asText().equals("Sync"));
        for (String shard : SHARDS) {
            exec(shard, "INSERT INTO %s (id, a, name) VALUES (" + base(shard) + ", 1, 'first')");
        }
        awaitSameRows("the first rows");

        long started0 = System.nanoTime();
        try (Writers writers = new Writers()) {
            // ADD COLUMN, source 1's shards first: its worker waits on the lock, the target has nothing yet
            List<String> order = List.of(SHARDS.get(1), SHARDS.get(5), SHARDS.get(0), SHARDS.get(3), SHARDS.get(2), SHARDS.get(6),
                    SHARDS.get(7));
            for (String shard : order) {
                exec(shard, "ALTER TABLE %s ADD COLUMN c INT DEFAULT 7");
                Thread.sleep(150);
            }
            JsonNode lock = awaitLock("mysql-01");
            assertEquals("pessimistic", lock.path("mode").asText(), lock.toString());
            assertEquals("mysql-01", lock.path("owner").asText(), lock.toString());
            assertEquals("[\"mysql-01\"]", lock.path("synced").toString(), lock.toString());
            assertEquals("[\"mysql-02\"]", lock.path("unsynced").toString(), lock.toString());
            assertTrue(lock.path("DDLs").path(0).asText().contains("ADD COLUMN c INT DEFAULT 7"), lock.toString());
            JsonNode waiting = subtask("mysql-01");
            assertEquals(LOCK_ID, waiting.path("unresolvedDDLLockID").asText(), waiting.toString());
            assertTrue(waiting.path("sync").path("blockingDDLs").path(0).asText().contains("ADD COLUMN c"), waiting.toString());
            assertFalse(targetColumns().containsKey("c"), "no column while a shard of mysql-02 lacks it");
            assertTrue(leaderMetrics().contains("dm_master_ddl_state_number{task=\"pessim\",type=\"Un-synced\",} 1.0"),
                    "DM's pending-DDL gauge on the leader");
            exec(SHARDS.get(4), "ALTER TABLE %s ADD COLUMN c INT DEFAULT 7");
            cluster.await("the column once every shard of both sources has it", 60, () -> targetColumns().containsKey("c"));
            cluster.await("the lock gone", 60, () -> locks().isEmpty());

            // ADD INDEX, mysql-02 first this time; the leader is SIGKILLed while the lock is half-synced
            order = List.of(SHARDS.get(6), SHARDS.get(0), SHARDS.get(4), SHARDS.get(7), SHARDS.get(2), SHARDS.get(5));
            for (String shard : order) {
                exec(shard, "ALTER TABLE %s ADD INDEX idx_a (a)");
                Thread.sleep(150);
            }
            lock = awaitLock("mysql-02");
            assertEquals("mysql-02", lock.path("owner").asText(), lock.toString());
            int leader = cluster.leaderIndex();
            cluster.masters.get(leader).kill();
            System.out.printf("pessimistic: SIGKILL of leader m%d with lock %s half-synced%n", leader + 1, lock);
            exec(SHARDS.get(3), "ALTER TABLE %s ADD INDEX idx_a (a)");
            exec(SHARDS.get(1), "ALTER TABLE %s ADD INDEX idx_a (a)");
            cluster.await("the index after the new leader resolved the lock", 90, () -> targetIndexes().contains("idx_a"));

            // MODIFY (widening) and DROP COLUMN, in two more interleavings
            for (int i : new int[] {3, 4, 0, 7, 1, 6, 2, 5}) {
                exec(SHARDS.get(i), "ALTER TABLE %s MODIFY COLUMN a BIGINT DEFAULT NULL");
            }
            cluster.await("the wider type", 90, () -> "bigint".equals(targetColumns().get("a")));
            for (int i : new int[] {7, 2, 6, 1, 5, 0, 4}) {
                exec(SHARDS.get(i), "ALTER TABLE %s DROP COLUMN name");
                Thread.sleep(100);
            }
            awaitLock("mysql-02");
            assertTrue(targetColumns().containsKey("name"), "the column stays while one shard has it");
            exec(SHARDS.get(3), "ALTER TABLE %s DROP COLUMN name");
            cluster.await("the column dropped with the last shard", 90, () -> !targetColumns().containsKey("name"));
            Thread.sleep(500);
            writers.stop();
        }
        awaitSameRows("after the DDLs");
        assertEquals(new TreeMap<>(java.util.Map.of("id", "bigint", "a", "bigint", "c", "int")), targetColumns());
        assertEquals(new TreeSet<>(List.of("PRIMARY", "idx_a")), targetIndexes());
        System.out.printf("pessimistic: 31 shard DDLs of 2 sources under writes, target equal in %d ms%n",
                (System.nanoTime() - started0) / 1_000_000);
        // each DDL ran on the target once, by the lock's owner; the other source skipped it
        assertEquals(4, workerLogLines("applied DDL"), "DDLs run on the target");
        assertEquals(0, workerLogLines("DDL already applied"), "no DDL ran twice");
        assertEquals(4, workerLogLines("event=shard_ddl_skipped"), "the other source skipped each DDL");
        assertEquals("Running", subtask("mysql-01").path("stage").asText());
        assertEquals("Running", subtask("mysql-02").path("stage").asText());

        aWorkerKilledAroundTheLocksDecisionLosesAndDoublesNothing();
        aSourceThatNeverJoinsIsUnlockedByTheOperator();
    }

    /**
     * SIGKILL of a worker right after the DDL that completes a lock: first the worker of the
     * source that arrives last (it dies before, while or after it is told to skip), then the
     * owner's (before, while or after it runs the DDL). Restarted, each carries on from its
     * checkpoint; the lock resolves, nothing is lost or doubled.
     */
    private void aWorkerKilledAroundTheLocksDecisionLosesAndDoublesNothing() throws Exception {
        try (Writers writers = new Writers()) {
            for (int i : new int[] {4, 5, 6, 7, 0, 1, 2}) {
                exec(SHARDS.get(i), "ALTER TABLE %s ADD COLUMN f INT DEFAULT NULL");
            }
            awaitLock("mysql-02");
            exec(SHARDS.get(3), "ALTER TABLE %s ADD COLUMN f INT DEFAULT NULL");
            killAndRestartWorkerOf("mysql-01", "the last arrival");
            cluster.await("the column after the restart", 90, () -> targetColumns().containsKey("f"));
            cluster.await("the lock gone", 60, () -> locks().isEmpty());

            for (int i : new int[] {0, 1, 2, 3, 4, 5, 6}) {
                exec(SHARDS.get(i), "ALTER TABLE %s ADD INDEX idx_c (c)");
            }
            awaitLock("mysql-01");
            exec(SHARDS.get(7), "ALTER TABLE %s ADD INDEX idx_c (c)");
            killAndRestartWorkerOf("mysql-01", "the owner");
            cluster.await("the index after the owner's restart", 90, () -> targetIndexes().contains("idx_c"));
            cluster.await("the lock gone", 60, () -> locks().isEmpty());
            Thread.sleep(500);
            writers.stop();
        }
        awaitSameRows("after the worker kills");
        for (String source : List.of("mysql-01", "mysql-02")) {
            cluster.await(source + " running without errors", 60, () -> "Running".equals(subtask(source).path("stage").asText())
                    && subtask(source).path("result").path("errors").isEmpty());
        }
    }

    private static void killAndRestartWorkerOf(String source, String role) throws Exception {
        String name = cluster.workerOf(source);
        SluiceProcess w = cluster.workers.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 400));
        w.kill();
        System.out.printf("pessimistic: SIGKILL of %s (worker of %s, %s of the lock)%n", name, source, role);
        w.restart();
    }

    /** DM's first stuck state: a source never runs the DDL (removed, or its shards will not); unlock-ddl-lock lets the owner go on. */
    private void aSourceThatNeverJoinsIsUnlockedByTheOperator() throws Exception {
        for (int i = 0; i < 4; i++) {
            exec(SHARDS.get(i), "ALTER TABLE %s ADD COLUMN e INT DEFAULT NULL");
        }
        awaitLock("mysql-01");
        JsonNode unknown = cluster.ctlJson("unlock-ddl-lock", TASK + "-`merged`.`nope`");
        assertFalse(unknown.path("result").asBoolean(), unknown.toString());
        assertTrue(unknown.toString().contains("38019"), unknown.toString());
        assertEquals(1, locks().size(), "an unknown ID changes nothing");
        JsonNode unlocked = cluster.ctlJson("unlock-ddl-lock", LOCK_ID);
        assertTrue(unlocked.path("result").asBoolean(), unlocked.toString());
        cluster.await("the owner ran the DDL", 60, () -> targetColumns().containsKey("e"));
        cluster.await("no lock left", 60, () -> locks().isEmpty());
        long id = base(SHARDS.get(2)) + 999_000;
        exec(SHARDS.get(2), "INSERT INTO %s (id, a, e) VALUES (" + id + ", 5, 6)");
        cluster.await("mysql-01's held and new rows flow", 60, () -> count("SELECT COUNT(*) FROM merged.t WHERE e = 6 AND id = " + id) == 1);
        awaitSameRows("after the unlock");
    }

    // ---- helpers ----

    private static JsonNode subtask(String source) {
        for (JsonNode s : cluster.ctlJson("query-status", TASK).path("sources")) {
            if (source.equals(s.path("sourceStatus").path("source").asText())) {
                return s.path("subTaskStatus").path(0);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode locks() {
        JsonNode r = cluster.ctlJson("show-ddl-locks", TASK);
        assertTrue(r.path("result").asBoolean(), r.toString());
        return r.path("locks");
    }

    /** Waits until the task's lock has {@code synced} as its only synced source. */
    private static JsonNode awaitLock(String synced) throws Exception {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        cluster.await("the lock synced by " + synced, 90, () -> {
            JsonNode l = locks().path(0);
            seen.set(l);
            return LOCK_ID.equals(l.path("ID").asText()) && l.path("synced").toString().equals("[\"" + synced + "\"]");
        });
        return seen.get();
    }

    static String leaderMetrics() throws Exception {
        String url = "http://" + cluster.masterAddrs.get(cluster.leaderIndex()) + "/metrics";
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long workerLogLines(String marker) throws Exception {
        long n = 0;
        for (SluiceProcess w : cluster.workers) {
            try (var lines = Files.lines(w.log())) {
                n += lines.filter(l -> l.contains(marker) && l.contains("merged")).count();
            }
        }
        return n;
    }

    private static long base(String shard) {
        return (SHARDS.indexOf(shard) + 1) * 10_000_000L;
    }

    private static MariaDbServer server(String shard) {
        return shard.startsWith("1/") ? src1 : src2;
    }

    private static String table(String shard) {
        String[] p = shard.split("/");
        return p[1] + "." + p[2];
    }

    private static void exec(String shard, String sqlWithTable) throws SQLException {
        server(shard).execute(String.format(sqlWithTable, table(shard)));
    }

    private static String[] masterStatus(MariaDbServer s) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), Long.toString(rs.getLong(2))};
        }
    }

    private static TreeMap<String, String> targetColumns() throws SQLException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'merged' AND TABLE_NAME = 't'")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static TreeSet<String> targetIndexes() throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW INDEX FROM merged.t")) {
            while (rs.next()) {
                out.add(rs.getString("Key_name"));
            }
        }
        return out;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** id|a|c of every row: the target's against the union of the shards'. */
    private static void awaitSameRows(String when) throws Exception {
        cluster.await("target rows equal to the shards' " + when, 120, () -> targetRows().equals(sourceRows()));
    }

    private static List<String> sourceRows() throws SQLException {
        TreeSet<String> rows = new TreeSet<>();
        for (String shard : SHARDS) {
            boolean hasC = columnsOf(server(shard), table(shard)).contains("c");
            rows.addAll(rows(server(shard), "SELECT id, a, " + (hasC ? "c" : "7") + " FROM " + table(shard)));
        }
        return new ArrayList<>(rows);
    }

    private static List<String> targetRows() throws SQLException {
        boolean hasC = targetColumns().containsKey("c");
        return new ArrayList<>(new TreeSet<>(rows(dst, "SELECT id, a, " + (hasC ? "c" : "7") + " FROM merged.t")));
    }

    private static List<String> columnsOf(MariaDbServer s, String table) throws SQLException {
        String[] p = table.split("\\.");
        return rows(s, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + p[0] + "' AND TABLE_NAME = '" + p[1] + "'");
    }

    private static List<String> rows(MariaDbServer s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** One writer per source, inserting into and updating its four shards in turn, paced. */
    static final class Writers implements AutoCloseable {
        private static final java.util.concurrent.atomic.AtomicInteger ROUNDS = new java.util.concurrent.atomic.AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();

        Writers() {
            long offset = ROUNDS.incrementAndGet() * 1_000_000L; // each round of writers its own ids
            for (MariaDbServer s : List.of(src1, src2)) {
                Thread t = new Thread(() -> {
                    List<String> mine = SHARDS.stream().filter(sh -> server(sh) == s).toList();
                    try (Connection c = s.connect(); Statement st = c.createStatement()) {
                        for (int i = 1; running.get(); i++) {
                            String shard = mine.get(i % mine.size());
                            st.execute("INSERT INTO " + table(shard) + " (id, a) VALUES (" + (base(shard) + offset + i) + ", " + i + ")");
                            if (i % 3 == 0) {
                                st.execute("UPDATE " + table(shard) + " SET a = a + 1 WHERE id = " + base(shard));
                            }
                            Thread.sleep(ThreadLocalRandom.current().nextInt(5, 15));
                        }
                    } catch (Exception e) {
                        failure.set(e);
                    }
                }, "pessim-writer");
                t.start();
                threads.add(t);
            }
        }

        void stop() throws Exception {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
            assertNull(failure.get(), "a write failed: " + failure.get());
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}
