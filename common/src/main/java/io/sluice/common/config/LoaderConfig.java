package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Load unit knobs ({@code loaders.<name>}). */
public class LoaderConfig {
    @JsonProperty("pool-size")
    public int poolSize = 16;
    /** Where dump files are written; relative paths are under the worker's data dir. */
    public String dir = "./dumped_data";
    @JsonProperty("import-mode")
    public String importMode = "sql";
    @JsonProperty("on-duplicate")
    public String onDuplicate = "replace";
}
