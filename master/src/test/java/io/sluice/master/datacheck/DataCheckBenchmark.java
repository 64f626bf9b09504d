package io.sluice.master.datacheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proto.CheckDataRequest;
import io.sluice.proto.CheckDataResponse;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.TaskEntry;
import io.sluice.testkit.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * How fast check-data compares (not part of CI): one MariaDB holds a table of {@code bench.rows}
 * rows and a routed copy of it, so the check reads both sides from one server. Prints the time
 * of an equal check, of a check with one changed row (with its re-check wait), and of a plain
 * full scan of both sides for scale, into master/target/bench-checkdata.txt.
 * Run: scripts/bench-checkdata.sh.
 */
class DataCheckBenchmark {
    @Test
    void checkTime() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sluice.bench"), "benchmark: run with -Dsluice.bench=true");
        long rows = Long.getLong("bench.rows", 500_000);
        long chunk = Long.getLong("bench.chunk", 10_000);
        try (MariaDbServer db = MariaDbServer.start("checkdata-bench")) {
            db.execute("SET SESSION max_recursive_iterations = 4294967295", "CREATE DATABASE b", "CREATE DATABASE bcopy",
                    "CREATE TABLE b.t (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, amount DECIMAL(10,2), created DATETIME, note VARCHAR(40))",
                    "INSERT INTO b.t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + rows + ")"
                            + " SELECT n, CONCAT('name-', n), (n % 1000) / 7, '2024-01-01' + INTERVAL n SECOND, IF(n % 5 = 0, NULL, 'n') FROM s",
                    "CREATE TABLE bcopy.t LIKE b.t", "INSERT INTO bcopy.t SELECT * FROM b.t");
            String login = "{host: 127.0.0.1, port: " + db.port() + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}";
            String task = "name: bench\ntask-mode: all\ntarget-database: " + login + "\n"
                    + "mysql-instances:\n  - {source-id: s1, block-allow-list: ba, route-rules: [copy]}\n"
                    + "block-allow-list:\n  ba: {do-dbs: [b]}\n"
                    + "routes:\n  copy: {schema-pattern: b, target-schema: bcopy}\n";
            String source = "source-id: s1\nfrom: " + login + "\n";
            ClusterState state = ClusterState.newBuilder()
                    .putTasks("bench", TaskEntry.newBuilder().setName("bench").setConfig(task).build())
                    .putSources("s1", SourceEntry.newBuilder().setSourceId("s1").setConfig(source).setEnabled(true).build()).build();
            CheckDataRequest req = CheckDataRequest.newBuilder().setTask("bench").setChunkSize(chunk).build();

            long t0 = System.nanoTime();
            CheckDataResponse equal = DataCheck.of(req, state, Duration.ofSeconds(2)).run();
            long equalMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(equal.getResult(), equal.toString());

            db.execute("UPDATE bcopy.t SET note = 'changed' WHERE id = " + rows / 2);
            t0 = System.nanoTime();
            CheckDataResponse differs = DataCheck.of(req, state, Duration.ofSeconds(2)).run();
            long differsMs = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(differs.getResult());
            assertEquals(1, differs.getTables(0).getDifferingChunks(), differs.toString());

            t0 = System.nanoTime();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String t : new String[] {"b.t", "bcopy.t"}) {
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(LENGTH(name)) FROM " + t)) {
                        rs.next();
                    }
                }
            }
            long scanMs = (System.nanoTime() - t0) / 1_000_000;
            java.util.List<String> cols = java.util.List.of("id", "name", "amount", "created", "note");
            String hash = ChunkChecksum.rowHash(cols);
            StringBuilder variants = new StringBuilder();
            for (String[] v : new String[][] {
                    {"count+xor+sum, derived table", "SELECT COUNT(*), BIT_XOR(h), SUM(h) FROM (SELECT " + hash + " AS h FROM b.t) x"},
                    {"count+xor+sum (keyless tables)", "SELECT COUNT(*), BIT_XOR(" + hash + "), SUM(" + hash + ") FROM b.t"},
                    {"count+xor (keyed tables)", "SELECT COUNT(*), BIT_XOR(" + hash + ") FROM b.t"}}) {
                long v0 = System.nanoTime();
                try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(v[1])) {
                    rs.next();
                }
                variants.append(String.format("  one side, %-36s %d ms%n", v[0] + ":", (System.nanoTime() - v0) / 1_000_000));
            }
            String report = String.format("check-data benchmark: %d rows, chunk-size %d, %d chunks%n"
                    + "  equal check:            %d ms (%.0f rows/s per side)%n"
                    + "  one row differs:        %d ms (includes the 2 s re-check wait)%n"
                    + "  plain scan, both sides: %d ms%n", rows, chunk, equal.getTables(0).getChunks(), equalMs,
                    rows * 1000.0 / Math.max(1, equalMs), differsMs, scanMs) + variants;
            System.out.print(report);
            Files.writeString(Path.of("target", "bench-checkdata.txt"), report);
        }
    }
}
