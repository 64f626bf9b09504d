package io.sluice.worker.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.DbConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.proto.RelayStatus;
import io.sluice.proto.Stage;
import io.sluice.testkit.MariaDbServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The relay unit against a real MariaDB: DM's layout on disk, files byte for byte the upstream's
 * binlog (so {@code mariadb-binlog} reads them), and pulling on across an upstream restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayUnitTest {
    private MariaDbServer src;

    @BeforeAll
    void start() {
        src = MariaDbServer.start("relay-unit");
    }

    @AfterAll
    void stop() {
        if (src != null) {
            src.close();
        }
    }

    static SourceConfig sourceOf(MariaDbServer s, String id) {
        SourceConfig sc = new SourceConfig();
        sc.sourceId = id;
        sc.enableRelay = true;
        DbConfig d = new DbConfig();
        d.host = s.host();
        d.port = s.port();
        d.user = "root";
        d.password = MariaDbServer.ROOT_PASSWORD;
        sc.from = d;
        return sc;
    }

    static BinlogPosition master(MariaDbServer s) throws Exception {
        return UpstreamServer.masterStatus(sourceOf(s, "x").from, true);
    }

    /** Waits until the relay has written up to the upstream's current end. */
    static void awaitCaughtUp(RelayUnit relay, MariaDbServer s) throws Exception {
        BinlogPosition want = master(s);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            BinlogPosition at = relay.position();
            if (at.file().equals(want.file()) && at.pos() == want.pos()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("relay at " + relay.position() + " never reached " + want + "; status " + relay.status());
    }

    @Test
    void relayFilesAreTheUpstreamBinlogAndSurviveARestart() throws Exception {
        src.execute("CREATE DATABASE relay_a", "CREATE TABLE relay_a.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO relay_a.t VALUES (1, 'before-relay')");
        Path dir = Files.createTempDirectory(Path.of("target"), "relay-a-");
        try (RelayUnit relay = new RelayUnit(sourceOf(src, "src-a"), dir, "w1", () -> null)) {
            relay.start();
            src.execute("INSERT INTO relay_a.t VALUES (2, 'while-relay')", "UPDATE relay_a.t SET v = 'updated' WHERE id = 1");
            awaitCaughtUp(relay, src);

            List<String> index = Files.readAllLines(dir.resolve("server-uuid.index"));
            String sub = "0-" + src.serverId() + ".000001";
            assertEquals(List.of(sub), index);
            BinlogPosition first = relay.position();
            assertSameBytes(src, dir.resolve(sub), first.file(), first.pos());
            String decoded = mariadbBinlog(dir.resolve(sub).resolve(first.file()));
            assertTrue(decoded.contains("while-relay") && decoded.contains("### UPDATE `relay_a`.`t`"), decoded);

            src.restart();
            src.execute("INSERT INTO relay_a.t VALUES (3, 'after-restart')");
            awaitCaughtUp(relay, src);
            BinlogPosition second = relay.position();
            assertTrue(RelayDirectory.compareBinlogNames(second.file(), first.file()) > 0, "a new upstream file after the restart");
            assertSameBytes(src, dir.resolve(sub), first.file(), -1);
            assertSameBytes(src, dir.resolve(sub), second.file(), second.pos());
            assertTrue(mariadbBinlog(dir.resolve(sub).resolve(second.file())).contains("after-restart"));

            Thread.sleep(600); // the meta follows within its interval
            RelayMeta meta = RelayMeta.read(dir.resolve(sub));
            assertEquals(second.file(), meta.binlogName);
            assertEquals(second.pos(), meta.binlogPos);
            assertEquals(master(src).gtidSet(), meta.binlogGtid);
            RelayStatus st = relay.status();
            assertEquals(Stage.Running, st.getStage());
            assertEquals(sub, st.getRelaySubDir());
            assertEquals(second.pos(), RelayMetrics.BINLOG_POS.labels("relay").get(), "dm_relay_binlog_pos{node=relay}");
            assertEquals(RelayMetrics.fileIndex(second.file()), RelayMetrics.BINLOG_FILE.labels("relay").get());
            assertTrue(RelayMetrics.WRITE_SIZE.collect().get(0).samples.stream()
                    .anyMatch(x -> x.name.equals("dm_relay_write_size_count") && x.value > 0), "dm_relay_write_size observed");
        }
    }

    /** A backlog of row events is pulled whole; prints how fast (a figure, not a limit). */
    @Test
    void pullsABacklog() throws Exception {
        src.execute("CREATE DATABASE relay_b", "CREATE TABLE relay_b.t (id INT PRIMARY KEY, v VARCHAR(64))",
                "INSERT INTO relay_b.t SELECT seq, MD5(seq) FROM mysql.seq_1_to_200000", "FLUSH BINARY LOGS",
                "UPDATE relay_b.t SET v = CONCAT(v, '!')");
        BinlogPosition want = master(src);
        SourceConfig sc = sourceOf(src, "src-b");
        sc.relayBinlogName = "mysql-bin.000001";
        Path dir = Files.createTempDirectory(Path.of("target"), "relay-b-");
        long started = System.nanoTime();
        try (RelayUnit relay = new RelayUnit(sc, dir, "w1", () -> null)) {
            relay.start();
            awaitCaughtUp(relay, src);
            double seconds = (System.nanoTime() - started) / 1e9;
            long bytes = 0;
            String sub = Files.readAllLines(dir.resolve("server-uuid.index")).get(0);
            for (String f : new RelayDirectory(dir).files(sub)) {
                bytes += Files.size(dir.resolve(sub).resolve(f));
            }
            assertEquals(want.file(), relay.position().file());
            System.out.printf("relay backlog: %d bytes in %d files pulled in %.2f s (%.1f MB/s)%n", bytes,
                    new RelayDirectory(dir).files(sub).size(), seconds, bytes / seconds / 1e6);
        }
    }

    /**
     * The relay file holds exactly the upstream file's bytes up to {@code upTo} (-1: the whole
     * upstream file), but for the format description's "binlog in use" flag, which the server
     * clears in what it sends (and so its checksum).
     */
    static void assertSameBytes(MariaDbServer s, Path subDir, String file, long upTo) throws Exception {
        byte[] upstream = Files.readAllBytes(s.dir().resolve("data").resolve(file));
        byte[] relay = Files.readAllBytes(subDir.resolve(file));
        int n = upTo < 0 ? upstream.length : (int) upTo;
        assertEquals(n, relay.length, file + " length");
        int fdeEnd = 4 + (int) RawEventCapture.eventLength(upstream, 4);
        assertArrayEquals(Arrays.copyOfRange(upstream, 0, 4 + 17), Arrays.copyOfRange(relay, 0, 4 + 17), file + " magic and header");
        assertArrayEquals(Arrays.copyOfRange(upstream, 4 + 19, fdeEnd - 4), Arrays.copyOfRange(relay, 4 + 19, fdeEnd - 4),
                file + " format description body");
        assertArrayEquals(Arrays.copyOfRange(upstream, fdeEnd, n), Arrays.copyOfRange(relay, fdeEnd, n), file + " events");
    }

    static String mariadbBinlog(Path file) throws Exception {
        Process p = new ProcessBuilder("mariadb-binlog", "--verbose", "--base64-output=decode-rows", file.toString())
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }
}
