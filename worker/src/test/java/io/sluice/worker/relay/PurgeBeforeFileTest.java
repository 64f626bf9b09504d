package io.sluice.worker.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.errors.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** purge-relay by file name on a relay directory of two upstream servers: what goes, and every refusal deleting nothing. */
class PurgeBeforeFileTest {
    @TempDir
    Path root;
    private RelayDirectory dir;
    private String oldServer;
    private String newServer;
    private final Map<String, BinlogPosition> checkpoints = new LinkedHashMap<>();

    @BeforeEach
    void layout() throws Exception {
        dir = new RelayDirectory(root);
        oldServer = dir.addSubDir("0-1");
        newServer = dir.addSubDir("0-2");
        for (String f : List.of("mysql-bin.000001", "mysql-bin.000002", "mysql-bin.000003")) {
            Files.write(dir.path(oldServer).resolve(f), RelayWriter.MAGIC);
        }
        for (String f : List.of("other-bin.000007", "other-bin.000008", "other-bin.000009", "other-bin.000010")) {
            Files.write(dir.path(newServer).resolve(f), RelayWriter.MAGIC);
        }
    }

    private RelayPurger purger() {
        return new RelayPurger(new SourceConfig.Purge(), dir, () -> new BinlogPosition("other-bin.000010", 4, ""), () -> List.of(),
                () -> Long.MAX_VALUE, "test");
    }

    private int fileCount() {
        return dir.files(oldServer).size() + dir.files(newServer).size();
    }

    @Test
    void filesBeforeTheNamedOneGoInItsSubDirectoryAndAllOlderOnes() {
        checkpoints.put("task_a", new BinlogPosition("other-bin.000009", 120, "0-2-33"));
        List<String> deleted = purger().purgeBefore("other-bin.000009", "", checkpoints);
        assertEquals(List.of(oldServer + "/mysql-bin.000001", oldServer + "/mysql-bin.000002", oldServer + "/mysql-bin.000003",
                newServer + "/other-bin.000007", newServer + "/other-bin.000008"), deleted);
        assertEquals(List.of(), dir.files(oldServer));
        assertEquals(List.of("other-bin.000009", "other-bin.000010"), dir.files(newServer));
    }

    @Test
    void anOlderSubDirectoryIsNamedWithSubDir() {
        checkpoints.put("task_a", new BinlogPosition("mysql-bin.000003", 4, ""));
        assertEquals(List.of(oldServer + "/mysql-bin.000001", oldServer + "/mysql-bin.000002"),
                purger().purgeBefore("mysql-bin.000003", oldServer, checkpoints));
        assertEquals(5, fileCount());
    }

    @Test
    void aFileATaskStillNeedsRefusesTheWholeRequestNamingTheTask() {
        checkpoints.put("task_ahead", new BinlogPosition("other-bin.000010", 4, ""));
        checkpoints.put("task_behind", new BinlogPosition("other-bin.000008", 1234, ""));
        SluiceException e = assertThrows(SluiceException.class, () -> purger().purgeBefore("other-bin.000010", "", checkpoints));
        assertTrue(e.getMessage().startsWith("[code=30037:"), e.getMessage());
        assertTrue(e.getMessage().contains("task task_behind still needs relay file " + newServer + "/other-bin.000008"), e.getMessage());
        assertEquals(7, fileCount(), "nothing deleted");
    }

    @Test
    void aTaskWithoutAReadableCheckpointRefusesThePurge() {
        checkpoints.put("task_loading", null);
        SluiceException e = assertThrows(SluiceException.class, () -> purger().purgeBefore("other-bin.000008", "", checkpoints));
        assertTrue(e.getMessage().contains("task_loading"), e.getMessage());
        assertEquals(7, fileCount());
    }

    @Test
    void unknownFileAndSubDirectoryAreCodedErrors() {
        SluiceException noFile = assertThrows(SluiceException.class, () -> purger().purgeBefore("mysql-bin.000002", "", checkpoints));
        assertTrue(noFile.getMessage().startsWith("[code=30102:"), noFile.getMessage());
        assertTrue(noFile.getMessage().contains(newServer), noFile.getMessage());
        SluiceException noDir = assertThrows(SluiceException.class, () -> purger().purgeBefore("mysql-bin.000002", "0-9.000001", checkpoints));
        assertTrue(noDir.getMessage().startsWith("[code=28003:"), noDir.getMessage());
        SluiceException empty = assertThrows(SluiceException.class, () -> purger().purgeBefore(" ", "", checkpoints));
        assertTrue(empty.getMessage().startsWith("[code=30039:"), empty.getMessage());
        assertEquals(7, fileCount());
    }

    @Test
    void theFileBeingWrittenNeverGoes() {
        RelayPurger writingOld = new RelayPurger(new SourceConfig.Purge(), dir, () -> new BinlogPosition("other-bin.000008", 4, ""),
                () -> List.of(), () -> Long.MAX_VALUE, "test");
        SluiceException e = assertThrows(SluiceException.class, () -> writingOld.purgeBefore("other-bin.000009", "", checkpoints));
        assertTrue(e.getMessage().contains("still writing other-bin.000008"), e.getMessage());
        assertEquals(7, fileCount());
    }

    @Test
    void noRelayYetIsNoActiveRelayLog() throws Exception {
        RelayDirectory empty = new RelayDirectory(Files.createDirectory(root.resolve("empty")));
        RelayPurger p = new RelayPurger(new SourceConfig.Purge(), empty, () -> null, () -> List.of(), () -> Long.MAX_VALUE, "test");
        SluiceException e = assertThrows(SluiceException.class, () -> p.purgeBefore("mysql-bin.000001", "", checkpoints));
        assertTrue(e.getMessage().startsWith("[code=30038:"), e.getMessage());
    }
}
