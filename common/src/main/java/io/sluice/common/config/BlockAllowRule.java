package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** One block-allow list ({@code block-allow-list.<name>}). */
public class BlockAllowRule {
    @JsonProperty("do-dbs")
    public List<String> doDbs = new ArrayList<>();
    @JsonProperty("ignore-dbs")
    public List<String> ignoreDbs = new ArrayList<>();
    @JsonProperty("do-tables")
    public List<TableRef> doTables = new ArrayList<>();
    @JsonProperty("ignore-tables")
    public List<TableRef> ignoreTables = new ArrayList<>();

    public static class TableRef {
        @JsonProperty("db-name")
        public String dbName = "";
        @JsonProperty("tbl-name")
        public String tblName = "";
    }
}
