package io.sluice.common.filter;

import io.sluice.common.config.BinlogEventRule;
import io.sluice.common.config.BlockAllowRule;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.RouteRule;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.ConfigErrors;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What one source contributes to a task: which schemas and tables it migrates (block-allow
 * list), where each lands (routes), and which binlog events are skipped (event filters).
 * Dump, load and sync all ask this one object, so the full and incremental phases agree.
 *
 * <p>The sync unit asks about every row event, so the answers for a table are worked out
 * once and kept; the object is safe to share between threads.
 */
public final class MigrationRules {
    /** More tables than any sane upstream has; past it the cache restarts rather than grow without end. */
    private static final int CACHE_LIMIT = 200_000;

    /** MySQL's CREATE/ALTER/DROP EVENT (scheduler) statements are never replicated, as in DM. */
    private static final Pattern SCHEDULER_EVENT_DDL = Pattern.compile(
            "^\\s*(?:/\\*.*?\\*/\\s*)*(?:CREATE|ALTER|DROP)\\s+(?:DEFINER\\s*=\\s*\\S+\\s+)?EVENT\\s",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final String metaSchema;
    private final BlockAllowList blockAllow;
    private final TableRouter router;
    private final BinlogEventFilter events;
    private final Map<TableName, Decision> decisions = new ConcurrentHashMap<>();

    /** Everything the rules say about one upstream table (or schema, when the table is empty). */
    private record Decision(boolean allowed, TableName target, RuntimeException routeError, BinlogEventFilter.Selected filters) {
    }

    private MigrationRules(String metaSchema, BlockAllowList blockAllow, TableRouter router, BinlogEventFilter events) {
        this.metaSchema = metaSchema;
        this.blockAllow = blockAllow;
        this.router = router;
        this.events = events;
    }

    /** The task's rules for one of its sources, without source-level filters. */
    public static MigrationRules of(TaskConfig task, InstanceConfig instance) {
        return of(task, instance, null);
    }

    /**
     * The task's rules for one of its sources, plus the source's own {@code filters[]} (applied
     * after the task's). Names are compared case-insensitively unless the task or the source
     * sets {@code case-sensitive: true}.
     *
     * @throws io.sluice.common.errors.SluiceException when a referenced rule is undefined or invalid
     */
    public static MigrationRules of(TaskConfig task, InstanceConfig instance, SourceConfig source) {
        boolean cs = task.caseSensitive || (source != null && source.caseSensitive);
        String meta = task.metaSchema == null || task.metaSchema.isEmpty() ? "dm_meta" : task.metaSchema;

        BlockAllowList ba = BlockAllowList.ALLOW_ALL;
        String baName = instance.blockAllowListName();
        if (baName != null && !baName.isEmpty()) {
            BlockAllowRule rule = task.blockAllowLists().get(baName);
            if (rule == null) {
                throw ConfigErrors.UNDEFINED_RULE.error(task.mysqlInstances.indexOf(instance), "block-allow-list", baName);
            }
            ba = BlockAllowList.compile(baName, rule, cs);
        }

        Map<String, RouteRule> routes = new LinkedHashMap<>();
        for (String name : instance.routeRules) {
            RouteRule r = task.routes.get(name);
            if (r == null) {
                throw ConfigErrors.UNDEFINED_RULE.error(task.mysqlInstances.indexOf(instance), "route-rules", name);
            }
            routes.put(name, r);
        }

        Map<String, BinlogEventRule> filters = new LinkedHashMap<>();
        for (String name : instance.filterRules) {
            BinlogEventRule f = task.filters.get(name);
            if (f == null) {
                throw ConfigErrors.UNDEFINED_RULE.error(task.mysqlInstances.indexOf(instance), "filter-rules", name);
            }
            filters.put(name, f);
        }
        if (source != null && source.filters != null) {
            for (int i = 0; i < source.filters.size(); i++) {
                filters.put("source " + source.sourceId + " filters[" + i + "]", source.filters.get(i));
            }
        }
        return new MigrationRules(meta, ba, TableRouter.compile(routes, cs), BinlogEventFilter.compile(filters, cs));
    }

    /** System schemas are never migrated. */
    public static boolean isSystemSchema(String schema) {
        String s = schema.toLowerCase(Locale.ROOT);
        return s.equals("mysql") || s.equals("information_schema") || s.equals("performance_schema") || s.equals("sys");
    }

    /** Whether the schema itself is migrated (for CREATE/DROP DATABASE): only the schema level of the block-allow list. */
    public boolean schemaAllowed(String schema) {
        return decide(schema, "").allowed;
    }

    /** Whether this upstream table is migrated. */
    public boolean tableAllowed(String schema, String table) {
        return decide(schema, table).allowed;
    }

    /**
     * The downstream name of an upstream table (or schema, when {@code table} is empty).
     *
     * @throws io.sluice.common.errors.SluiceException INVALID_ROUTE_RULE when two route rules
     *     claim this table
     */
    public TableName route(String schema, String table) {
        Decision d = decide(schema, table);
        if (d.routeError != null) {
            throw d.routeError;
        }
        return d.target;
    }

    /**
     * Whether the event filters skip this event. {@code sql} is the statement text for DDL and
     * empty for row events. Block-allow decisions are separate: ask {@link #tableAllowed} too.
     */
    public boolean skipEvent(String schema, String table, EventType type, String sql) {
        if (sql != null && !sql.isEmpty() && !type.isDml() && SCHEDULER_EVENT_DDL.matcher(sql).find()) {
            return true;
        }
        return decide(schema, table).filters.skip(type, sql);
    }

    private Decision decide(String schema, String table) {
        TableName key = new TableName(schema, table);
        Decision d = decisions.get(key);
        if (d == null) {
            d = compute(key.schema(), key.table());
            if (decisions.size() >= CACHE_LIMIT) {
                decisions.clear();
            }
            decisions.put(key, d);
        }
        return d;
    }

    private Decision compute(String schema, String table) {
        boolean allowed = !isSystemSchema(schema) && !schema.equalsIgnoreCase(metaSchema)
                && (table.isEmpty() ? blockAllow.schemaAllowed(schema) : blockAllow.tableAllowed(schema, table));
        TableName target = null;
        RuntimeException routeError = null;
        try {
            target = router.route(schema, table);
        } catch (RuntimeException e) {
            // Kept so a conflicting table fails each time it is routed, not only the first.
            routeError = e;
        }
        return new Decision(allowed, target, routeError, events.select(schema, table));
    }
}
