package io.sluice.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TomlDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void aFlagWinsAndTheFileFillsWhatIsUnset() throws Exception {
        Path f = dir.resolve("dm-worker.toml");
        Files.writeString(f, "name = \"worker1\"\nworker-addr = \"0.0.0.0:8262\"\nkeepalive-ttl = 30\n");
        TomlDefaults toml = TomlDefaults.read(f.toString(), "worker");
        assertEquals("from-flag", toml.or("from-flag", "name"));
        assertEquals("0.0.0.0:8262", toml.or((String) null, "worker-addr"));
        assertEquals(30L, toml.or((Long) null, "keepalive-ttl"));
        assertEquals(5L, toml.or(5L, "keepalive-ttl"));
        assertNull(toml.or((String) null, "join"));
    }

    @Test
    void noFileMeansNoDefaultsAndABadFileIsACodedError() throws Exception {
        assertNull(TomlDefaults.read(null, "master").or((String) null, "name"));
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "name = \n[[[");
        SluiceException e = assertThrows(SluiceException.class, () -> TomlDefaults.read(bad.toString(), "master"));
        assertTrue(e.getMessage().contains("code=20003"), e.getMessage());
    }
}
