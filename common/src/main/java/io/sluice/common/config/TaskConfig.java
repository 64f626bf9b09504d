package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DM's {@code task.yaml}. After {@link ConfigFiles#parseTask} the per-instance unit configs are resolved. */
public class TaskConfig {
    public String name = "";
    @JsonProperty("task-mode")
    public String taskMode = "";
    @JsonProperty("shard-mode")
    public String shardMode = "";
    @JsonProperty("is-sharding")
    public Boolean isSharding;
    @JsonProperty("meta-schema")
    public String metaSchema = "dm_meta";
    @JsonProperty("online-ddl")
    public boolean onlineDdl = false;
    @JsonProperty("online-ddl-scheme")
    public String onlineDdlScheme = "";
    @JsonProperty("case-sensitive")
    public boolean caseSensitive = false;
    @JsonProperty("collation_compatible")
    public String collationCompatible = "loose";
    @JsonProperty("ignore-checking-items")
    public List<String> ignoreCheckingItems = new ArrayList<>();
    @JsonProperty("target-database")
    public DbConfig targetDatabase;
    @JsonProperty("mysql-instances")
    public List<InstanceConfig> mysqlInstances = new ArrayList<>();
    public Map<String, RouteRule> routes = new LinkedHashMap<>();
    public Map<String, BinlogEventRule> filters = new LinkedHashMap<>();
    @JsonProperty("block-allow-list")
    public Map<String, BlockAllowRule> blockAllowList = new LinkedHashMap<>();
    @JsonProperty("black-white-list")
    public Map<String, BlockAllowRule> blackWhiteList = new LinkedHashMap<>();
    @JsonProperty("expression-filter")
    public Map<String, ExpressionFilterRule> expressionFilter = new LinkedHashMap<>();
    @JsonProperty("column-mappings")
    public Map<String, Object> columnMappings = new LinkedHashMap<>();
    public Map<String, DumperConfig> mydumpers = new LinkedHashMap<>();
    public Map<String, LoaderConfig> loaders = new LinkedHashMap<>();
    public Map<String, SyncerConfig> syncers = new LinkedHashMap<>();
    @JsonProperty("enable-heartbeat")
    public boolean enableHeartbeat = false;
    @JsonProperty("heartbeat-update-interval")
    public int heartbeatUpdateInterval = 1;
    @JsonProperty("heartbeat-report-interval")
    public int heartbeatReportInterval = 10;
    public String timezone = "";
    @JsonProperty("remove-meta")
    public boolean removeMeta = false;
    @JsonProperty("clean-dump-file")
    public boolean cleanDumpFile = true;

    public boolean isFull() {
        return "full".equals(taskMode);
    }

    public boolean isIncremental() {
        return "incremental".equals(taskMode);
    }

    public InstanceConfig instance(String sourceId) {
        for (InstanceConfig ic : mysqlInstances) {
            if (ic.sourceId.equals(sourceId)) {
                return ic;
            }
        }
        return null;
    }

    /** The block-allow lists under either spelling. */
    public Map<String, BlockAllowRule> blockAllowLists() {
        return blockAllowList.isEmpty() ? blackWhiteList : blockAllowList;
    }
}
