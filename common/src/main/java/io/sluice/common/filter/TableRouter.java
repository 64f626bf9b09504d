package io.sluice.common.filter;

import io.sluice.common.config.RouteRule;
import io.sluice.common.errors.ConfigErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Table routing ({@code routes}): where an upstream schema or table lands downstream.
 *
 * <p>A table is routed by the one table rule (non-empty table-pattern) that matches it; when
 * none does, by the one schema-only rule matching its schema, which renames the schema and
 * keeps the table name. A schema object (CREATE/DROP DATABASE, empty table) is routed by
 * schema-only rules alone, which is why DM asks for a schema rule next to shard-merge table
 * rules. An empty target-table keeps the table name. Two rules of the same kind matching one
 * name is a configuration error, not a guess.
 *
 * <p>{@code extract-table}, {@code extract-schema} and {@code extract-source} are accepted in
 * the file but not applied: Sluice does not add shard-origin columns.
 */
public final class TableRouter {
    public static final TableRouter IDENTITY = new TableRouter(List.of(), List.of());

    private record Rule(String name, NamePattern schema, NamePattern table, String targetSchema, String targetTable) {
    }

    private final List<Rule> tableRules;
    private final List<Rule> schemaRules;

    private TableRouter(List<Rule> tableRules, List<Rule> schemaRules) {
        this.tableRules = tableRules;
        this.schemaRules = schemaRules;
    }

    /**
     * Compiles the named rules in order.
     *
     * @throws io.sluice.common.errors.SluiceException INVALID_ROUTE_RULE for a rule without
     *     schema-pattern or target-schema, a schema-only rule with a target-table, or two rules
     *     with the same patterns
     */
    public static TableRouter compile(Map<String, RouteRule> rules, boolean caseSensitive) {
        List<Rule> tables = new ArrayList<>();
        List<Rule> schemas = new ArrayList<>();
        for (Map.Entry<String, RouteRule> e : rules.entrySet()) {
            String name = e.getKey();
            RouteRule r = e.getValue();
            if (r == null || blank(r.schemaPattern)) {
                throw ConfigErrors.INVALID_ROUTE_RULE.error(name, "schema-pattern must be set");
            }
            if (blank(r.targetSchema)) {
                throw ConfigErrors.INVALID_ROUTE_RULE.error(name, "target-schema must be set");
            }
            Rule rule = new Rule(name, NamePattern.wildcard(r.schemaPattern, caseSensitive),
                    NamePattern.wildcard(nz(r.tablePattern), caseSensitive), r.targetSchema, nz(r.targetTable));
            if (rule.table.isEmpty() && !rule.targetTable.isEmpty()) {
                throw ConfigErrors.INVALID_ROUTE_RULE.error(name, "target-table needs a table-pattern; a schema-only rule keeps table names");
            }
            List<Rule> kind = rule.table.isEmpty() ? schemas : tables;
            for (Rule other : kind) {
                if (other.schema.sameAs(rule.schema) && other.table.sameAs(rule.table)) {
                    throw ConfigErrors.INVALID_ROUTE_RULE.error(name, "has the same patterns as rule `" + other.name + "`");
                }
            }
            kind.add(rule);
        }
        return new TableRouter(List.copyOf(tables), List.copyOf(schemas));
    }

    /**
     * The downstream name of {@code schema.table}, or of the schema when {@code table} is empty.
     *
     * @throws io.sluice.common.errors.SluiceException INVALID_ROUTE_RULE when two rules of the
     *     deciding kind match
     */
    public TableName route(String schema, String table) {
        String t = nz(table);
        if (!t.isEmpty()) {
            Rule byTable = only(tableRules, schema, t);
            if (byTable != null) {
                return new TableName(byTable.targetSchema, byTable.targetTable.isEmpty() ? t : byTable.targetTable);
            }
        }
        Rule bySchema = only(schemaRules, schema, t);
        if (bySchema != null) {
            return new TableName(bySchema.targetSchema, t);
        }
        return new TableName(schema, t);
    }

    private static Rule only(List<Rule> rules, String schema, String table) {
        Rule found = null;
        for (Rule r : rules) {
            if (r.schema.matches(schema) && (r.table.isEmpty() || r.table.matches(table))) {
                if (found != null) {
                    throw ConfigErrors.INVALID_ROUTE_RULE.error(r.name, new TableName(schema, table)
                            + " is matched by both `" + found.name + "` and `" + r.name + "`; one table may match only one rule");
                }
                found = r;
            }
        }
        return found;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
