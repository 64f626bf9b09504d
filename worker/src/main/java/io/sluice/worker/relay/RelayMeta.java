package io.sluice.worker.relay;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.RelayErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code relay.meta} of a relay sub-directory, as DM writes it (TOML): the upstream position and
 * GTID set up to which the relay files hold whole transactions. Written after the data it
 * covers, by an atomic rename, so a crash leaves either the old or the new meta.
 */
final class RelayMeta {
    static final String FILE = "relay.meta";
    private static final TomlMapper TOML = new TomlMapper();

    @JsonProperty("binlog-name")
    public String binlogName = "";
    @JsonProperty("binlog-pos")
    public long binlogPos = 4;
    @JsonProperty("binlog-gtid")
    public String binlogGtid = "";

    static RelayMeta of(BinlogPosition p) {
        RelayMeta m = new RelayMeta();
        m.binlogName = p.file();
        m.binlogPos = p.pos();
        m.binlogGtid = p.gtidSet() == null ? "" : p.gtidSet();
        return m;
    }

    BinlogPosition position() {
        return new BinlogPosition(binlogName, binlogPos, binlogGtid);
    }

    /** The meta of {@code subDir}, or null when it has none yet. */
    static RelayMeta read(Path subDir) {
        Path f = subDir.resolve(FILE);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return TOML.readValue(f.toFile(), RelayMeta.class);
        } catch (IOException e) {
            throw RelayErrors.RELAY_IO.wrap(e, "read", f);
        }
    }

    void write(Path subDir) {
        Path f = subDir.resolve(FILE);
        Path tmp = subDir.resolve(FILE + ".tmp");
        try {
            Files.writeString(tmp, TOML.writeValueAsString(this));
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw RelayErrors.RELAY_IO.wrap(e, "write", f);
        }
    }
}
