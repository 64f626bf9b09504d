package io.sluice.hatests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * sluicectl as its own process, the way an operator runs it: with an environment of its own and
 * its standard input on a pipe (so the interactive prompt runs on jline's dumb terminal).
 */
final class CtlProcess {
    private CtlProcess() {
    }

    record Result(int exitCode, String out, String err) {
    }

    /** Runs sluicectl with {@code args}, writes {@code input} to its stdin and closes it, waits up to 60 s. */
    static Result run(Map<String, String> env, Path home, String input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(SluiceProcess.TEST_JVM_OPTIONS);
        cmd.addAll(List.of("-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), "io.sluice.ctl.SluiceCtl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DM_MASTER_ADDR");
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("sluicectl " + String.join(" ", args) + " did not end within 60 s; output so far: " + out.getNow(""));
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
