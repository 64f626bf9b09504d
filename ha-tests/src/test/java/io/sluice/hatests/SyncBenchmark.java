package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.MariaDbServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The sync benchmark (not part of the test run). sysbench writes two binlog ranges on the
 * source, {@code oltp_insert} and then {@code oltp_write_only}, each between a start and an end
 * marker row. Each range is then replayed, after it was written, by
 * <ul>
 * <li>MariaDB's own parallel replication: a replica with {@code slave_parallel_threads} =
 *     Sluice's worker-count and {@code slave_parallel_mode=optimistic}, started at the range;
 * <li>Sluice (real master and worker processes), an incremental task from the range's start
 *     position into a target reloaded with the source's rows as they were at that position,
 *     once with {@code compact} and {@code multiple-rows} off and once with both on.
 * </ul>
 * Apply time is from the start marker to the end marker becoming visible on the target (polled
 * every few milliseconds, the same way for both), so start-up costs of either side do not
 * count; rows are the source's row writes (Handler_write, _update, _delete) over the range. Every replay must leave the
 * target equal to the source. Then Sluice's lag at a steady load of half its measured
 * {@code oltp_write_only} capacity ({@code sysbench --rate} with enough threads to keep that
 * pace; the achieved rate is printed next to the requested one): a probe writes a micro-second
 * timestamp row upstream every 50 ms and a poller on the target records, for each probe row,
 * when it first appears minus its timestamp. Every figure carries the load average it was
 * measured under.
 *
 * <p>Run with {@code scripts/bench-sync.sh}; sizes come from -Dbench.tables, -Dbench.rows,
 * -Dbench.threads, -Dbench.seconds, -Dbench.workers, -Dbench.batch, -Dbench.lagSeconds, -Dbench.flushInterval,
 * -Dbench.lagThreads, and -Dbench.workerJvm (extra JVM options of the worker, e.g. {@code -XX:StartFlightRecording=...}).
 */
class SyncBenchmark {
    private static final String DB = "sbtest";
    private static final String TASK_SOURCE = "mysql-01";
    private static final String[] SERVER_OPTIONS = {"--innodb-buffer-pool-size=512M", "--innodb-log-file-size=256M"};
    private static final Pattern TRANSACTIONS = Pattern.compile("transactions:\\s+(\\d+)");

    private int tables;
    private int rows;
    private int threads;
    private int seconds;
    private int workers;
    private int batch;
    /** sysbench threads of the lag phase: {@code --rate} only paces, each thread runs one transaction at a time. */
    private int lagThreads;
    private Path work;

