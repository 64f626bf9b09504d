package io.sluice.hatests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real master or worker JVM started from the test's class path, logging to a file under
 * target/logs. {@link #kill()} is SIGKILL, {@link #pause()} SIGSTOP; every process is killed
 * when the test JVM exits.
 */
public final class SluiceProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    private Path workDir;

    private SluiceProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    /** The tests' small, quick-starting JVM options. */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** Like {@link #start}, with {@code workDir} as the process's working directory (relative paths resolve there). */
    public static SluiceProcess startIn(Path workDir, String name, String mainClass, String... args) {
        SluiceProcess p = create(name, TEST_JVM_OPTIONS, mainClass, args);
        p.workDir = workDir;
        p.launchOrFail();
        return p;
    }

    public static SluiceProcess start(String name, String mainClass, String... args) {
        return start(name, TEST_JVM_OPTIONS, mainClass, args);
    }

    /** With the given JVM options instead of the tests' small, quick-starting ones (benchmarks). */
    public static SluiceProcess start(String name, List<String> jvmOptions, String mainClass, String... args) {
        SluiceProcess p = create(name, jvmOptions, mainClass, args);
        p.launchOrFail();
        return p;
    }

    private void launchOrFail() {
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    private static SluiceProcess create(String name, List<String> jvmOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        try {
            Path logs = Path.of("target", "logs");
            Files.createDirectories(logs);
            return new SluiceProcess(name, cmd, logs.resolve(name + "-" + System.currentTimeMillis() + ".log").toAbsolutePath());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    private void launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        // RocksDB would extract its 14 MB native library into /tmp at every master start under a
        // new name, and a SIGKILLed master never removes it; one fixed place per process name
        // is overwritten instead.
        Path nativeDir = Path.of("target", "rocksdb-native", name).toAbsolutePath();
        Files.createDirectories(nativeDir);
        pb.environment().put("ROCKSDB_SHAREDLIB_DIR", nativeDir.toString());
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        process = pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process p = process;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    }

    /** Starts the same command again (after a kill), appending to the same log. */
    public void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void kill() {
        process.destroyForcibly();
        waitExit();
    }

    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void waitExit() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                kill();
            }
        }
    }
}
