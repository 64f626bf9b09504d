package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One table routing rule ({@code routes.<name>}). */
public class RouteRule {
    @JsonProperty("schema-pattern")
    public String schemaPattern = "";
    @JsonProperty("table-pattern")
    public String tablePattern = "";
    @JsonProperty("target-schema")
    public String targetSchema = "";
    @JsonProperty("target-table")
    public String targetTable = "";
    @JsonProperty("extract-table")
    public Map<String, String> extractTable;
    @JsonProperty("extract-schema")
    public Map<String, String> extractSchema;
    @JsonProperty("extract-source")
    public Map<String, String> extractSource;
}
