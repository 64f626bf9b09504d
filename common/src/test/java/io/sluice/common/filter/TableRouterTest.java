package io.sluice.common.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.RouteRule;
import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableRouterTest {
    static RouteRule rule(String schema, String table, String targetSchema, String targetTable) {
        RouteRule r = new RouteRule();
        r.schemaPattern = schema;
        r.tablePattern = table;
        r.targetSchema = targetSchema;
        r.targetTable = targetTable;
        return r;
    }

    static TableRouter shardMerge() {
        Map<String, RouteRule> rules = new LinkedHashMap<>();
        // The schema rule is listed first on purpose: the table rule must still win for tables.
        rules.put("schema", rule("shard_*", "", "merged", ""));
        rules.put("table", rule("shard_*", "t_*", "merged", "t"));
        return TableRouter.compile(rules, false);
    }

    @Test
    void shardTablesMergeIntoOneTable() {
        TableRouter r = shardMerge();
        assertEquals(new TableName("merged", "t"), r.route("shard_1", "t_1"));
        assertEquals(new TableName("merged", "t"), r.route("SHARD_2", "T_9"));
    }

    @Test
    void schemaRuleRenamesSchemaAndKeepsTableName() {
        TableRouter r = shardMerge();
        assertEquals(new TableName("merged", "other"), r.route("shard_1", "other"));
        assertEquals(new TableName("merged", ""), r.route("shard_1", ""));
    }

    @Test
    void schemaEventsIgnoreTableRules() {
        Map<String, RouteRule> rules = new LinkedHashMap<>();
        rules.put("table", rule("shard_*", "*", "merged", "t"));
        TableRouter r = TableRouter.compile(rules, false);
        assertEquals(new TableName("shard_1", ""), r.route("shard_1", ""));
    }

    @Test
    void unmatchedNamesAndEmptyTargetTableAreKept() {
        Map<String, RouteRule> rules = new LinkedHashMap<>();
        rules.put("keep-table", rule("src", "orders", "dst", ""));
        TableRouter r = TableRouter.compile(rules, true);
        assertEquals(new TableName("dst", "orders"), r.route("src", "orders"));
        assertEquals(new TableName("src", "users"), r.route("src", "users"));
        assertEquals(new TableName("x", "y"), r.route("x", "y"));
    }

    @Test
    void twoTableRulesClaimingOneTableIsAnError() {
        Map<String, RouteRule> rules = new LinkedHashMap<>();
        rules.put("r1", rule("test_*", "t_*", "a", "t"));
        rules.put("r2", rule("test_1_bak", "t_1_bak", "b", "t"));
        TableRouter r = TableRouter.compile(rules, false);
        assertEquals(new TableName("a", "t"), r.route("test_2", "t_2"));
        SluiceException e = assertThrows(SluiceException.class, () -> r.route("test_1_bak", "t_1_bak"));
        assertEquals(ConfigErrors.INVALID_ROUTE_RULE, e.code());
        assertTrue(e.getMessage().contains("r1") && e.getMessage().contains("r2"), e.getMessage());
    }

    @Test
    void malformedRulesAreRejected() {
        assertThrows(SluiceException.class, () -> TableRouter.compile(Map.of("x", rule("", "t", "a", "")), false));
        assertThrows(SluiceException.class, () -> TableRouter.compile(Map.of("x", rule("s", "", "a", "t")), false));
        Map<String, RouteRule> dup = new LinkedHashMap<>();
        dup.put("a", rule("S_*", "t", "x", ""));
        dup.put("b", rule("s_*", "T", "y", ""));
        SluiceException e = assertThrows(SluiceException.class, () -> TableRouter.compile(dup, false));
        assertEquals(ConfigErrors.INVALID_ROUTE_RULE, e.code());
    }
}
