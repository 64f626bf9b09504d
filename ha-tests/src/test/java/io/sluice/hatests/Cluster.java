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

    public final SluiceProcess master;
    public final List<SluiceProcess> workers = new ArrayList<>();
    public final String masterAddr;
    private final Path dir;

    private Cluster(Path dir, SluiceProcess master, String masterAddr) {
        this.dir = dir;
        this.master = master;
        this.masterAddr = masterAddr;
    }

    public static Cluster start(String name, int workers) throws Exception {
        Path dir = Path.of("target", "cluster", name + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        int client = MariaDbServer.freePort();
        int peer = MariaDbServer.freePort();
        SluiceProcess m = SluiceProcess.start(name + "-master", "io.sluice.master.MasterMain",
                "--name", "m1", "--master-addr", "127.0.0.1:" + client, "--peer-urls", "http://127.0.0.1:" + peer,
                "--data-dir", dir.resolve("m1").toString(), "-L", "info");
        Cluster c = new Cluster(dir, m, "127.0.0.1:" + client);
        for (int i = 1; i <= workers; i++) {
            c.addWorker(name + "-w" + i);
        }
        c.await("master answers and workers registered", 60, () -> {
            JsonNode r = c.ctlJson("list-member", "--worker");
            return r.path("result").asBoolean() && r.path("members").path(0).path("worker").path("workers").size() >= workers;
        });
        return c;
    }

    public SluiceProcess addWorker(String name) throws IOException {
        int port = MariaDbServer.freePort();
        SluiceProcess w = SluiceProcess.start(name, "io.sluice.worker.process.WorkerMain",
                "--name", name, "--worker-addr", "127.0.0.1:" + port, "--join", masterAddr,
                "--keepalive-ttl", "3", "--data-dir", dir.resolve(name).toString(), "-L", "info");
        workers.add(w);
        return w;
    }

    public Path dir() {
        return dir;
    }

    /** Runs sluicectl in-process; returns its exit code and output. */
    public CtlResult ctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--master-addr", masterAddr));
        all.addAll(List.of(args));
        int code = SluiceCtl.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CtlResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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
        master.close();
    }
}
