package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.MariaDbServer;
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
 * shard-mode optimistic across real processes: 2 sources × 2 databases × 2 tables merged into
 * merged.t by three masters and two workers, under writes to every shard. The DDLs go shard by
 * shard in different orders; the target follows the joined schema (a column on first arrival,
 * an index when the last shard has it, a widened type at once, a dropped column with the last
 * shard), the leader is SIGKILLed between two shards' drops, and conflicting changes pause
 * their subtask with DM's codes while the target stays as it was.
 */
class OptimisticShardDdlTest {
    static final String TASK = "optim";
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
        src1 = MariaDbServer.start("optim-src1");
        src2 = MariaDbServer.start("optim-src2");
        dst = MariaDbServer.start("optim-dst");
        for (MariaDbServer s : List.of(src1, src2)) {
            for (String db : List.of("shard_db_1", "shard_db_2")) {
                s.execute("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t1 " + TABLE, "CREATE TABLE " + db + ".t2 " + TABLE);
            }
        }
        dst.execute("CREATE DATABASE merged", "CREATE TABLE merged.t " + TABLE);
        cluster = Cluster.start("optim", 3, 2);
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
        StringBuilder y = new StringBuilder("name: " + TASK + "\ntask-mode: incremental\nshard-mode: optimistic\n"
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
    void shardsChangeOneByOneAndTheTargetFollowsTheirJoin() throws Exception {
        Cluster.CtlResult started = cluster.ctl("start-task", cluster.writeFile("optim.yaml", taskYaml()).toString());
        assertEquals(0, started.exitCode(), started.toString());
        cluster.await("both subtasks syncing", 90, () -> subtask("mysql-01").path("unit").asText().equals("Sync")
                && subtask("mysql-02").path("unit").asText().equals("Sync"));
        for (String shard : SHARDS) {
            exec(shard, "INSERT INTO %s (id, a, name) VALUES (" + base(shard) + ", 1, 'first')");
        }
        awaitSameRows("the first rows");

        long started0 = System.nanoTime();
        try (Writers writers = new Writers()) {
            // ADD COLUMN: the target gets it with the first shard, the later shards change nothing there
            List<String> order = List.of(SHARDS.get(5), SHARDS.get(0), SHARDS.get(3), SHARDS.get(6), SHARDS.get(1), SHARDS.get(4),
                    SHARDS.get(2), SHARDS.get(7));
            exec(order.get(0), "ALTER TABLE %s ADD COLUMN c INT DEFAULT 7");
            cluster.await("the column on its first arrival", 60, () -> targetColumns().containsKey("c"));
            for (String shard : order.subList(1, order.size())) {
                exec(shard, "ALTER TABLE %s ADD COLUMN c INT DEFAULT 7");
                Thread.sleep(150);
            }
            // ADD INDEX: only once every shard has it
            order = List.of(SHARDS.get(7), SHARDS.get(2), SHARDS.get(4), SHARDS.get(1), SHARDS.get(6), SHARDS.get(3), SHARDS.get(0));
            for (String shard : order) {
                exec(shard, "ALTER TABLE %s ADD INDEX idx_a (a)");
                Thread.sleep(150);
            }
            awaitLoggedDdl(order.get(order.size() - 1));
            assertFalse(targetIndexes().contains("idx_a"), "no index while a shard lacks it");
            exec(SHARDS.get(5), "ALTER TABLE %s ADD INDEX idx_a (a)");
            cluster.await("the index once every shard has it", 60, () -> targetIndexes().contains("idx_a"));
            // MODIFY COLUMN widening: at once
            exec(SHARDS.get(4), "ALTER TABLE %s MODIFY COLUMN a BIGINT DEFAULT NULL");
            cluster.await("the wider type on its first arrival", 60, () -> "bigint".equals(targetColumns().get("a")));
            for (String shard : List.of(SHARDS.get(0), SHARDS.get(7), SHARDS.get(3), SHARDS.get(1), SHARDS.get(6), SHARDS.get(2), SHARDS.get(5))) {
                exec(shard, "ALTER TABLE %s MODIFY COLUMN a BIGINT DEFAULT NULL");
            }
            // SIGKILL of mysql-02's worker right after its shards' MODIFY reached the leader (or before):
            // restarted, it reports again from its checkpoint and nothing runs twice or is lost
            String name = cluster.workerOf("mysql-02");
            SluiceProcess w = cluster.workers.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 400));
            w.kill();
            System.out.printf("optimistic: SIGKILL of %s (worker of mysql-02) right after its MODIFY COLUMN%n", name);
            w.restart();
            // DROP COLUMN: only with the last shard, even across a leader's death
            order = List.of(SHARDS.get(2), SHARDS.get(6), SHARDS.get(0), SHARDS.get(5), SHARDS.get(3), SHARDS.get(7), SHARDS.get(1));
            for (int i = 0; i < order.size(); i++) {
                exec(order.get(i), "ALTER TABLE %s DROP COLUMN name");
                if (i == 2) {
                    awaitLoggedDdl(order.get(i));
                    int leader = cluster.leaderIndex();
                    cluster.masters.get(leader).kill();
                    System.out.printf("optimistic: SIGKILL of leader m%d after 3 of 8 shards dropped the column%n", leader + 1);
                }
                Thread.sleep(150);
            }
            awaitLoggedDdl(order.get(order.size() - 1));
            assertTrue(targetColumns().containsKey("name"), "the column stays while one shard has it");
            exec(SHARDS.get(4), "ALTER TABLE %s DROP COLUMN name");
            cluster.await("the column dropped with the last shard", 90, () -> !targetColumns().containsKey("name"));
            Thread.sleep(500);
            writers.stop();
        }
        awaitSameRows("after the DDLs");
        assertEquals(new TreeMap<>(java.util.Map.of("id", "bigint", "a", "bigint", "c", "int")), targetColumns());
        assertEquals(new TreeSet<>(List.of("PRIMARY", "idx_a")), targetIndexes());
        System.out.printf("optimistic: 32 shard DDLs under writes, target joined and equal in %d ms%n", (System.nanoTime() - started0) / 1_000_000);
        assertEquals("Running", subtask("mysql-01").path("stage").asText());
        assertEquals("Running", subtask("mysql-02").path("stage").asText());

