package io.sluice.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@code mariadbd} from Debian's mariadb-server, on a free loopback port with its own
 * data dir, binlog on in ROW format with FULL row image and GTIDs. Tests get a root account
 * with password {@value #ROOT_PASSWORD} over TCP. Always {@link #close()} it (try-with-resources);
 * a JVM shutdown hook stops any server left running.
 */
public final class MariaDbServer implements AutoCloseable {
    public static final String ROOT_PASSWORD = "sluice-root";
    private static final int FIRST_PORT = 20000;
    private static final int PORT_SPAN = 12000;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger((int) (ProcessHandle.current().pid() * 397 % PORT_SPAN));
    private static final AtomicInteger SERVER_IDS = new AtomicInteger((int) (ProcessHandle.current().pid() % 10000) * 10 + 1);

    private final Path dir;
    private int port;
    private final int serverId;
    private final List<String> extraArgs;
    private Process process;

    private MariaDbServer(Path dir, int port, int serverId, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.serverId = serverId;
        this.extraArgs = extraArgs;
    }

    /** Starts a server whose data lives under {@code baseDir/name}. */
    public static MariaDbServer start(Path baseDir, String name, String... extraArgs) {
        try {
            Path dir = baseDir.resolve(name + "-" + System.nanoTime()).toAbsolutePath();
            Files.createDirectories(dir);
            MariaDbServer s = new MariaDbServer(dir, freePort(), SERVER_IDS.getAndIncrement(), List.of(extraArgs));
            s.install();
            s.launch();
            s.secure();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start mariadbd", e);
        }
    }

    /** Starts a server under {@code target/mariadb} of the current module. */
    public static MariaDbServer start(String name, String... extraArgs) {
        return start(Path.of("target", "mariadb"), name, extraArgs);
    }

    /**
     * A port nothing listens on, below the kernel's ephemeral range (32768-60999 here): a port
     * taken from that range could be picked by the kernel as the local end of some outgoing
     * connection before the process it was meant for binds it. Ports are handed out from a
     * per-JVM counter, so one test never gets the same port twice; the start depends on the pid
     * so that test JVMs running side by side rarely meet, and the bind check skips any port that
     * is taken anyway.
     */
    public static synchronized int freePort() throws IOException {
        for (int tries = 0; tries < PORT_SPAN; tries++) {
            int port = FIRST_PORT + Math.floorMod(NEXT_PORT.getAndIncrement(), PORT_SPAN);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new IOException("no free port in " + FIRST_PORT + ".." + (FIRST_PORT + PORT_SPAN - 1));
    }

    private void install() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("tmp"));
        run(List.of(binary("mariadb-install-db"), "--no-defaults", "--auth-root-authentication-method=normal",
                "--datadir=" + dir.resolve("data"), "--user=" + System.getProperty("user.name"),
                // its own tmpdir: bootstraps running at once in a shared /tmp have collided on temp files
                "--skip-test-db", "--skip-name-resolve", "--tmpdir=" + dir.resolve("tmp")), dir.resolve("install.log"));
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary("mariadbd"), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"),
                "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"),
                "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve",
                "--user=" + System.getProperty("user.name"),
                "--server-id=" + serverId, "--log-bin=" + dir.resolve("data").resolve("mysql-bin"),
                "--binlog-format=ROW", "--binlog-row-image=FULL", "--log-slave-updates=ON",
                "--gtid-strict-mode=ON", "--local-infile=ON", "--max-allowed-packet=64M",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
                "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=48M", "--innodb-flush-log-at-trx-commit=2",
                "--sync-binlog=0", "--performance-schema=OFF", "--max-connections=500",
                "--log-error=" + dir.resolve("error.log")));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile());
        process = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly));
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited: " + tail(dir.resolve("error.log")));
            }
            try (Connection c = DriverManager.getConnection(socketlessUrl("root", ""))) {
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() == 1045) {
                    return; // access denied: up, and secured by an earlier start (a restart)
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("mariadbd did not accept connections within 60s: " + tail(dir.resolve("error.log")));
    }

    private void secure() {
        try (Connection c = DriverManager.getConnection(socketlessUrl("root", "")); Statement st = c.createStatement()) {
            st.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '" + ROOT_PASSWORD + "'");
            st.execute("ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '" + ROOT_PASSWORD + "'");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
            st.execute("ALTER USER 'root'@'localhost' IDENTIFIED BY '" + ROOT_PASSWORD + "'");
            st.execute("FLUSH PRIVILEGES");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the root password", e);
        }
    }

    private String socketlessUrl(String user, String password) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/?user=" + user + "&password=" + password + "&connectTimeout=2000";
    }

    public int port() {
        return port;
    }

    /** The server process's id (benchmarks read its CPU time from /proc). */
    public long pid() {
        return process.pid();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int serverId() {
        return serverId;
    }

    public Path dir() {
        return dir;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/?allowLocalInfile=true&useBulkStmts=false";
    }

    /** A root connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "root", ROOT_PASSWORD);
    }

    /** Runs statements as root, one after another. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server with SIGTERM, waiting for a clean shutdown (SIGKILL after 30 s). */
    @Override
    public void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server cleanly and starts it again on the same port and data (a new binlog file begins). */
    public void restart() {
        stopQuietly();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart mariadbd", e);
        }
    }

    /**
     * Stops the server cleanly and starts it again on {@code newPort}, same data: with another
     * server stopped first, this one takes that server's address, as a promoted replica behind a
     * moved virtual IP does.
     */
    public void restartOn(int newPort) {
        stopQuietly();
        port = newPort;
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart mariadbd on port " + newPort, e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    private static String binary(String name) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " not found: install Debian's mariadb-server (scripts/install-deps.sh)");
    }

    private static void run(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
