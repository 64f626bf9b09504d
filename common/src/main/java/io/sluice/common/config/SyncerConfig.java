package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

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
    /**
     * Safe mode for this long after each start or resume of the sync unit (later DM versions'
     * key; DM 5.3 fixes it at one minute): rows replayed after a restart may already be there.
     * {@code 0s} turns the window off.
     */
    @JsonProperty("safe-mode-duration")
    public String safeModeDuration = "60s";
    @JsonProperty("enable-ansi-quotes")
    public boolean enableAnsiQuotes = false;
    @JsonProperty("multiple-rows")
    public boolean multipleRows = false;
    public boolean compact = false;

    /** The parsed {@link #safeModeDuration}; checked when the task file is parsed. */
    @JsonIgnore
    public Duration safeModeWindow() {
        return ConfigDuration.parse(safeModeDuration);
    }
}