        conflictsPauseTheirSubtaskAndLeaveTheTargetAlone();
    }

    private void conflictsPauseTheirSubtaskAndLeaveTheTargetAlone() throws Exception {
        // the same column with another default: mysql-02's subtask pauses, the target keeps mysql-01's
        exec(SHARDS.get(0), "ALTER TABLE %s ADD COLUMN d INT DEFAULT 0");
        cluster.await("d on its first arrival", 60, () -> targetColumns().containsKey("d"));
        String targetBefore = showCreate();
        exec(SHARDS.get(4), "ALTER TABLE %s ADD COLUMN d INT DEFAULT -1");
        JsonNode paused = awaitError("mysql-02");
        String msg = paused.toString();
        assertEquals(36062, paused.path("result").path("errors").path(0).path("ErrCode").asInt(), msg);
        assertTrue(msg.contains("code=11111") && msg.contains("different defaults"), msg);
        assertEquals(targetBefore, showCreate());
        String url = "http://" + cluster.masterAddrs.get(cluster.leaderIndex()) + "/metrics";
        String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(scrape.contains("dm_master_shard_ddl_error{task=\"optim\",type=\"InfoPut - HandleLockError\",} "), scrape);
        // handle-error replace with the compatible definition gets it going again
        JsonNode replace = cluster.ctlJson("handle-error", TASK, "-s", "mysql-02", "replace",
                "ALTER TABLE shard_db_1.t1 ADD COLUMN d INT DEFAULT 0;");
        assertTrue(replace.path("result").asBoolean(), replace.toString());
        cluster.await("mysql-02 running again", 60, () -> "Running".equals(subtask("mysql-02").path("stage").asText())
                && subtask("mysql-02").path("result").path("errors").isEmpty());

        // an unsupported DDL (renaming a column): refused with its reason, nothing runs downstream
        exec(SHARDS.get(1), "ALTER TABLE %s RENAME COLUMN a TO b");
        paused = awaitError("mysql-01");
        msg = paused.toString();
        assertEquals(36062, paused.path("result").path("errors").path(0).path("ErrCode").asInt(), msg);
        assertTrue(msg.contains("code=11111") && msg.contains("RENAME COLUMN"), msg);
        assertEquals(targetBefore, showCreate());
        JsonNode skip = cluster.ctlJson("handle-error", TASK, "-s", "mysql-01", "skip");
        assertTrue(skip.path("result").asBoolean(), skip.toString());
        cluster.await("mysql-01 running again", 60, () -> "Running".equals(subtask("mysql-01").path("stage").asText())
                && subtask("mysql-01").path("result").path("errors").isEmpty());
        exec(SHARDS.get(3), "INSERT INTO %s (id, a) VALUES (" + (base(SHARDS.get(3)) + 999_000) + ", 5)");
        cluster.await("rows flow after the skip", 60, () -> count("SELECT COUNT(*) FROM merged.t WHERE id = "
                + (base(SHARDS.get(3)) + 999_000)) == 1);

        // the skipped rename left that shard's tracked schema behind its upstream: operate-schema set
        // --sync sets it and joins it, so the target gets the renamed column (and loses idx_a, which
        // no longer covers the same column on every shard)
        assertEquals(0, cluster.ctl("pause-task", TASK).exitCode());
        cluster.await("mysql-01 paused", 60, () -> "Paused".equals(subtask("mysql-01").path("stage").asText()));
        String upstream = rows(src1, "SHOW CREATE TABLE shard_db_1.t2").get(0).split("\\|", 2)[1];
        JsonNode set = cluster.ctlJson("operate-schema", "set", "-s", "mysql-01", TASK, "-d", "shard_db_1", "-t", "t2",
                cluster.writeFile("t2.sql", upstream).toString(), "--sync");
        assertTrue(set.path("result").asBoolean() && set.path("sources").path(0).path("result").asBoolean(), set.toString());
        assertTrue(targetColumns().containsKey("b"), "the set schema's column on the target: " + targetColumns());
        assertFalse(targetIndexes().contains("idx_a"), targetIndexes().toString());
        assertEquals(0, cluster.ctl("resume-task", TASK).exitCode());
        exec(SHARDS.get(1), "INSERT INTO %s (id, b) VALUES (" + (base(SHARDS.get(1)) + 999_000) + ", 42)");
        cluster.await("the renamed column's rows on the target", 60, () -> count("SELECT COUNT(*) FROM merged.t WHERE b = 42 AND id = "
                + (base(SHARDS.get(1)) + 999_000)) == 1);
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

    private static JsonNode awaitError(String source) throws Exception {
        cluster.await(source + " paused on the conflict", 90, () -> subtask(source).path("result").path("errors").size() > 0);
        return subtask(source);
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

    /** Waits until the leader has decided on the shard's last DDL (its worker logged it). */
    private static void awaitLoggedDdl(String shard) throws Exception {
        String binlogOf = server(shard) == src1 ? "mysql-01" : "mysql-02";
        String[] pos = masterStatus(server(shard));
        cluster.await("the sync of " + binlogOf + " past " + pos[0] + ":" + pos[1], 90, () -> {
            String at = subtask(binlogOf).path("sync").path("syncerBinlog").asText();
            String prefix = "(" + pos[0] + ", ";
            return at.startsWith(prefix) && Long.parseLong(at.substring(prefix.length(), at.length() - 1)) >= Long.parseLong(pos[1]);
        });
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

    private static String showCreate() throws SQLException {
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE merged.t")) {
            rs.next();
            return rs.getString(2);
        }
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
            rows.addAll(rows(server(shard), "SELECT id, a, " + (hasC ? "c" : "NULL") + " FROM " + table(shard)));
        }
        return new ArrayList<>(rows);
    }

    private static List<String> targetRows() throws SQLException {
        boolean hasC = targetColumns().containsKey("c");
        return new ArrayList<>(new TreeSet<>(rows(dst, "SELECT id, a, " + (hasC ? "c" : "NULL") + " FROM merged.t")));
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
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();

        Writers() {
            for (MariaDbServer s : List.of(src1, src2)) {
                Thread t = new Thread(() -> {
                    List<String> mine = SHARDS.stream().filter(sh -> server(sh) == s).toList();
                    try (Connection c = s.connect(); Statement st = c.createStatement()) {
                        for (int i = 1; running.get(); i++) {
                            String shard = mine.get(i % mine.size());
                            st.execute("INSERT INTO " + table(shard) + " (id, a) VALUES (" + (base(shard) + i) + ", " + i + ")");
                            if (i % 3 == 0) {
                                st.execute("UPDATE " + table(shard) + " SET a = a + 1 WHERE id = " + base(shard));
                            }
                            Thread.sleep(ThreadLocalRandom.current().nextInt(5, 15));
                        }
                    } catch (Exception e) {
                        failure.set(e);
                    }
                }, "optim-writer");
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
