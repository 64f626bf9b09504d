package io.sluice.hatests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.ctl.SluiceCtl;
import io.sluice.testkit.MariaDbServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** One master and some workers as real processes, and sluicectl run in-process against them. */
public final class Cluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The masters, m1..mN, in the order of {@link #masterAddrs}. */
    public final List<SluiceProcess> masters = new ArrayList<>();
    public final List<String> masterAddrs = new ArrayList<>();
    public final List<SluiceProcess> workers = new ArrayList<>();
    /** Every master's client address, comma separated: sluicectl and the workers fail over among them. */
    public volatile String masterAddr;
    private final Path dir;
    private String name = "cluster";
    /** Flags every worker gets (TLS), and global flags every sluicectl run gets. */
    private List<String> workerArgs = List.of();
    private List<String> ctlArgs = List.of();
    /** Everything sluicectl printed during the test, for checks over all replies (no password in any). */
    public final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());

    private Cluster(Path dir, List<String> masterAddrs) {
        this.dir = dir;
        this.masterAddrs.addAll(masterAddrs);
        this.masterAddr = String.join(",", masterAddrs);
    }

    public static Cluster start(String name, int workers) throws Exception {
        return start(name, 1, workers);
    }

    /** A raft group of {@code masterCount} masters and {@code workerCount} workers, all real processes. */
    public static Cluster start(String name, int masterCount, int workerCount) throws Exception {
        return start(name, masterCount, workerCount, List.of());
    }

    /** Like {@link #start(String, int, int)}, each master also given {@code masterArgs} (e.g. --openapi-token). */
    public static Cluster start(String name, int masterCount, int workerCount, List<String> masterArgs) throws Exception {
        return start(name, masterCount, workerCount, masterArgs, List.of(), List.of());
    }

    /** Each master given {@code masterArgs}, each worker {@code workerArgs}, each sluicectl run {@code ctlArgs} (e.g. TLS flags). */
    public static Cluster start(String name, int masterCount, int workerCount, List<String> masterArgs, List<String> workerArgs,
            List<String> ctlArgs) throws Exception {
        Path dir = Path.of("target", "cluster", name + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        List<String> clients = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        for (int i = 1; i <= masterCount; i++) {
            clients.add("127.0.0.1:" + MariaDbServer.freePort());
            peers.add("http://127.0.0.1:" + MariaDbServer.freePort());
        }
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < masterCount; i++) {
            initial.add("m" + (i + 1) + "=" + peers.get(i));
        }
        Cluster c = new Cluster(dir, clients);
        c.name = name;
        c.workerArgs = List.copyOf(workerArgs);
        c.ctlArgs = List.copyOf(ctlArgs);
        for (int i = 0; i < masterCount; i++) {
            String m = "m" + (i + 1);
            List<String> args = new ArrayList<>(List.of("--name", m, "--master-addr", clients.get(i), "--peer-urls", peers.get(i),
                    "--initial-cluster", String.join(",", initial), "--data-dir", dir.resolve(m).toString(), "-L", "info"));
            args.addAll(masterArgs);
            c.masters.add(SluiceProcess.start(name + "-" + m, "io.sluice.master.MasterMain", args.toArray(String[]::new)));
        }
        for (int i = 1; i <= workerCount; i++) {
            c.addWorker(name + "-w" + i);
        }
        c.await("masters answer and workers registered", 60, () -> {
            JsonNode r = c.ctlJson("list-member", "--worker");
            return r.path("result").asBoolean() && r.path("members").path(0).path("worker").path("workers").size() >= workerCount;
        });
        // a follower records its client address in the background once a leader exists; until then list-member shows it without one
        c.await("every master registered its client address", 60, () -> {
            JsonNode ms = c.ctlJson("list-member", "--master").path("members").path(0).path("master").path("masters");
            int registered = 0;
            for (JsonNode m : ms) {
                registered += m.path("clientURLs").size() > 0 ? 1 : 0;
            }
            return registered == masterCount;
        });
        return c;
    }

    /** The index in {@link #masters} of the current leader, as list-member reports it. */
    public int leaderIndex() throws Exception {
        int[] idx = {-1};
        await("a leader", 30, () -> {
            String name = ctlJson("list-member", "--leader").path("members").path(0).path("leader").path("name").asText();
            idx[0] = name.startsWith("m") ? Integer.parseInt(name.substring(1)) - 1 : -1;
            return idx[0] >= 0;
        });
        return idx[0];
    }

    /** The worker a source is bound to, from list-member. */
    public String workerOf(String source) {
        for (JsonNode w : ctlJson("list-member", "--worker").path("members").path(0).path("worker").path("workers")) {
            if (source.equals(w.path("source").asText())) {
                return w.path("name").asText();
            }
        }
        return "";
    }

    public SluiceProcess addWorker(String name) throws IOException {
        return addWorker(name, masterAddr, SluiceProcess.TEST_JVM_OPTIONS);
    }

    /** A worker that reaches the masters through {@code join} (comma separated), e.g. proxies a test can cut. */
    public SluiceProcess addWorker(String name, String join) throws IOException {
        return addWorker(name, join, SluiceProcess.TEST_JVM_OPTIONS);
    }

    /** A worker with the given JVM options instead of the tests' small ones (benchmarks). */
    public SluiceProcess addWorker(String name, List<String> jvmOptions) throws IOException {
        return addWorker(name, masterAddr, jvmOptions);
    }

    private SluiceProcess addWorker(String name, String join, List<String> jvmOptions) throws IOException {
        int port = MariaDbServer.freePort();
        List<String> args = new ArrayList<>(List.of("--name", name, "--worker-addr", "127.0.0.1:" + port, "--join", join,
                "--keepalive-ttl", "3", "--data-dir", dir.resolve(name).toString(), "-L", "info"));
        args.addAll(workerArgs);
        SluiceProcess w = SluiceProcess.start(name, jvmOptions, "io.sluice.worker.process.WorkerMain", args.toArray(String[]::new));
        workers.add(w);
        return w;
    }

    /** A worker's stage as list-member shows it (free, bound, offline), "" if unknown. */
    public String workerStage(String worker) {
        for (JsonNode w : ctlJson("list-member", "--worker").path("members").path(0).path("worker").path("workers")) {
            if (worker.equals(w.path("name").asText())) {
                return w.path("stage").asText();
            }
        }
        return "";
    }

    /**
     * Starts one more master, m{N+1}, that joins the running group with --join, run from the
     * cluster's directory with a relative data dir (DM loses such a master on restart). sluicectl
     * learns its address too.
     */
    public SluiceProcess joinMaster() throws IOException {
        String m = "m" + (masters.size() + 1);
        String client = "127.0.0.1:" + MariaDbServer.freePort();
        String peer = "http://127.0.0.1:" + MariaDbServer.freePort();
        SluiceProcess p = SluiceProcess.startIn(dir, name + "-" + m, "io.sluice.master.MasterMain",
                "--name", m, "--master-addr", client, "--peer-urls", peer, "--join", masterAddr,
                "--data-dir", m + "-data", "-L", "info");
        masters.add(p);
        masterAddrs.add(client);
        masterAddr = String.join(",", masterAddrs);
        return p;
    }

    /** The masters list-member reports: name → alive. */
    public java.util.Map<String, Boolean> listMasters() {
        java.util.Map<String, Boolean> out = new java.util.TreeMap<>();
        for (JsonNode m : ctlJson("list-member", "--master").path("members").path(0).path("master").path("masters")) {
            out.put(m.path("name").asText(), m.path("alive").asBoolean());
        }
        return out;
    }

    public Path dir() {
        return dir;
    }

    /** Runs sluicectl in-process; returns its exit code and output. */
    public CtlResult ctl(String... args) {
        return ctlAt(masterAddr, args);
    }

    /** Runs sluicectl in-process against the given master addresses only. */
    public CtlResult ctlAt(String addrs, String... args) {
        return ctlWith(ctlArgs, addrs, args);
    }

    /** Runs sluicectl with {@code globalArgs} instead of the cluster's own (e.g. other or no TLS flags). */
    public CtlResult ctlWith(List<String> globalArgs, String addrs, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--master-addr", addrs));
        all.addAll(globalArgs);
        all.addAll(List.of(args));
        int code = SluiceCtl.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CtlResult r = new CtlResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        transcript.add(r.out());
        transcript.add(r.err());
        return r;
    }

    public JsonNode ctlJson(String... args) {
        CtlResult r = ctl(args);
        try {
            return JSON.readTree(r.out().isBlank() ? "{}" : r.out());
        } catch (IOException e) {
            throw new IllegalStateException("sluicectl printed no JSON: " + r, e);
        }
    }

    public record CtlResult(int exitCode, String out, String err) {
    }

    public Path writeFile(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    public interface Check {
        boolean ok() throws Exception;
    }

    public void await(String what, int seconds, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for: " + what
                + (last == null ? "" : " (last error: " + last + ")") + "\nstatus: " + ctl("query-status").out());
    }

    /** The first subtask status of a task, from query-status. */
    public JsonNode subtask(String task) {
        JsonNode r = ctlJson("query-status", task);
        return r.path("sources").path(0).path("subTaskStatus").path(0);
    }

    public static Predicate<JsonNode> stage(String stage) {
        return n -> stage.equals(n.path("stage").asText());
    }

    @Override
    public void close() {
        workers.forEach(SluiceProcess::close);
        masters.forEach(SluiceProcess::close);
    }
}
