package io.sluice.worker.dump;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.DumpLoadErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a finished dump holds beyond mydumper's files ({@code chunks.json}, written just before
 * {@code metadata}): its id, the chunks loaded before it was planned (its basis), and per chunk
 * the key range, the data files and the binlog positions its rows are consistent with.
 *
 * @param dumpId an id of this dump, recorded with each chunk it loads
 * @param basis  ids of the chunks already loaded when this dump was planned; the dump is only
 *               valid while no other chunk got loaded (by another worker's dump) since
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DumpManifest(@JsonProperty("dump_id") String dumpId, @JsonProperty("basis") Set<String> basis,
        @JsonProperty("chunks") List<ChunkEntry> chunks) {
    public static final String FILE = "chunks.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One chunk. Its rows are as of {@code start} for keyed tables at least: a replay from
     * {@code start} in safe mode up to {@code safeUntil} makes them current (the two are equal
     * for a snapshot; a dump without one reads rows anywhere between them).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChunkEntry(@JsonProperty("id") String id, @JsonProperty("schema") String schema,
            @JsonProperty("table") String table, @JsonProperty("lo") List<String> lo, @JsonProperty("hi") List<String> hi,
            @JsonProperty("files") List<String> files, @JsonProperty("start") Position start,
            @JsonProperty("safe_until") Position safeUntil) {
        public KeyRange range() {
            return new KeyRange(lo, hi);
        }
    }

    /** A binlog position in JSON. */
    public record Position(@JsonProperty("file") String file, @JsonProperty("pos") long pos, @JsonProperty("gtid") String gtid) {
        static Position of(BinlogPosition p) {
            return new Position(p.file(), p.pos(), p.gtidSet());
        }

        public BinlogPosition binlog() {
            return new BinlogPosition(file, pos, gtid);
        }
    }

    public static DumpManifest read(Path dumpDir) {
        Path file = dumpDir.resolve(FILE);
        try {
            return JSON.readValue(file.toFile(), DumpManifest.class);
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_METADATA_MALFORMED.error(file, e.getMessage());
        }
    }

    static boolean exists(Path dumpDir) {
        return Files.isRegularFile(dumpDir.resolve(FILE));
    }

    void write(Path dumpDir) {
        try {
            DumpFileWriter.writeWhole(dumpDir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_WRITE_FILE.wrap(e, dumpDir.resolve(FILE));
        }
    }
}
