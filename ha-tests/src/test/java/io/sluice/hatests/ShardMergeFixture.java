package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;

/**
 * What the shard-mode tests share: 2 sources × 2 databases × 2 tables (shard_db_1/2 .t1/t2) routed
 * into merged.t, three masters and two workers, writers on every shard, and the comparisons of
 * the target with the merged shards. Each test class starts its own in its {@code @BeforeAll}.
 */
abstract class ShardMergeFixture {
    /** Shards as "sourceIndex/db/table", each with its own id range. */
    static final List<String> SHARDS = List.of("1/shard_db_1/t1", "1/shard_db_1/t2", "1/shard_db_2/t1", "1/shard_db_2/t2",
            "2/shard_db_1/t1", "2/shard_db_1/t2", "2/shard_db_2/t1", "2/shard_db_2/t2");
    static final String TABLE = "(id BIGINT NOT NULL PRIMARY KEY, a INT DEFAULT NULL, name VARCHAR(20) DEFAULT NULL)";
    static MariaDbServer src1;
    static MariaDbServer src2;
    static MariaDbServer dst;
    static Cluster cluster;
    private static String task;

    /** Starts the servers, the shards, the target table, the cluster and both sources, for {@code taskName}. */
    static void startShardMerge(String name, String taskName) throws Exception {
        task = taskName;
        src1 = MariaDbServer.start(name + "-src1");
        src2 = MariaDbServer.start(name + "-src2");
        dst = MariaDbServer.start(name + "-dst");
        for (MariaDbServer s : List.of(src1, src2)) {
            for (String db : List.of("shard_db_1", "shard_db_2")) {
                s.execute("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t1 " + TABLE, "CREATE TABLE " + db + ".t2 " + TABLE);
            }
        }
        dst.execute("CREATE DATABASE merged", "CREATE TABLE merged.t " + TABLE);
        cluster = Cluster.start(name, 3, 2);
        for (int i = 1; i <= 2; i++) {
            JsonNode created = cluster.ctlJson("operate-source", "create",
                    cluster.writeFile("source" + i + ".yaml", SampleData.sourceYaml("mysql-0" + i, i == 1 ? src1 : src2)).toString());
            assertTrue(created.path("result").asBoolean(), created.toString());
        }
    }

    @AfterAll
    static void stopShardMerge() {
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

    /** The task, incremental from both sources' current positions. */
    static String taskYaml(String shardMode) throws SQLException {
        StringBuilder y = new StringBuilder("name: " + task + "\ntask-mode: incremental\nshard-mode: " + shardMode + "\n"
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

    /** Starts the task, waits for both subtasks to sync, and one row per shard to reach the target. */
    static void startTaskWithFirstRows(String shardMode) throws Exception {
        Cluster.CtlResult started = cluster.ctl("start-task", cluster.writeFile(task + ".yaml", taskYaml(shardMode)).toString());
        assertEquals(0, started.exitCode(), started.toString());
        cluster.await("both subtasks syncing", 90, () -> subtask("mysql-01").path("unit").asText().equals("Sync")
                && subtask("mysql-02").path("unit").asText().equals("Sync"));
        for (String shard : SHARDS) {
            exec(shard, "INSERT INTO %s (id, a, name) VALUES (" + base(shard) + ", 1, 'first')");
        }
        awaitSameRows("the first rows");
    }

    static JsonNode subtask(String source) {
        for (JsonNode s : cluster.ctlJson("query-status", task).path("sources")) {
            if (source.equals(s.path("sourceStatus").path("source").asText())) {
                return s.path("subTaskStatus").path(0);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static long base(String shard) {
        return (SHARDS.indexOf(shard) + 1) * 10_000_000L;
    }

    static MariaDbServer server(String shard) {
        return shard.startsWith("1/") ? src1 : src2;
    }

    static String table(String shard) {
        String[] p = shard.split("/");
        return p[1] + "." + p[2];
    }

    static void exec(String shard, String sqlWithTable) throws SQLException {
        server(shard).execute(String.format(sqlWithTable, table(shard)));
    }

    static String[] masterStatus(MariaDbServer s) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), Long.toString(rs.getLong(2))};
        }
    }

    static TreeMap<String, String> targetColumns() throws SQLException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'merged' AND TABLE_NAME = 't'")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    static TreeSet<String> targetIndexes() throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW INDEX FROM merged.t")) {
            while (rs.next()) {
                out.add(rs.getString("Key_name"));
            }
        }
        return out;
    }

    static long count(String sql) throws SQLException {
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** id|a|c of every row: the target's against the union of the shards'. */
    static void awaitSameRows(String when) throws Exception {
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

    static List<String> rows(MariaDbServer s, String sql) throws SQLException {
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

    /** One writer per source, inserting into and updating its four shards in turn, paced; each set of writers its own ids. */
    static final class Writers implements AutoCloseable {
        private static final AtomicInteger ROUNDS = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();

        Writers() {
            long offset = ROUNDS.incrementAndGet() * 1_000_000L;
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
                }, "shard-writer");
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
