package io.sluice.common.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.filter.BinlogEventFilter;
import io.sluice.common.filter.BlockAllowList;
import io.sluice.common.filter.ExpressionFilter;
import io.sluice.common.filter.TableRouter;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Validates a parsed task file and resolves each instance's named unit configs and thread
 * shortcuts, so the units read {@code instance.mydumper/loader/syncer} directly.
 */
final class TaskConfigResolver {
    /** Only for copying unit configs; the annotations make the copy field for field. */
    private static final ObjectMapper COPIER = new ObjectMapper();

    private TaskConfigResolver() {
    }

    static void resolve(TaskConfig t) {
        if (t.name == null || t.name.isEmpty()) {
            throw ConfigErrors.TASK_NAME_EMPTY.error();
        }
        if (!Set.of("full", "incremental", "all").contains(t.taskMode)) {
            throw ConfigErrors.INVALID_TASK_MODE.error(t.taskMode);
        }
        if (!Set.of("", "pessimistic", "optimistic").contains(t.shardMode)) {
            throw ConfigErrors.INVALID_SHARD_MODE.error(t.shardMode);
        }
        if (t.metaSchema == null || t.metaSchema.isEmpty()) {
            t.metaSchema = "dm_meta";
        }
        resolveOnlineDdl(t);
        CheckingItems.validate(t.ignoreCheckingItems);
        if (t.timezone != null && !t.timezone.isEmpty()) {
            try {
                ZoneId.of(t.timezone);
            } catch (DateTimeException e) {
                throw ConfigErrors.INVALID_TIMEZONE.error(t.timezone);
            }
        }
        if (t.targetDatabase == null || t.targetDatabase.host.isEmpty()) {
            throw ConfigErrors.MISSING_KEY.error("target-database.host", "task");
        }
        if (t.mysqlInstances.isEmpty()) {
            throw ConfigErrors.MISSING_KEY.error("mysql-instances", "task");
        }
        validateRules(t);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < t.mysqlInstances.size(); i++) {
            InstanceConfig ic = t.mysqlInstances.get(i);
            if (ic.sourceId.isEmpty()) {
                throw ConfigErrors.EMPTY_SOURCE_ID.error();
            }
            if (!seen.add(ic.sourceId)) {
                throw ConfigErrors.DUPLICATE_SOURCE_IN_TASK.error(ic.sourceId);
            }
            resolveInstance(t, i, ic);
        }
        rejectUnused(t);
    }

    /** {@code online-ddl-scheme} is the pre-v2.0.5 switch: any supported value just turns online DDL on. */
    private static void resolveOnlineDdl(TaskConfig t) {
        String scheme = t.onlineDdlScheme == null ? "" : t.onlineDdlScheme;
        if (!scheme.isEmpty()) {
            if (!scheme.equals("gh-ost") && !scheme.equals("pt")) {
                throw ConfigErrors.ONLINE_SCHEME_NOT_SUPPORTED.error(scheme);
            }
            t.onlineDdl = true;
        }
    }

    /** Compiles every defined rule once, so a bad one fails at start-task with its name, not mid-sync. */
    private static void validateRules(TaskConfig t) {
        for (Map.Entry<String, BinlogEventRule> e : t.filters.entrySet()) {
            BinlogEventFilter.validate(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, BlockAllowRule> e : t.blockAllowLists().entrySet()) {
            BlockAllowList.compile(e.getKey(), e.getValue(), t.caseSensitive);
        }
        for (Map.Entry<String, RouteRule> e : t.routes.entrySet()) {
            TableRouter.compile(Map.of(e.getKey(), e.getValue() == null ? new RouteRule() : e.getValue()), t.caseSensitive);
        }
        for (Map.Entry<String, ExpressionFilterRule> e : t.expressionFilter.entrySet()) {
            ExpressionFilter.validate(e.getKey(), e.getValue());
        }
    }

    private static void resolveInstance(TaskConfig t, int i, InstanceConfig ic) {
        Set<String> routes = new HashSet<>();
        for (String r : ic.routeRules) {
            if (!t.routes.containsKey(r)) {
                throw ConfigErrors.UNDEFINED_RULE.error(i, "route-rules", r);
            }
            if (!routes.add(r)) {
                throw ConfigErrors.INVALID_ROUTE_RULE.error(r, "referenced twice by mysql-instance(" + i + ")");
            }
        }
        Set<String> filters = new HashSet<>();
        for (String f : ic.filterRules) {
            if (!t.filters.containsKey(f)) {
                throw ConfigErrors.UNDEFINED_RULE.error(i, "filter-rules", f);
            }
            if (!filters.add(f)) {
                throw ConfigErrors.INVALID_FILTER_RULE.error(f, "referenced twice by mysql-instance(" + i + ")");
            }
        }
        // Rules that only conflict in combination (two routes with the same patterns) show up here.
        Map<String, RouteRule> used = new LinkedHashMap<>();
        ic.routeRules.forEach(r -> used.put(r, t.routes.get(r)));
        TableRouter.compile(used, t.caseSensitive);
        String ba = ic.blockAllowListName();
        if (ba != null && !ba.isEmpty() && !t.blockAllowLists().containsKey(ba)) {
            throw ConfigErrors.UNDEFINED_RULE.error(i, "block-allow-list", ba);
        }
        for (String e : ic.expressionFilters) {
            if (!t.expressionFilter.containsKey(e)) {
                throw ConfigErrors.EXPR_FILTER_NOT_FOUND.error(i, e);
            }
        }
        // Each instance gets its own copy: the thread shortcuts below must not leak into
        // other instances that name the same config.
        if (ic.mydumper == null) {
            ic.mydumper = copyOf(named(t.mydumpers, ic.mydumperConfigName, i, "mydumper-config-name", new DumperConfig()));
        }
        if (ic.loader == null) {
            ic.loader = copyOf(named(t.loaders, ic.loaderConfigName, i, "loader-config-name", new LoaderConfig()));
        }
        if (ic.syncer == null) {
            ic.syncer = copyOf(named(t.syncers, ic.syncerConfigName, i, "syncer-config-name", new SyncerConfig()));
        }
        DumpExtraArgs.apply("mydumpers." + ic.mydumperConfigName, ic.mydumper);
        if (ic.mydumperThread > 0) {
            ic.mydumper.threads = ic.mydumperThread;
        }
        if (ic.loaderThread > 0) {
            ic.loader.poolSize = ic.loaderThread;
        }
        if (ic.syncerThread > 0) {
            ic.syncer.workerCount = ic.syncerThread;
        }
        if (ic.syncer.workerCount <= 0 || ic.syncer.batch <= 0) {
            throw ConfigErrors.INVALID_VALUE.error("syncers.worker-count/batch", "must be positive");
        }
        duration("syncers." + ic.syncerConfigName + ".safe-mode-duration", ic.syncer.safeModeDuration);
        String onDuplicate = ic.loader.onDuplicate == null ? "" : ic.loader.onDuplicate.toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of("replace", "ignore", "error").contains(onDuplicate)) {
            throw ConfigErrors.INVALID_VALUE.error("loaders." + ic.loaderConfigName + ".on-duplicate",
                    "`" + onDuplicate + "` (want replace, ignore or error)");
        }
    }

    /** A duration key's value, or its coded error naming the key. */
    static java.time.Duration duration(String key, String value) {
        try {
            return ConfigDuration.parse(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw ConfigErrors.INVALID_DURATION.error(key, value, e.getMessage());
        }
    }

    /** Since DM v2.0.2 a defined but unreferenced config item is an error: it is almost always a typo. */
    private static void rejectUnused(TaskConfig t) {
        Set<String> routes = new HashSet<>();
        Set<String> filters = new HashSet<>();
        Set<String> lists = new HashSet<>();
        Set<String> expressions = new HashSet<>();
        Set<String> dumpers = new HashSet<>();
        Set<String> loaders = new HashSet<>();
        Set<String> syncers = new HashSet<>();
        for (InstanceConfig ic : t.mysqlInstances) {
            routes.addAll(ic.routeRules);
            filters.addAll(ic.filterRules);
            lists.add(ic.blockAllowListName());
            expressions.addAll(ic.expressionFilters);
            dumpers.add(ic.mydumperConfigName);
            loaders.add(ic.loaderConfigName);
            syncers.add(ic.syncerConfigName);
        }
        unused("routes", t.routes, routes);
        unused("filters", t.filters, filters);
        unused("block-allow-list", t.blockAllowLists(), lists);
        unused("expression-filter", t.expressionFilter, expressions);
        unused("mydumpers", t.mydumpers, dumpers);
        unused("loaders", t.loaders, loaders);
        unused("syncers", t.syncers, syncers);
    }

    private static void unused(String kind, Map<String, ?> defined, Set<String> referenced) {
        for (String name : defined.keySet()) {
            if (!referenced.contains(name)) {
                throw ConfigErrors.UNUSED_RULE.error(kind, name);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T copyOf(T config) {
        return (T) COPIER.convertValue(config, config.getClass());
    }

    private static <T> T named(Map<String, T> map, String name, int i, String key, T fallback) {
        if (name == null || name.isEmpty()) {
            return fallback;
        }
        T v = map.get(name);
        if (v == null) {
            throw ConfigErrors.UNDEFINED_RULE.error(i, key, name);
        }
        return v;
    }
}
