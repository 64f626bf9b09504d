package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.MariaDbServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The full-copy benchmark (not part of the test run): on sysbench-prepared tables, in one run,
 * Sluice's dump+load (real master and worker processes, a {@code task-mode: full} task),
 * mydumper+myloader with the same thread count, and a plain server-side LOAD DATA INFILE of
 * the same rows as the physical reference. Each copy goes into a freshly dropped target schema
 * and must leave it equal to the source (checksums), so a fast wrong copy cannot win. Run with
 * {@code scripts/bench-fullcopy.sh}; sizes come from -Dbench.tables, -Dbench.rows, -Dbench.threads.
 */
class FullCopyBenchmark {
    private static final String DB = "sbtest";
    private static final String[] SERVER_OPTIONS = {"--innodb-buffer-pool-size=2G", "--innodb-log-file-size=512M"};

    @Test
    void fullCopyAgainstMydumperAndLoadData() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sluice.bench"), "benchmark: run with -Dsluice.bench=true");
        int tables = Integer.getInteger("bench.tables", 8);
        int rows = Integer.getInteger("bench.rows", 500_000);
        int threads = Integer.getInteger("bench.threads", 4);
        Path work = Files.createDirectories(Path.of("target", "bench-fullcopy-" + System.currentTimeMillis()).toAbsolutePath());
        try (MariaDbServer src = MariaDbServer.start(work, "src", SERVER_OPTIONS);
                MariaDbServer dst = MariaDbServer.start(work, "dst", SERVER_OPTIONS)) {
            src.execute("CREATE DATABASE " + DB);
            run(work.resolve("sysbench.log"), "sysbench", "oltp_read_write", "--db-driver=mysql", "--mysql-host=127.0.0.1",
                    "--mysql-port=" + src.port(), "--mysql-user=root", "--mysql-password=" + MariaDbServer.ROOT_PASSWORD,
                    "--mysql-db=" + DB, "--tables=" + tables, "--table-size=" + rows, "--threads=" + Math.min(tables, threads),
                    "prepare");
            Map<String, String> expected = TableChecksum.of(src, List.of(DB));
            long totalRows = (long) tables * rows;

            // the reference's export (untimed) also measures the data: MB/s is over these bytes
            Path outfiles = Files.createDirectories(work.resolve("outfile"));
            long bytes = 0;
            for (int t = 1; t <= tables; t++) {
                Path f = outfiles.resolve("sbtest" + t + ".txt");
                src.execute("SELECT * INTO OUTFILE '" + f + "' FROM " + DB + ".sbtest" + t);
                bytes += Files.size(f);
            }
            List<Result> results = new ArrayList<>();

            // a. Sluice: start-task until the subtask is Finished, worker process's VmHWM
            try (Cluster cluster = Cluster.start("fullcopy", 1, 0)) {
                // the launcher's default heap (bin/sluice-worker), unless -Dbench.workerJvm says otherwise
                SluiceProcess worker = cluster.addWorker("fullcopy-w1", List.of(System.getProperty("bench.workerJvm", "-Xmx1g").split(" ")));
                cluster.await("the worker registered", 60, () -> cluster.ctlJson("list-member", "--worker")
                        .path("members").path(0).path("worker").path("workers").size() == 1);
                assertTrue(cluster.ctlJson("operate-source", "create",
                        cluster.writeFile("source.yaml", SampleData.sourceYaml("mysql-01", src)).toString()).path("result").asBoolean());
                Path task = cluster.writeFile("task.yaml", taskYaml(dst, threads));
                long t0 = System.nanoTime();
                ProcessCpu cpu = new ProcessCpu(worker.pid(), src.pid(), dst.pid());
                assertTrue(cluster.ctlJson("start-task", task.toString()).path("result").asBoolean());
                cluster.await("the full copy to finish", 3600, () -> {
                    var st = cluster.subtask("fullcopy");
                    assertTrue(st.path("result").path("errors").isEmpty() || !st.has("result"), st.toString());
                    return "Finished".equals(st.path("stage").asText());
                });
                double secs = (System.nanoTime() - t0) / 1e9;
                long rss = vmHwmKb(worker.pid());
                results.add(new Result("sluice dump+load", secs, rss, cpu.stop().describe("worker", "source", "target")));
                assertEquals(expected, TableChecksum.of(dst, List.of(DB)), "sluice's copy equals the source");
            }

            // b. mydumper + myloader into a fresh schema, same thread count and chunk rows
            dst.execute("DROP DATABASE " + DB);
            Path dumpDir = work.resolve("mydumper");
            ProcessCpu dumpCpu = new ProcessCpu(src.pid());
            Timed dump = timed(work.resolve("mydumper.log"), "mydumper", "--host=127.0.0.1", "--port=" + src.port(),
                    "--user=root", "--password=" + MariaDbServer.ROOT_PASSWORD, "--database=" + DB,
                    "--threads=" + threads, "--rows=100000", "--outputdir=" + dumpDir);
            dumpCpu.stop();
            // myloader turns the target's binary log off for its sessions unless told --enable-binlog;
            // Sluice writes it (as DM does: a target with replicas needs it), so both runs are shown
            ProcessCpu loadCpu = new ProcessCpu(dst.pid());
            Timed load = timed(work.resolve("myloader.log"), "myloader", "--host=127.0.0.1", "--port=" + dst.port(),
                    "--user=root", "--password=" + MariaDbServer.ROOT_PASSWORD, "--threads=" + threads,
                    "--directory=" + dumpDir, "--overwrite-tables");
            loadCpu.stop();
            results.add(new Result("mydumper+myloader", dump.secs + load.secs, Math.max(dump.rssKb, load.rssKb), ""));
            results.add(new Result("  mydumper", dump.secs, dump.rssKb, "mydumper " + dump.cpu + ", " + dumpCpu.describe("source")));
            results.add(new Result("  myloader", load.secs, load.rssKb, "myloader " + load.cpu + ", " + loadCpu.describe("target")
                    + " (binlog off)"));
            assertEquals(expected, TableChecksum.of(dst, List.of(DB)), "myloader's copy equals the source");
            dst.execute("DROP DATABASE " + DB);
            ProcessCpu loggedCpu = new ProcessCpu(dst.pid());
            Timed logged = timed(work.resolve("myloader-binlog.log"), "myloader", "--host=127.0.0.1", "--port=" + dst.port(),
                    "--user=root", "--password=" + MariaDbServer.ROOT_PASSWORD, "--threads=" + threads,
                    "--directory=" + dumpDir, "--overwrite-tables", "--enable-binlog");
            loggedCpu.stop();
            results.add(new Result("m+m, binlog on", dump.secs + logged.secs, Math.max(dump.rssKb, logged.rssKb), ""));
            results.add(new Result("  myloader -e", logged.secs, logged.rssKb, "myloader " + logged.cpu + ", "
                    + loggedCpu.describe("target")));
            assertEquals(expected, TableChecksum.of(dst, List.of(DB)), "myloader --enable-binlog's copy equals the source");

            // c. the physical reference: server-side LOAD DATA INFILE of the exported rows
            dst.execute("DROP DATABASE " + DB, "CREATE DATABASE " + DB);
            createLike(src, dst, tables);
            long t0 = System.nanoTime();
            ProcessCpu ldCpu = new ProcessCpu(dst.pid());
            loadDataInParallel(dst, outfiles, tables, threads);
            results.add(new Result("LOAD DATA INFILE", (System.nanoTime() - t0) / 1e9, -1, ldCpu.stop().describe("target")
                    + " (binlog on)"));
            assertEquals(expected, TableChecksum.of(dst, List.of(DB)), "LOAD DATA's copy equals the source");

            report(results, tables, rows, threads, totalRows, bytes);
        } finally {
            deleteBulk(work);
        }
    }

    /** The servers' data, the exported rows and mydumper's files (several GB) go once the servers stopped; logs stay. */
    private static void deleteBulk(Path work) throws IOException {
        try (var dirs = Files.walk(work, 2)) {
            for (Path bulk : dirs.filter(p -> Files.isDirectory(p) && List.of("data", "outfile", "mydumper")
                    .contains(p.getFileName().toString())).toList()) {
                try (var all = Files.walk(bulk)) {
                    for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    private static String taskYaml(MariaDbServer dst, int threads) {
        return "name: fullcopy\n"
                + "task-mode: full\n"
                + "target-database: {host: 127.0.0.1, port: " + dst.port() + ", user: root, password: "
                + MariaDbServer.ROOT_PASSWORD + "}\n"
                + "mysql-instances:\n"
                + "  - source-id: mysql-01\n"
                + "    block-allow-list: ba\n"
                + "    mydumper-config-name: dump\n"
                + "    loader-config-name: load\n"
                + "block-allow-list:\n  ba:\n    do-dbs: [\"" + DB + "\"]\n"
                + "mydumpers:\n  dump:\n    threads: " + threads + "\n    rows: 100000\n"
                + "loaders:\n  load:\n    pool-size: " + threads + "\n";
    }

    /** Recreates the source's table definitions (sysbench's) on the target, untimed. */
    private static void createLike(MariaDbServer src, MariaDbServer dst, int tables) throws Exception {
        try (Connection s = src.connect(); Statement ss = s.createStatement(); Connection d = dst.connect();
                Statement ds = d.createStatement()) {
            for (int t = 1; t <= tables; t++) {
                try (ResultSet rs = ss.executeQuery("SHOW CREATE TABLE " + DB + ".sbtest" + t)) {
                    rs.next();
                    ds.execute("DROP TABLE IF EXISTS " + DB + ".sbtest" + t);
                    ds.execute(rs.getString(2).replaceFirst("CREATE TABLE `", "CREATE TABLE `" + DB + "`.`"));
                }
            }
        }
    }

    private static void loadDataInParallel(MariaDbServer dst, Path dir, int tables, int threads) throws Exception {
        ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
        for (int t = 1; t <= tables; t++) {
            todo.add(t);
        }
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread th = new Thread(() -> {
                try (Connection c = dst.connect(); Statement st = c.createStatement()) {
                    Integer t;
                    while ((t = todo.poll()) != null) {
                        st.execute("LOAD DATA INFILE '" + dir.resolve("sbtest" + t + ".txt") + "' INTO TABLE " + DB + ".sbtest" + t);
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) {
            th.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** {@code cpu}: CPU seconds of the processes involved, as {@link ProcessCpu#describe} writes them. */
    private record Result(String name, double secs, long rssKb, String cpu) {
    }

    /** {@code cpu}: the command's user + system seconds. */
    private record Timed(double secs, long rssKb, String cpu) {
    }

    private static void report(List<Result> results, int tables, int rows, int threads, long totalRows, long bytes) {
        double mm = results.stream().filter(r -> r.name.equals("mydumper+myloader")).findFirst().orElseThrow().secs;
        double ld = results.stream().filter(r -> r.name.equals("LOAD DATA INFILE")).findFirst().orElseThrow().secs;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("FULL COPY BENCHMARK: %d tables x %d rows (sysbench), %d threads, %.1f MB of rows, %d cores, worker JVM %s%n",
                tables, rows, threads, bytes / 1e6, Runtime.getRuntime().availableProcessors(), System.getProperty("bench.workerJvm", "-Xmx1g")));
        sb.append(String.format("%-20s %8s %8s %10s %12s %14s %14s   %s%n", "", "wall s", "MB/s", "rows/s", "peak RSS MB",
                "speed vs m+m", "rate vs LOAD", "CPU s"));
        for (Result r : results) {
            sb.append(String.format("%-20s %8.2f %8.1f %10.0f %12s %13.2fx %13.0f%%   %s%n", r.name, r.secs, bytes / 1e6 / r.secs,
                    totalRows / r.secs, r.rssKb < 0 ? "-" : String.valueOf(r.rssKb / 1024), mm / r.secs, 100 * ld / r.secs, r.cpu));
        }
        System.out.print(sb);
        try {
            Files.writeString(Path.of("target", "bench-fullcopy.txt"), sb.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command under GNU time: wall seconds and the process's peak RSS. */
    private static Timed timed(Path log, String... cmd) throws Exception {
        Path times = log.resolveSibling(log.getFileName() + ".time");
        List<String> all = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S %e %M", "-o", times.toString()));
        all.addAll(List.of(cmd));
        run(log, all.toArray(String[]::new));
        String[] parts = Files.readString(times).trim().split("\\s+");
        int n = parts.length;
        return new Timed(Double.parseDouble(parts[n - 2]), Long.parseLong(parts[n - 1]),
                String.format("%.1f", Double.parseDouble(parts[n - 4]) + Double.parseDouble(parts[n - 3])));
    }

    private static void run(Path log, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd).replace(MariaDbServer.ROOT_PASSWORD, "***")
                    + " failed: " + Files.readString(log));
        }
    }

    private static long vmHwmKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
