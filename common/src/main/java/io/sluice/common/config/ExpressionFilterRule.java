package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One SQL-expression row filter ({@code expression-filter.<name>}). */
public class ExpressionFilterRule {
    public String schema = "";
    public String table = "";
    @JsonProperty("insert-value-expr")
    public String insertValueExpr = "";
    @JsonProperty("update-old-value-expr")
    public String updateOldValueExpr = "";
    @JsonProperty("update-new-value-expr")
    public String updateNewValueExpr = "";
    @JsonProperty("delete-value-expr")
    public String deleteValueExpr = "";
}
