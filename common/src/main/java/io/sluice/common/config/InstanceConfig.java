package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** One entry of {@code mysql-instances}: a source's part in a task. */
public class InstanceConfig {
    @JsonProperty("source-id")
    public String sourceId = "";
    public Meta meta;
    @JsonProperty("route-rules")
    public List<String> routeRules = new ArrayList<>();
    @JsonProperty("filter-rules")
    public List<String> filterRules = new ArrayList<>();
    @JsonProperty("block-allow-list")
    public String blockAllowList = "";
    @JsonProperty("black-white-list")
    public String blackWhiteList = "";
    @JsonProperty("expression-filters")
    public List<String> expressionFilters = new ArrayList<>();
    @JsonProperty("column-mapping-rules")
    public List<String> columnMappingRules = new ArrayList<>();
    @JsonProperty("mydumper-config-name")
    public String mydumperConfigName = "";
    public DumperConfig mydumper;
    @JsonProperty("mydumper-thread")
    public int mydumperThread = 0;
    @JsonProperty("loader-config-name")
    public String loaderConfigName = "";
    public LoaderConfig loader;
    @JsonProperty("loader-thread")
    public int loaderThread = 0;
    @JsonProperty("syncer-config-name")
    public String syncerConfigName = "";
    public SyncerConfig syncer;
    @JsonProperty("syncer-thread")
    public int syncerThread = 0;

    /** Start position for incremental tasks, used only when no checkpoint exists. */
    public static class Meta {
        @JsonProperty("binlog-name")
        public String binlogName = "";
        @JsonProperty("binlog-pos")
        public long binlogPos = 4;
        @JsonProperty("binlog-gtid")
        public String binlogGtid = "";
    }

    /** The block-allow list name under either spelling. */
    public String blockAllowListName() {
        return blockAllowList != null && !blockAllowList.isEmpty() ? blockAllowList : blackWhiteList;
    }
}
