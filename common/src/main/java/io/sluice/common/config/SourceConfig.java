package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** DM's {@code source.yaml}. */
public class SourceConfig {
    @JsonProperty("source-id")
    public String sourceId = "";
    @JsonProperty("enable-gtid")
    public boolean enableGtid = false;
    @JsonProperty("enable-relay")
    public boolean enableRelay = false;
    @JsonProperty("relay-binlog-name")
    public String relayBinlogName = "";
    @JsonProperty("relay-binlog-gtid")
    public String relayBinlogGtid = "";
    @JsonProperty("relay-dir")
    public String relayDir = "relay-dir";
    @JsonProperty("case-sensitive")
    public boolean caseSensitive = false;
    public String flavor = "";
    @JsonProperty("server-id")
    public long serverId = 0;
    @JsonProperty("meta-dir")
    public String metaDir = "";
    public DbConfig from = new DbConfig();
    public Purge purge = new Purge();
    public Checker checker = new Checker();
    public List<BinlogEventRule> filters = new ArrayList<>();
    public Tracer tracer;

    public static class Purge {
        public long interval = 3600;
        public long expires = 0;
        @JsonProperty("remain-space")
        public long remainSpace = 15;
    }

    public static class Checker {
        @JsonProperty("check-enable")
        public boolean checkEnable = true;
        @JsonProperty("backoff-rollback")
        public String backoffRollback = "5m0s";
        @JsonProperty("backoff-max")
        public String backoffMax = "5m0s";
        @JsonProperty("check-interval")
        public String checkInterval = "5s";
        @JsonProperty("backoff-min")
        public String backoffMin = "1s";
        @JsonProperty("backoff-jitter")
        public boolean backoffJitter = true;
        @JsonProperty("backoff-factor")
        public double backoffFactor = 2;
    }

    /** Accepted for compatibility with DM's file; Sluice has no tracer service. */
    public static class Tracer {
        public boolean enable = false;
        @JsonProperty("tracer-addr")
        public String tracerAddr = "";
        @JsonProperty("batch-size")
        public int batchSize = 20;
        public String checksum = "";
    }
}
