package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Dump unit knobs ({@code mydumpers.<name>}). */
public class DumperConfig {
    public int threads = 4;
    /** Rows per chunk; 0 lets the dump choose. */
    public long rows = 0;
    @JsonProperty("chunk-filesize")
    public String chunkFilesize = "64";
    @JsonProperty("statement-size")
    public long statementSize = 1_000_000;
    /**
     * How the dump gets a consistent start: auto, flush, snapshot, lock or none (Dumpling's
     * {@code --consistency}; also accepted inside {@code extra-args}, which wins).
     */
    public String consistency = "auto";
    /** Dumpling options; only those {@link DumpExtraArgs} lists are accepted. */
    @JsonProperty("extra-args")
    public String extraArgs = "";
    @JsonProperty("skip-tz-utc")
    public boolean skipTzUtc = false;
    @JsonProperty("mydumper-path")
    public String mydumperPath = "";
}
