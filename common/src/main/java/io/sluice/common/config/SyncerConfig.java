package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Sync unit knobs ({@code syncers.<name>}). */
public class SyncerConfig {
    @JsonProperty("worker-count")
    public int workerCount = 16;
    public int batch = 100;
    @JsonProperty("queue-size")
    public int queueSize = 1024;
    @JsonProperty("checkpoint-flush-interval")
    public int checkpointFlushInterval = 30;
    @JsonProperty("max-retry")
    public int maxRetry = 100;
    @JsonProperty("auto-fix-gtid")
    public boolean autoFixGtid = false;
    @JsonProperty("enable-gtid")
    public boolean enableGtid = false;
    @JsonProperty("disable-detect")
    public boolean disableDetect = false;
    @JsonProperty("safe-mode")
    public boolean safeMode = false;
    @JsonProperty("enable-ansi-quotes")
    public boolean enableAnsiQuotes = false;
    @JsonProperty("multiple-rows")
    public boolean multipleRows = false;
    public boolean compact = false;
}
