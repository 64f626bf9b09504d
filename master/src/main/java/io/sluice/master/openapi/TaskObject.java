package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.common.config.BinlogEventRule;
import io.sluice.common.config.BlockAllowRule;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.RouteRule;
import io.sluice.common.config.TaskConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI's task object and DM's {@code task.yaml}. A body becomes a task file (then checked
 * by the same parser and start-task rules as sluicectl's); a stored file is shown as the object.
 * Each table_migrate_rule becomes, for its source, a block-allow entry, a route when it names a
 * target, and one event filter per binlog_filter_rule it references, named
 * {@code <rule>-rule-<n>} so the object can be rebuilt from the file.
 */
final class TaskObject {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String RULE_SUFFIX = "-rule-";

    private TaskObject() {
    }

    /** The task file of a task object; {@code extraSources} (v5.3's source_name_list) join source_conf's. */
    static String toYaml(JsonBody task, List<String> extraSources) {
        task.requireObject("task");
        ObjectNode y = YAML.createObjectNode();
        y.put("name", task.requiredText("name"));
        y.put("task-mode", task.text("task_mode", "all"));
        String shard = task.text("shard_mode", "");
        if (!shard.isEmpty()) {
            y.put("shard-mode", shard);
        }
        y.put("meta-schema", task.text("meta_schema", "dm_meta"));
        y.put("online-ddl", task.bool("enhance_online_schema_change", false));

        JsonBody target = task.object("target_config");
        ObjectNode td = y.putObject("target-database");
        td.put("host", target.requiredText("host"));
        td.put("port", target.integer("port", 3306));
        td.put("user", target.requiredText("user"));
        td.put("password", target.text("password", ""));
        SecurityObject.toYaml(target.object("security"), td);

        JsonBody sourceConfig = task.object("source_config");
        Map<String, JsonBody> sourceConf = new LinkedHashMap<>();
        for (JsonBody sc : sourceConfig.objects("source_conf")) {
            sourceConf.put(sc.requiredText("source_name"), sc);
        }
        Set<String> sources = new LinkedHashSet<>(sourceConf.keySet());
        sources.addAll(extraSources);
        JsonBody filterDefs = task.object("binlog_filter_rule");
        List<JsonBody> rules = task.objects("table_migrate_rule");
        for (JsonBody r : rules) {
            sources.add(r.object("source").requiredText("source_name"));
        }
        if (sources.isEmpty()) {
            throw OpenApiErrors.COMMON.error("the task names no source: give source_config.source_conf or source_name_list");
        }

        ObjectNode bal = YAML.createObjectNode();
        ObjectNode routes = YAML.createObjectNode();
        ObjectNode filters = YAML.createObjectNode();
        Map<String, List<String>> routesOf = new LinkedHashMap<>();
        Map<String, List<String>> filtersOf = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonBody src = rules.get(i).object("source");
            String source = src.requiredText("source_name");
            String schema = src.requiredText("schema");
            String table = src.text("table", "");
            ObjectNode list = bal.has(source) ? (ObjectNode) bal.get(source) : bal.putObject(source);
            if (table.isEmpty()) {
                (list.has("do-dbs") ? (ArrayNode) list.get("do-dbs") : list.putArray("do-dbs")).add(schema);
            } else {
                ObjectNode t = (list.has("do-tables") ? (ArrayNode) list.get("do-tables") : list.putArray("do-tables")).addObject();
                t.put("db-name", schema);
                t.put("tbl-name", table);
            }
            JsonBody tgt = rules.get(i).object("target");
            if (!tgt.text("schema", "").isEmpty()) {
                String name = "route" + RULE_SUFFIX + i;
                ObjectNode route = routes.putObject(name);
                route.put("schema-pattern", schema);
                if (!table.isEmpty()) {
                    route.put("table-pattern", table);
                }
                route.put("target-schema", tgt.text("schema", ""));
                if (!tgt.text("table", "").isEmpty()) {
                    route.put("target-table", tgt.text("table", ""));
                }
                routesOf.computeIfAbsent(source, k -> new ArrayList<>()).add(name);
            }
            for (String f : rules.get(i).texts("binlog_filter_rule")) {
                if (!filterDefs.has(f)) {
                    throw OpenApiErrors.COMMON.error("table_migrate_rule[" + i + "] references binlog_filter_rule " + f + ", which is not defined");
                }
                JsonBody def = filterDefs.object(f);
                String name = f + RULE_SUFFIX + i;
                ObjectNode fr = filters.putObject(name);
                fr.put("schema-pattern", schema);
                if (!table.isEmpty()) {
                    fr.put("table-pattern", table);
                }
                ArrayNode events = fr.putArray("events");
                def.texts("ignore_event").forEach(events::add);
                ArrayNode sql = fr.putArray("sql-pattern");
                def.texts("ignore_sql").forEach(sql::add);
                fr.put("action", "Ignore");
                filtersOf.computeIfAbsent(source, k -> new ArrayList<>()).add(name);
            }
        }
        y.set("block-allow-list", bal);
        y.set("routes", routes);
        y.set("filters", filters);

        JsonBody full = sourceConfig.object("full_migrate_conf");
        ObjectNode dumper = y.putObject("mydumpers").putObject("global");
        dumper.put("threads", full.integer("export_threads", 4));
        dumper.put("consistency", full.text("consistency", "auto"));
        ObjectNode loader = y.putObject("loaders").putObject("global");
        loader.put("pool-size", full.integer("import_threads", 16));
        loader.put("dir", full.text("data_dir", "./dumped_data"));
        String dup = task.text("on_duplicate", "overwrite");
        loader.put("on-duplicate", "overwrite".equals(dup) ? "replace" : dup);
        JsonBody incr = sourceConfig.object("incr_migrate_conf");
        ObjectNode syncer = y.putObject("syncers").putObject("global");
        syncer.put("worker-count", incr.integer("repl_threads", 16));
        syncer.put("batch", incr.integer("repl_batch", 100));

        ArrayNode instances = y.putArray("mysql-instances");
        for (String source : sources) {
            ObjectNode in = instances.addObject();
            in.put("source-id", source);
            JsonBody sc = sourceConf.get(source);
            if (sc != null && (!sc.text("binlog_name", "").isEmpty() || !sc.text("binlog_gtid", "").isEmpty())) {
                ObjectNode meta = in.putObject("meta");
                meta.put("binlog-name", sc.text("binlog_name", ""));
                meta.put("binlog-pos", sc.integer("binlog_pos", 4));
                meta.put("binlog-gtid", sc.text("binlog_gtid", ""));
            }
            if (bal.has(source)) {
                in.put("block-allow-list", source);
            }
            ArrayNode rr = in.putArray("route-rules");
            routesOf.getOrDefault(source, List.of()).forEach(rr::add);
            ArrayNode fr = in.putArray("filter-rules");
            filtersOf.getOrDefault(source, List.of()).forEach(fr::add);
            in.put("mydumper-config-name", "global");
            in.put("loader-config-name", "global");
            in.put("syncer-config-name", "global");
        }
        return ConfigFiles.toYaml(y);
    }

    /** A stored task file as the OpenAPI's task object; the target password is never shown. */
    static ObjectNode of(String yaml) {
        TaskConfig t = ConfigFiles.parseTask(yaml);
        ObjectNode o = JSON.createObjectNode();
        o.put("name", t.name);
        o.put("task_mode", t.taskMode.isEmpty() ? "all" : t.taskMode);
        o.put("shard_mode", t.shardMode);
        o.put("meta_schema", t.metaSchema);
        o.put("enhance_online_schema_change", t.onlineDdl);
        InstanceConfig first = t.mysqlInstances.get(0);
        String dup = first.loader == null ? "replace" : first.loader.onDuplicate;
        o.put("on_duplicate", "replace".equals(dup) ? "overwrite" : dup);
        ObjectNode target = o.putObject("target_config");
        target.put("host", t.targetDatabase.host);
        target.put("port", t.targetDatabase.port);
        target.put("user", t.targetDatabase.user);
        target.put("password", SourceObject.MASKED);
        SecurityObject.show(t.targetDatabase.security, target);

        ObjectNode filterDefs = o.putObject("binlog_filter_rule");
        for (Map.Entry<String, BinlogEventRule> f : t.filters.entrySet()) {
            ObjectNode def = filterDefs.putObject(ruleName(f.getKey()));
            ArrayNode ev = def.putArray("ignore_event");
            f.getValue().events.forEach(ev::add);
            ArrayNode sql = def.putArray("ignore_sql");
            f.getValue().sqlPattern.forEach(sql::add);
        }
        ArrayNode rules = o.putArray("table_migrate_rule");
        for (InstanceConfig in : t.mysqlInstances) {
            BlockAllowRule bal = t.blockAllowLists().get(in.blockAllowListName());
            if (bal == null) {
                continue;
            }
            bal.doDbs.forEach(db -> rule(rules, t, in, db, ""));
            bal.doTables.forEach(tr -> rule(rules, t, in, tr.dbName, tr.tblName));
        }
        ObjectNode sc = o.putObject("source_config");
        ObjectNode full = sc.putObject("full_migrate_conf");
        full.put("export_threads", first.mydumper == null ? 4 : first.mydumper.threads);
        full.put("import_threads", first.loader == null ? 16 : first.loader.poolSize);
        full.put("data_dir", first.loader == null ? "./dumped_data" : first.loader.dir);
        full.put("consistency", first.mydumper == null ? "auto" : first.mydumper.consistency);
        ObjectNode incr = sc.putObject("incr_migrate_conf");
        incr.put("repl_threads", first.syncer == null ? 16 : first.syncer.workerCount);
        incr.put("repl_batch", first.syncer == null ? 100 : first.syncer.batch);
        ArrayNode conf = sc.putArray("source_conf");
        for (InstanceConfig in : t.mysqlInstances) {
            ObjectNode c = conf.addObject();
            c.put("source_name", in.sourceId);
            if (in.meta != null) {
                c.put("binlog_name", in.meta.binlogName);
                c.put("binlog_pos", in.meta.binlogPos);
                c.put("binlog_gtid", in.meta.binlogGtid);
            }
        }
        return o;
    }

    /** The sources of a stored task, in its file's order. */
    static List<String> sources(String yaml) {
        return ConfigFiles.parseTask(yaml).mysqlInstances.stream().map(i -> i.sourceId).toList();
    }

    private static void rule(ArrayNode rules, TaskConfig t, InstanceConfig in, String schema, String table) {
        ObjectNode r = rules.addObject();
        ObjectNode src = r.putObject("source");
        src.put("source_name", in.sourceId);
        src.put("schema", schema);
        src.put("table", table);
        ObjectNode target = r.putObject("target");
        for (String name : in.routeRules) {
            RouteRule route = t.routes.get(name);
            if (route != null && route.schemaPattern.equals(schema) && route.tablePattern.equals(table)) {
                target.put("schema", route.targetSchema);
                target.put("table", route.targetTable);
            }
        }
        ArrayNode fl = r.putArray("binlog_filter_rule");
        for (String name : in.filterRules) {
            BinlogEventRule f = t.filters.get(name);
            if (f != null && f.schemaPattern.equals(schema) && f.tablePattern.equals(table)) {
                fl.add(ruleName(name));
            }
        }
    }

    private static String ruleName(String fileName) {
        int i = fileName.lastIndexOf(RULE_SUFFIX);
        return i > 0 ? fileName.substring(0, i) : fileName;
    }
}
