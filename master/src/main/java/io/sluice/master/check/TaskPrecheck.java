package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import io.sluice.master.MasterErrors;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prechecks of check-task and start-task: picks the items the task's mode needs and its
 * {@code ignore-checking-items} leaves, runs each against the sources and the target, and
 * reports every item's own state. A database it cannot connect to is an error (26002), not a
 * failed item, as in DM.
 */
public final class TaskPrecheck {
    private static final Logger LOG = LoggerFactory.getLogger(TaskPrecheck.class);

    private final TaskConfig task;
    private final List<SourceConfig> sources;

    public TaskPrecheck(TaskConfig task, List<SourceConfig> sources) {
        this.task = task;
        this.sources = sources;
    }

    public CheckReport run() {
        List<String> ignored = task.ignoreCheckingItems == null ? List.of() : task.ignoreCheckingItems;
        if (ignored.contains(CheckingItems.ALL)) {
            return new CheckReport(List.of());
        }
        List<SourceDb> open = new ArrayList<>();
        try {
            List<CheckItem> items = new ArrayList<>();
            Map<SourceDb, List<UpstreamTable>> tables = new LinkedHashMap<>();
            int targetConnections = 0;
            List<String> targetUses = new ArrayList<>();
            for (SourceConfig source : sources) {
                InstanceConfig instance = task.instance(source.sourceId);
                SourceDb db = connect(source.sourceId, source);
                open.add(db);
                try {
                    UpstreamChecker.checkExpressionFilterColumns(db.connection(), task, source);
                } catch (SQLException e) {
                    throw MasterErrors.CHECK_DB_CONNECT.wrap(e, "source " + source.sourceId + " (" + source.from + ")");
                }
                MigrationRules rules = MigrationRules.of(task, instance, source);
                DumpPrivilegeCheck.TableSupplier loaded = () -> {
                    if (!tables.containsKey(db)) {
                        tables.put(db, UpstreamTable.load(db, rules));
                    }
                    return tables.get(db);
                };
                boolean dumps = !task.isIncremental();
                boolean streams = !task.isFull();
                items.add(new VersionCheck(db, source.flavor));
                if (streams) {
                    items.add(new ServerIdCheck(db, source.serverId));
                    items.add(new BinlogEnableCheck(db));
                    items.add(new BinlogFormatCheck(db));
                    items.add(new BinlogRowImageCheck(db));
                    items.add(new ReplicationPrivilegeCheck(db, false));
                }
                if (source.enableRelay) {
                    items.add(new ReplicationPrivilegeCheck(db, true));
                }
                if (dumps) {
                    items.add(new DumpPrivilegeCheck(db, instance.mydumper, loaded));
                }
                items.add(new TableSchemaCheck(db, loaded));
                int dumpThreads = dumps ? instance.mydumper.threads + 1 : 0;
                int streamConnections = streams ? 2 : 0;
                items.add(new ConnectionLimitCheck(db, dumpThreads + streamConnections + (source.enableRelay ? 1 : 0),
                        (dumps ? dumpThreads + " to dump" : "") + (dumps && streams ? ", " : "") + (streams ? "2 to stream the binlog" : "")
                                + (source.enableRelay ? ", 1 for relay" : "")));
                targetConnections += (dumps ? instance.loader.poolSize : 0) + (streams ? instance.syncer.workerCount + 2 : 0);
                targetUses.add(source.sourceId);
            }
            SourceDb target = connect("", null);
            open.add(target);
            items.add(new ConnectionLimitCheck(target, targetConnections, "load and sync writers of sources " + String.join(", ", targetUses)));

            List<CheckResult> results = new ArrayList<>();
            for (CheckItem item : items) {
                if (!ignored.contains(item.item())) {
                    results.add(run(item));
                }
            }
            results.addAll(shardChecks(ignored, tables, open));
            CheckReport report = new CheckReport(results);
            CheckReport.Summary s = report.summary();
            LOG.info("event=precheck_done task={} sources={} passed={} total={} failed={} warning={}", task.name,
                    sources.stream().map(x -> x.sourceId).toList(), s.passed(), s.total(), s.failed(), s.warning());
            return report;
        } finally {
            open.forEach(SourceDb::close);
        }
    }

    /**
     * Merged shards are compared only when the task copies them (their structure now is what the
     * target table is created from) and declares a shard mode, as DM does.
     */
    private List<CheckResult> shardChecks(List<String> ignored, Map<SourceDb, List<UpstreamTable>> tables, List<SourceDb> open) {
        boolean schema = !ignored.contains(CheckingItems.SHARD_TABLE_SCHEMA) && task.shardMode.equals("pessimistic");
        boolean autoIncrement = !ignored.contains(CheckingItems.SHARD_AUTO_INCREMENT_ID);
        if (task.isIncremental() || task.shardMode.isEmpty() || !(schema || autoIncrement)) {
            return List.of();
        }
        Map<TableName, List<UpstreamTable>> byTarget = new LinkedHashMap<>();
        for (SourceDb db : open) {
            if (db.sourceId.isEmpty()) {
                continue;
            }
            try {
                if (!tables.containsKey(db)) {
                    SourceConfig source = sources.stream().filter(s -> s.sourceId.equals(db.sourceId)).findFirst().orElseThrow();
                    tables.put(db, UpstreamTable.load(db, MigrationRules.of(task, task.instance(db.sourceId), source)));
                }
            } catch (SQLException e) {
                return List.of(new CheckResult("sharding tables checking", "check sharding tables", db.extra())
                        .fail("cannot read the tables: " + e.getMessage(), "Check the source user's privileges on information_schema."));
            }
            tables.get(db).forEach(t -> byTarget.computeIfAbsent(t.target(), k -> new ArrayList<>()).add(t));
        }
        List<CheckResult> out = new ArrayList<>();
        for (Map.Entry<TableName, List<UpstreamTable>> group : byTarget.entrySet()) {
            if (group.getValue().size() < 2) {
                continue;
            }
            if (schema) {
                out.add(run(new ShardSchemaCheck(group.getKey(), group.getValue())));
            }
            if (autoIncrement) {
                out.add(run(new ShardAutoIncrementCheck(group.getKey(), group.getValue())));
            }
        }
        return out;
    }

    private CheckResult run(CheckItem item) {
        CheckResult r;
        try {
            r = item.check();
        } catch (SQLException | RuntimeException e) {
            r = new CheckResult(item.item(), "check " + item.item(), "").fail("cannot run the check: " + e.getMessage(),
                    "Check the database user's privileges and the server's state.");
        }
        if (r.state() != CheckState.SUCCESS) {
            LOG.info("event=precheck_item task={} item={} state={} extra=\"{}\" first_error=\"{}\"", task.name, item.item(),
                    r.state().text(), r.extra(), r.errors().get(0).shortError());
        }
        return r;
    }

    private SourceDb connect(String sourceId, SourceConfig source) {
        try {
            return SourceDb.open(sourceId, source == null ? task.targetDatabase : source.from);
        } catch (SQLException e) {
            String what = source == null ? "target database (" + task.targetDatabase + ")" : "source " + sourceId + " (" + source.from + ")";
            throw MasterErrors.CHECK_DB_CONNECT.wrap(e, what);
        }
    }
}
