package io.sluice.worker.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.SourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Automatic purge by age and by free space, never past what a subtask or the relay itself still needs. */
class RelayPurgerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");
    private static final long GB = 1L << 30;

    @TempDir
    Path root;
    private RelayDirectory dir;
    private final SourceConfig.Purge cfg = new SourceConfig.Purge();
    private final AtomicReference<List<BinlogPosition>> checkpoints = new AtomicReference<>();
    private final AtomicLong free = new AtomicLong(100 * GB);
    private String oldServer;
    private String newServer;

    @BeforeEach
    void layout() throws Exception {
        dir = new RelayDirectory(root);
        oldServer = dir.addSubDir("0-1");
        newServer = dir.addSubDir("0-2");
        // the old server's three files are two days old, the new server's are fresh
        for (String f : List.of("mysql-bin.000001", "mysql-bin.000002", "mysql-bin.000003")) {
            file(oldServer, f, NOW.minus(Duration.ofDays(2)));
        }
        file(newServer, "mysql-bin.000001", NOW.minus(Duration.ofDays(2)));
        file(newServer, "mysql-bin.000002", NOW.minus(Duration.ofMinutes(5)));
        file(newServer, "mysql-bin.000003", NOW);
        cfg.interval = 3600;
        cfg.expires = 24;
        cfg.remainSpace = 15;
    }

    private void file(String sub, String name, Instant modified) throws Exception {
        Path f = dir.path(sub).resolve(name);
        Files.write(f, RelayWriter.MAGIC);
        Files.setLastModifiedTime(f, FileTime.from(modified));
    }

    private RelayPurger purger() {
        return new RelayPurger(cfg, dir, () -> new BinlogPosition("mysql-bin.000003", 4, ""), checkpoints::get, free::get, "test");
    }

    @Test
    void expiredFilesBeforeEveryCheckpointGo() throws Exception {
        file(newServer, "mysql-bin.000004", NOW);
        checkpoints.set(List.of(new BinlogPosition("mysql-bin.000004", 120, "")));
        List<String> deleted = purger().purge(NOW);
        assertEquals(List.of(oldServer + "/mysql-bin.000001", oldServer + "/mysql-bin.000002", oldServer + "/mysql-bin.000003",
                newServer + "/mysql-bin.000001"), deleted);
        assertEquals(List.of("mysql-bin.000002", "mysql-bin.000003", "mysql-bin.000004"), dir.files(newServer));
    }

    @Test
    void aCheckpointFileNameBothServersHadKeepsTheOldServersCopy() {
        // after the switch both sub-directories hold mysql-bin.000002: the task may still read the old
        // server's copy, so that copy and everything after it stays
        checkpoints.set(List.of(new BinlogPosition("mysql-bin.000002", 120, "")));
        assertEquals(List.of(oldServer + "/mysql-bin.000001"), purger().purge(NOW));
        assertEquals(List.of("mysql-bin.000002", "mysql-bin.000003"), dir.files(oldServer));
        assertEquals(3, dir.files(newServer).size());
    }

    @Test
    void aPausedTaskFarBehindKeepsItsFiles() throws Exception {
        Files.delete(dir.path(newServer).resolve("mysql-bin.000002"));
        // its checkpoint is in the old server's second file: that file and all after it stay, however old
        checkpoints.set(List.of(new BinlogPosition("mysql-bin.000002", 4, ""), new BinlogPosition("mysql-bin.000003", 4, "")));
        assertEquals(List.of(oldServer + "/mysql-bin.000001"), purger().purge(NOW));
        assertEquals(List.of("mysql-bin.000002", "mysql-bin.000003"), dir.files(oldServer));
        assertEquals(List.of("mysql-bin.000001", "mysql-bin.000003"), dir.files(newServer));
    }

    @Test
    void freshFilesStayUntilSpaceRunsLow() throws Exception {
        file(newServer, "mysql-bin.000004", NOW);
        checkpoints.set(List.of(new BinlogPosition("mysql-bin.000004", 4, "")));
        cfg.expires = 0;
        assertEquals(List.of(), purger().purge(NOW), "no age limit and space enough: nothing goes");
        free.set(10 * GB); // below remain-space 15 GB: everything no one needs goes, whatever its age
        List<String> deleted = purger().purge(NOW);
        assertEquals(5, deleted.size(), deleted.toString());
        assertEquals(List.of("mysql-bin.000003", "mysql-bin.000004"), dir.files(newServer));
    }

    @Test
    void nothingGoesWhileASubtaskCannotTellWhereItIs() {
        checkpoints.set(null); // a subtask still in its full phase, or a target that did not answer
        free.set(0);
        assertEquals(List.of(), purger().purge(NOW));
        checkpoints.set(List.of(new BinlogPosition("mysql-bin.000009", 4, ""))); // not in the relay log at all
        assertEquals(List.of(), purger().purge(NOW));
        assertEquals(3, dir.files(oldServer).size());
    }
}