    @Test
    void syncAgainstNativeParallelReplication() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sluice.bench"), "benchmark: run with -Dsluice.bench=true");
        tables = Integer.getInteger("bench.tables", 4);
        rows = Integer.getInteger("bench.rows", 10_000);
        threads = Integer.getInteger("bench.threads", 4);
        seconds = Integer.getInteger("bench.seconds", 20);
        workers = Integer.getInteger("bench.workers", 16);
        batch = Integer.getInteger("bench.batch", 100);
        int lagSeconds = Integer.getInteger("bench.lagSeconds", 30);
        lagThreads = Integer.getInteger("bench.lagThreads", 32);
        flushInterval = Integer.getInteger("bench.flushInterval", 30);
        work = Files.createDirectories(Path.of("target", "bench-sync-" + System.currentTimeMillis()).toAbsolutePath());
        try (MariaDbServer src = MariaDbServer.start(work, "src", SERVER_OPTIONS);
                MariaDbServer dst = MariaDbServer.start(work, "dst", SERVER_OPTIONS);
                MariaDbServer replica = MariaDbServer.start(work, "replica", SERVER_OPTIONS);
                Cluster cluster = Cluster.start("syncbench", 1, 0)) {
            dstPort = dst.port();
            // the worker runs with the JVM's default options, not the tests' quick-starting C1-only ones
            // -Dbench.workerJvm adds options, e.g. a flight recording of the worker for profiling
            String workerJvm = System.getProperty("bench.workerJvm", "").trim();
            cluster.addWorker("syncbench-w1", workerJvm.isEmpty() ? List.of() : List.of(workerJvm.split("\\s+")));
            cluster.await("the worker registered", 60, () -> cluster.ctlJson("list-member", "--worker")
                    .path("members").path(0).path("worker").path("workers").size() == 1);
            Pos p0 = position(src);
            src.execute("CREATE DATABASE " + DB,
                    "CREATE TABLE " + DB + ".bench_marker (id INT PRIMARY KEY, at BIGINT)",
                    "CREATE TABLE " + DB + ".bench_heartbeat (id BIGINT AUTO_INCREMENT PRIMARY KEY, ts BIGINT NOT NULL)");
            sysbench(src, "oltp_insert", "prepare", work.resolve("prepare.log"));
            Pos p1 = position(src);
            // the replica starts at the very beginning and stops where the first range starts (untimed)
            startReplica(replica, src, p0);
            runReplicaUntil(replica, p1);
            awaitReached(replica, p1);
            assertTrue(cluster.ctlJson("operate-source", "create",
                    cluster.writeFile("source.yaml", sourceYaml(src)).toString()).path("result").asBoolean());

            List<Range> ranges = new ArrayList<>();
            Pos start = p1;
            for (String workload : List.of("oltp_insert", "oltp_write_only")) {
                int phase = ranges.size() + 1;
                Path snapshot = snapshot(src, "snapshot-" + phase);
                long rowsBefore = innodbRowChanges(src);
                src.execute("INSERT INTO " + DB + ".bench_marker VALUES (" + (phase * 10 + 1) + ", 0)");
                long txns = sysbench(src, workload, "run", work.resolve(workload + ".log"));
                src.execute("INSERT INTO " + DB + ".bench_marker VALUES (" + (phase * 10 + 2) + ", 0)");
                Pos end = position(src);
                long changed = innodbRowChanges(src) - rowsBefore;
                Map<String, String> expected = TableChecksum.of(src, List.of(DB));

                ProcessCpu nativeCpu = new ProcessCpu(replica.pid(), src.pid());
                runReplicaUntil(replica, end);
                double nativeSecs = markerWindow(replica, phase);
                awaitEqual(replica, expected, "native replica, " + workload);
                awaitReached(replica, end);
                nativeCpu.stop();

                long workerPid = cluster.workers.get(0).pid();
                ProcessCpu offCpu = new ProcessCpu(workerPid, dst.pid(), src.pid());
                Map<String, Long> offStatements = new java.util.HashMap<>();
                double off = sluiceReplay(cluster, dst, phase, "off", false, start, snapshot, expected, offStatements);
                offCpu.stop();
                ProcessCpu onCpu = new ProcessCpu(workerPid, dst.pid(), src.pid());
                Map<String, Long> onStatements = new java.util.HashMap<>();
                double on = sluiceReplay(cluster, dst, phase, "on", true, start, snapshot, expected, onStatements);
                onCpu.stop();
                ranges.add(new Range(workload, changed, txns, nativeSecs, off, on, loadAverage(), nativeCpu, offCpu, onCpu,
                        offStatements, onStatements));
                start = end;
            }

            // lag at half of the measured oltp_write_only capacity, compact and multiple-rows on
            Range wo = ranges.get(1);
            double rowsPerTxn = (double) wo.rows / Math.max(1, wo.txns);
            int rate = (int) Math.max(1, Math.round(wo.rows / wo.sluiceOn / 2 / rowsPerTxn));
            Lag lag = lagAtRate(cluster, src, dst, rate, lagSeconds);
            report(ranges, rate, rowsPerTxn, lag);
        } finally {
            deleteDataDirs(work);
        }
    }

    /** The three servers' data (GBs at the default sizes) and the snapshots go once the servers stopped; logs stay. */
    private static void deleteDataDirs(Path work) throws IOException {
        try (var dirs = Files.walk(work, 2)) {
            for (Path data : dirs.filter(p -> Files.isDirectory(p) && (p.getFileName().toString().equals("data")
                    || p.getFileName().toString().startsWith("snapshot-"))).toList()) {
                try (var all = Files.walk(data)) {
                    for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    // --- Sluice ----------------------------------------------------------------------------

    /** {@code statements} receives the target's statement counters (Com_*) that grew during the replay. */
    private double sluiceReplay(Cluster cluster, MariaDbServer dst, int phase, String label, boolean merging, Pos start,
            Path snapshot, Map<String, String> expected, Map<String, Long> statements) throws Exception {
        reload(dst, snapshot);
        String name = "bench" + phase + label;
        Map<String, Long> before = statementCounters(dst);
        startTask(cluster, name, start, merging);
        double secs = markerWindow(dst, phase);
        awaitEqual(dst, expected, "sluice " + name);
        statementCounters(dst).forEach((k, v) -> {
            long grown = v - before.getOrDefault(k, 0L);
            if (grown > 0) {
                statements.put(k, grown);
            }
        });
        assertEquals(0, cluster.ctl("stop-task", name).exitCode(), "stop-task " + name);
        return secs;
    }

    private void startTask(Cluster cluster, String name, Pos start, boolean merging) throws Exception {
        Path task = cluster.writeFile(name + ".yaml", taskYaml(name, start, merging));
        var r = cluster.ctlJson("start-task", task.toString());
        assertTrue(r.path("result").asBoolean(), r.toString());
    }

    private String taskYaml(String name, Pos start, boolean merging) {
        return "name: " + name + "\n"
                + "task-mode: incremental\n"
                + "target-database: {host: 127.0.0.1, port: %d, user: root, password: %s}\n".formatted(dstPort, MariaDbServer.ROOT_PASSWORD)
                + "mysql-instances:\n"
                + "  - source-id: " + TASK_SOURCE + "\n"
                + "    block-allow-list: ba\n"
                + "    syncer-config-name: sync\n"
                + "    meta: {binlog-name: " + start.file + ", binlog-pos: " + start.pos + "}\n"
                + "block-allow-list:\n  ba:\n    do-dbs: [\"" + DB + "\"]\n"
                + "syncers:\n  sync:\n"
                + "    worker-count: " + workers + "\n"
                + "    batch: " + batch + "\n"
                + "    compact: " + merging + "\n"
                + "    multiple-rows: " + merging + "\n"
                // the checkpoint commits with the rows, so a restart replays nothing twice: the
                // replay window's safe mode (REPLACE, DELETE+REPLACE) is not needed here
                + "    safe-mode-duration: 0s\n"
                + "    checkpoint-flush-interval: " + flushInterval + "\n";
    }

    private int dstPort;
    /** Seconds between global checkpoints (DM's default 30). */
    private int flushInterval;

    private static String sourceYaml(MariaDbServer src) {
        return "source-id: " + TASK_SOURCE + "\n"
                + "enable-gtid: false\n"
                + "from: {host: 127.0.0.1, port: " + src.port() + ", user: root, password: " + MariaDbServer.ROOT_PASSWORD + "}\n";
    }

    private Lag lagAtRate(Cluster cluster, MariaDbServer src, MariaDbServer dst, int rate, int lagSeconds) throws Exception {
        Pos start = position(src);
        startTask(cluster, "benchlag", start, true);
        cluster.await("the lag task syncing", 120, () -> "Sync".equals(cluster.subtask("benchlag").path("unit").asText()));
        List<Long> lagsMicros = Collections.synchronizedList(new ArrayList<>());
        long[] seen = {maxHeartbeat(dst)};
        ProbeState running = new ProbeState();
        Thread probe = new Thread(() -> {
            try (Connection c = src.connect(); Statement st = c.createStatement()) {
                while (running.on) {
                    st.execute("INSERT INTO " + DB + ".bench_heartbeat (ts) VALUES (" + nowMicros() + ")");
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                running.error = e;
            }
        }, "lag-probe");
        Thread poller = new Thread(() -> {
            try (Connection c = dst.connect(); Statement st = c.createStatement()) {
                while (running.on) {
                    try (ResultSet rs = st.executeQuery("SELECT id, ts FROM " + DB + ".bench_heartbeat WHERE id > " + seen[0] + " ORDER BY id")) {
                        long now = nowMicros();
                        while (rs.next()) {
                            seen[0] = rs.getLong(1);
                            long lag = now - rs.getLong(2);
                            if (lag > 1_000_000) {
                                System.out.printf("lag probe %d seen %.1f ms after it was written%n", seen[0], lag / 1000.0);
                            }
                            lagsMicros.add(lag);
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                running.error = e;
            }
        }, "lag-poller");
        probe.start();
        poller.start();
        long txns;
        try {
            txns = sysbench(src, "oltp_write_only", "run", work.resolve("lag.log"), "--rate=" + rate, "--time=" + lagSeconds,
                    "--threads=" + lagThreads);
            Thread.sleep(2_000); // the last probes
        } finally {
            running.on = false;
            probe.join();
            poller.join();
        }
        if (running.error != null) {
            throw running.error;
        }
        awaitEqual(dst, TableChecksum.of(src, List.of(DB)), "sluice under steady load");
        assertEquals(0, cluster.ctl("stop-task", "benchlag").exitCode());
        List<Long> sorted = new ArrayList<>(lagsMicros);
        Collections.sort(sorted);
        assertTrue(sorted.size() > 10, "lag probes seen downstream: " + sorted.size());
        return new Lag(sorted.size(), pct(sorted, 50), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1000.0, txns / (double) lagSeconds,
                loadAverage());
    }

    /** Tells the probe and poller threads to stop, and carries what either failed with. */
    private static final class ProbeState {
        volatile boolean on = true;
        volatile Exception error;
    }

    private static double pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static long maxHeartbeat(MariaDbServer s) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + DB + ".bench_heartbeat")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // --- native replication --------------------------------------------------------------

    private void startReplica(MariaDbServer replica, MariaDbServer src, Pos from) throws SQLException {
        replica.execute("SET GLOBAL slave_parallel_threads = " + workers, "SET GLOBAL slave_parallel_mode = 'optimistic'",
                "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + src.port() + ", MASTER_USER = 'root',"
                        + " MASTER_PASSWORD = '" + MariaDbServer.ROOT_PASSWORD + "', MASTER_LOG_FILE = '" + from.file
                        + "', MASTER_LOG_POS = " + from.pos + ", MASTER_USE_GTID = no");
    }

    private static void runReplicaUntil(MariaDbServer replica, Pos until) {
        replica.execute("START SLAVE UNTIL MASTER_LOG_FILE = '" + until.file + "', MASTER_LOG_POS = " + until.pos);
    }

    /**
     * Waits for the SQL thread to have executed up to {@code until}, then stops replication: the
     * UNTIL clause keeps it from running past, but it stops only when a later event arrives.
     */
    private static void awaitReached(MariaDbServer replica, Pos until) throws Exception {
        long deadline = System.currentTimeMillis() + 3_600_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = replica.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
                assertTrue(rs.next(), "replica configured");
                String error = rs.getString("Last_SQL_Error");
                assertTrue(error == null || error.isEmpty(), "replica error: " + error);
                Pos at = new Pos(rs.getString("Relay_Master_Log_File"), rs.getLong("Exec_Master_Log_Pos"));
                if (at.file.compareTo(until.file) > 0 || (at.file.equals(until.file) && at.pos >= until.pos)) {
                    replica.execute("STOP SLAVE");
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("replica did not reach " + until);
    }

    // --- shared ------------------------------------------------------------------------

    /** Seconds from the range's start marker to its end marker being visible on {@code target}. */
    private static double markerWindow(MariaDbServer target, int phase) throws Exception {
        long first = -1;
        long deadline = System.currentTimeMillis() + 3_600_000;
        try (Connection c = target.connect(); Statement st = c.createStatement()) {
            while (System.currentTimeMillis() < deadline) {
                boolean startSeen = false;
                boolean endSeen = false;
                try (ResultSet rs = st.executeQuery("SELECT id FROM " + DB + ".bench_marker WHERE id IN (" + (phase * 10 + 1) + ", "
                        + (phase * 10 + 2) + ")")) {
                    while (rs.next()) {
                        startSeen |= rs.getInt(1) == phase * 10 + 1;
                        endSeen |= rs.getInt(1) == phase * 10 + 2;
                    }
                } catch (SQLException notYet) {
                    // the table is being reloaded or not created yet
                }
                long now = System.nanoTime();
                if (startSeen && first < 0) {
                    first = now;
                }
                if (endSeen) {
                    return (now - (first < 0 ? now : first)) / 1e9;
                }
                Thread.sleep(2);
            }
        }
        throw new AssertionError("end marker of range " + phase + " not seen");
    }

    private static void awaitEqual(MariaDbServer target, Map<String, String> expected, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        Map<String, String> got = null;
        while (System.currentTimeMillis() < deadline) {
            got = TableChecksum.of(target, List.of(DB));
            if (expected.equals(got)) {
                return;
            }
            Thread.sleep(500);
        }
        assertEquals(expected, got, what + ": target equals the source");
    }

    /** The source's tables as they are now, exported (the untimed starting state of a Sluice replay). */
    private Path snapshot(MariaDbServer src, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        List<String> names = new ArrayList<>();
        try (Connection c = src.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + DB + "'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            StringBuilder ddl = new StringBuilder();
            for (String t : names) {
                st.execute("SELECT * INTO OUTFILE '" + dir.resolve(t + ".txt") + "' FROM " + DB + ".`" + t + "`");
                try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + DB + ".`" + t + "`")) {
                    rs.next();
                    ddl.append(rs.getString(2).replaceAll("AUTO_INCREMENT=\\d+ ", "")).append(";\n");
                }
            }
            Files.writeString(dir.resolve("schema.sql"), ddl);
        }
        return dir;
    }

    private void reload(MariaDbServer dst, Path snapshot) throws Exception {
        dst.execute("DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
        try (Connection c = dst.connect(); Statement st = c.createStatement()) {
            st.execute("USE " + DB);
            for (String ddl : Files.readString(snapshot.resolve("schema.sql")).split(";\n")) {
                if (!ddl.isBlank()) {
                    st.execute(ddl);
                }
            }
            try (var files = Files.list(snapshot)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                    String table = f.getFileName().toString().replace(".txt", "");
                    st.execute("LOAD DATA INFILE '" + f + "' INTO TABLE " + DB + ".`" + table + "`");
                }
            }
        }
    }

    private long sysbench(MariaDbServer src, String workload, String command, Path log, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sysbench", workload, "--db-driver=mysql", "--mysql-host=127.0.0.1",
                "--mysql-port=" + src.port(), "--mysql-user=root", "--mysql-password=" + MariaDbServer.ROOT_PASSWORD,
                "--mysql-db=" + DB, "--tables=" + tables, "--table-size=" + rows, "--threads=" + threads,
                "--report-interval=0"));
        if (!List.of(extra).toString().contains("--time=")) {
            cmd.add("--time=" + seconds);
        }
        if (List.of(extra).toString().contains("--threads=")) {
            cmd.remove("--threads=" + threads); // the later option would win anyway; one is clearer in the log
        }
        cmd.addAll(List.of(extra));
        cmd.add(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new AssertionError("sysbench " + workload + " " + command + " failed: " + Files.readString(log));
        }
        Matcher m = TRANSACTIONS.matcher(Files.readString(log));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static Map<String, Long> statementCounters(MariaDbServer s) throws SQLException {
        Map<String, Long> out = new java.util.HashMap<>();
        try (var c = s.connect(); var st = c.createStatement(); var rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Com\\_%'")) {
            while (rs.next()) {
                out.put(rs.getString(1).substring(4), rs.getLong(2));
            }
        }
        return out;
    }

    /** The statement kinds the target ran most, per source row change: "insert 1.00, commit 0.07, …". */
    private static String perRow(Map<String, Long> statements, long rows) {
        return statements.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(e -> String.format("%s %.3f", e.getKey(), (double) e.getValue() / rows)).reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private static long innodbRowChanges(MariaDbServer s) throws SQLException {
        long n = 0;
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_write', 'Handler_update', 'Handler_delete')")) {
            while (rs.next()) {
                n += rs.getLong(2);
            }
        }
        return n;
    }

    private record Pos(String file, long pos) {
    }

    private static Pos position(MariaDbServer s) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new Pos(rs.getString(1), rs.getLong(2));
        }
    }

    // --- report --------------------------------------------------------------------------

    private record Range(String workload, long rows, long txns, double nativeSecs, double sluiceOff, double sluiceOn, String load,
            ProcessCpu nativeCpu, ProcessCpu offCpu, ProcessCpu onCpu, Map<String, Long> offStatements, Map<String, Long> onStatements) {
    }

    private record Lag(int samples, double p50Ms, double p99Ms, double maxMs, double achievedTps, String load) {
    }

    /** The 1, 5 and 15 minute load averages: the machine is shared, so every figure carries the load it was measured under. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void report(List<Range> ranges, int rate, double rowsPerTxn, Lag lag) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("SYNC BENCHMARK: sysbench %d tables x %d rows, %d threads, %d s per range; worker-count %d,"
                + " batch %d, checkpoint-flush-interval %d s; slave_parallel_threads %d (optimistic); %d cores shared with other"
                + " work%n", tables, rows, threads, seconds, workers, batch, flushInterval, workers,
                Runtime.getRuntime().availableProcessors()));
        sb.append(String.format("%-16s %9s %9s %10s | %9s %10s %7s | %9s %10s %7s | %s%n", "range", "rows", "native s", "rows/s",
                "plain s", "rows/s", "ratio", "merged s", "rows/s", "ratio", "load avg after"));
        for (Range r : ranges) {
            double nat = r.rows / r.nativeSecs;
            double off = r.rows / r.sluiceOff;
            double on = r.rows / r.sluiceOn;
            sb.append(String.format("%-16s %9d %9.2f %10.0f | %9.2f %10.0f %6.2fx | %9.2f %10.0f %6.2fx | %s%n", r.workload, r.rows,
                    r.nativeSecs, nat, r.sluiceOff, off, off / nat, r.sluiceOn, on, on / nat, r.load));
        }
        sb.append("  plain = Sluice with compact and multiple-rows off; merged = both on; ratio = Sluice rows/s / native rows/s\n");
        for (Range r : ranges) {
            sb.append(String.format("  CPU s, %s: native: %s | plain: %s | merged: %s%n", r.workload, r.nativeCpu.describe("replica", "source"),
                    r.offCpu.describe("worker", "target", "source"), r.onCpu.describe("worker", "target", "source")));
        }
        for (Range r : ranges) {
            sb.append(String.format("  target statements per row, %s: plain: %s | merged: %s%n", r.workload, perRow(r.offStatements, r.rows),
                    perRow(r.onStatements, r.rows)));
        }
        double capacityTps = rate * 2.0;
        sb.append(String.format("LAG (merged) at sysbench oltp_write_only --rate=%d --threads=%d (%.1f rows/txn, half the measured"
                + " capacity of %.0f txn/s): achieved %.0f txn/s = %.0f%% of the requested rate, %.0f%% of capacity; probes %d,"
                + " p50 %.1f ms, p99 %.1f ms, max %.1f ms; load avg after %s%n", rate, lagThreads, rowsPerTxn, capacityTps,
                lag.achievedTps, 100 * lag.achievedTps / rate, 100 * lag.achievedTps / capacityTps, lag.samples, lag.p50Ms, lag.p99Ms,
                lag.maxMs, lag.load));
        if (lag.achievedTps < 0.9 * rate) {
            sb.append("  NOT at half capacity: the source could not take the requested rate on this machine (shared cores);"
                    + " the lag above is at the achieved rate only\n");
        }
        System.out.print(sb);
        try {
            Files.writeString(Path.of("target", "bench-sync.txt"), sb.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
