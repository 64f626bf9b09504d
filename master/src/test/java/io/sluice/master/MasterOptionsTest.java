package io.sluice.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.common.errors.SluiceException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterOptionsTest {
    @Test
    void initialClusterAndJoinTogetherAreRefused() {
        MasterOptions o = new MasterOptions();
        o.name = "m1";
        o.initialCluster = "m1=http://127.0.0.1:8291";
        o.join = "127.0.0.1:8261";
        SluiceException e = assertThrows(SluiceException.class, o::resolve);
        assertEquals(38035, e.code().code());
    }

    @Test
    void joinAloneMeansNoInitialClusterAndADataDirFixedWhereTheMasterStarts() {
        MasterOptions o = new MasterOptions();
        o.name = "m4";
        o.join = " http://127.0.0.1:8261, 127.0.0.1:8262 ,";
        o.resolve();
        assertNull(o.initialCluster);
        assertEquals(List.of("127.0.0.1:8261", "127.0.0.1:8262"), MasterOptions.addresses(o.join));
        assertEquals(Path.of("default.m4").toAbsolutePath().toString(), o.dataDir);
    }

    @Test
    void theApiTokenComesFromTheTomlFileUnlessTheFlagGivesOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path toml = dir.resolve("dm-master.toml");
        java.nio.file.Files.writeString(toml, "name = \"m1\"\nopenapi-token = \"from-file\"\n");
        MasterOptions o = new MasterOptions();
        o.config = toml.toString();
        o.resolve();
        assertEquals("from-file", o.openapiToken);
        MasterOptions flag = new MasterOptions();
        flag.config = toml.toString();
        flag.openapiToken = "from-flag";
        flag.resolve();
        assertEquals("from-flag", flag.openapiToken);
    }
}
