package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** One binlog event filter rule ({@code filters.<name>} in a task, {@code filters[]} in a source). */
public class BinlogEventRule {
    @JsonProperty("schema-pattern")
    public String schemaPattern = "";
    @JsonProperty("table-pattern")
    public String tablePattern = "";
    public List<String> events = new ArrayList<>();
    @JsonProperty("sql-pattern")
    public List<String> sqlPattern = new ArrayList<>();
    /** {@code Do} or {@code Ignore}. */
    public String action = "";
}
