package io.sluice.common.config;

import io.sluice.common.errors.ConfigErrors;
import java.util.HashSet;
import java.util.Set;

/**
 * Validates a parsed task file and resolves each instance's named unit configs and thread
 * shortcuts, so the units read {@code instance.mydumper/loader/syncer} directly.
 */
final class TaskConfigResolver {
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
        if (t.targetDatabase == null || t.targetDatabase.host.isEmpty()) {
            throw ConfigErrors.MISSING_KEY.error("target-database.host", "task");
        }
        if (t.mysqlInstances.isEmpty()) {
            throw ConfigErrors.MISSING_KEY.error("mysql-instances", "task");
        }
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
    }

    private static void resolveInstance(TaskConfig t, int i, InstanceConfig ic) {
        for (String r : ic.routeRules) {
            if (!t.routes.containsKey(r)) {
                throw ConfigErrors.UNDEFINED_RULE.error(i, "route-rules", r);
            }
        }
        for (String f : ic.filterRules) {
            if (!t.filters.containsKey(f)) {
                throw ConfigErrors.UNDEFINED_RULE.error(i, "filter-rules", f);
            }
        }
        String ba = ic.blockAllowListName();
        if (ba != null && !ba.isEmpty() && !t.blockAllowLists().containsKey(ba)) {
            throw ConfigErrors.UNDEFINED_RULE.error(i, "block-allow-list", ba);
        }
        for (String e : ic.expressionFilters) {
            if (!t.expressionFilter.containsKey(e)) {
                throw ConfigErrors.UNDEFINED_RULE.error(i, "expression-filters", e);
            }
        }
        if (ic.mydumper == null) {
            ic.mydumper = named(t.mydumpers, ic.mydumperConfigName, i, "mydumper-config-name", new DumperConfig());
        }
        if (ic.loader == null) {
            ic.loader = named(t.loaders, ic.loaderConfigName, i, "loader-config-name", new LoaderConfig());
        }
        if (ic.syncer == null) {
            ic.syncer = named(t.syncers, ic.syncerConfigName, i, "syncer-config-name", new SyncerConfig());
        }
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
    }

    private static <T> T named(java.util.Map<String, T> map, String name, int i, String key, T fallback) {
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
