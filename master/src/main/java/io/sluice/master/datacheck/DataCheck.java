package io.sluice.master.datacheck;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.DbConfig;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.db.UpstreamTables;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import io.sluice.master.MasterErrors;
import io.sluice.proto.CheckDataPosition;
import io.sluice.proto.CheckDataRequest;
import io.sluice.proto.CheckDataResponse;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.TaskEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * check-data for one task: every target table the task writes (routed and filtered as the task
 * says, shards of many sources merged) is compared with the union of its upstream tables, chunk
 * by chunk, by {@link ChunkChecksum}s the databases compute. Chunks that differ are checked once
 * more after a short wait, since a stream still applying rows makes chunks differ for a moment;
 * the reply carries each source's binlog position and the task's checkpoint at the time, so an
 * operator can tell a lagging stream from lost data. Nothing is written anywhere.
 */
public final class DataCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DataCheck.class);

    private final TaskConfig task;
    private final List<InstanceConfig> instances;
    /** The sources whose target tables are checked (-s); empty: all. */
    private final List<String> selected;
    private final Map<String, SourceConfig> sources;
    private final long chunkSize;
    private final List<String> tableFilter;
    private final Duration recheckWait;

    private DataCheck(TaskConfig task, List<InstanceConfig> instances, List<String> selected, Map<String, SourceConfig> sources,
            long chunkSize, List<String> tableFilter, Duration recheckWait) {
        this.task = task;
        this.instances = instances;
        this.selected = selected;
        this.sources = sources;
        this.chunkSize = chunkSize;
        this.tableFilter = tableFilter;
        this.recheckWait = recheckWait;
    }

    /**
     * The check the request asks for, resolved against the cluster state.
     *
     * @throws SluiceException for an unknown task, a source not in the task or a bad argument
     */
    public static DataCheck of(CheckDataRequest req, ClusterState state, Duration recheckWait) {
        TaskEntry entry = state.getTasksOrDefault(req.getTask(), null);
        if (entry == null) {
            throw MasterErrors.TASK_NOT_EXIST.error(req.getTask());
        }
        if (req.getChunkSize() < 0) {
            throw CheckDataErrors.INVALID_REQUEST.error("--chunk-size " + req.getChunkSize(), "must be a positive number of rows");
        }
        TaskConfig task = ConfigFiles.parseTask(entry.getConfig());
        for (String s : req.getSourcesList()) {
            if (task.instance(s) == null) {
                throw CheckDataErrors.INVALID_REQUEST.error("-s " + s, "source " + s + " is not a source of task " + task.name);
            }
        }
        // -s picks the target tables, never the rows: a merged table is always compared with
        // every shard of every source, or the other sources' rows would count as differences.
        List<InstanceConfig> instances = List.copyOf(task.mysqlInstances);
        Map<String, SourceConfig> sources = new LinkedHashMap<>();
        for (InstanceConfig instance : instances) {
            SourceEntry se = state.getSourcesOrDefault(instance.sourceId, null);
            if (se == null) {
                throw MasterErrors.SOURCE_NOT_EXIST.error(instance.sourceId);
            }
            sources.put(instance.sourceId, ConfigFiles.parseSource(se.getConfig()));
        }
        long chunkSize = req.getChunkSize() > 0 ? req.getChunkSize() : ChunkPlan.DEFAULT_CHUNK_SIZE;
        return new DataCheck(task, instances, req.getSourcesList(), sources, chunkSize, req.getTablesList(), recheckWait);
    }

    public CheckDataResponse run() {
        Map<String, Connection> upstream = new LinkedHashMap<>();
        Connection target = null;
        try {
            for (Map.Entry<String, SourceConfig> e : sources.entrySet()) {
                upstream.put(e.getKey(), open(e.getValue().from, CheckDataErrors.SOURCE_UNREACHABLE, e.getKey()));
            }
            target = open(task.targetDatabase, CheckDataErrors.TARGET_UNREACHABLE, task.name);
            return compare(upstream, target);
        } catch (SQLException e) {
            throw MasterErrors.INTERNAL_ERROR.wrap(e, "check-data of task " + task.name + ": " + e.getMessage());
        } finally {
            upstream.values().forEach(DataCheck::closeQuietly);
            if (target != null) {
                closeQuietly(target);
            }
        }
    }

    private CheckDataResponse compare(Map<String, Connection> upstream, Connection target) throws SQLException {
        LOG.info("event=check_data_start task={} sources={} chunk_size={}", task.name, upstream.keySet(), chunkSize);
        long started = System.nanoTime();
        List<CheckDataPosition> positions = new ArrayList<>();
        for (Map.Entry<String, Connection> e : upstream.entrySet()) {
            positions.add(CheckPositions.of(e.getKey(), e.getValue(), target, task));
        }
        List<TableComparison> tables = new ArrayList<>();
        for (Map.Entry<TableName, List<Upstream>> e : targetTables(upstream).entrySet()) {
            TableComparison t = new TableComparison(task.name, e.getKey(), e.getValue());
            t.compare(target, chunkSize);
            tables.add(t);
        }
        if (tables.stream().anyMatch(TableComparison::hasDifferences)) {
            sleep(recheckWait);
            for (TableComparison t : tables) {
                t.recheck(target);
            }
        }
        CheckDataResponse.Builder reply = CheckDataResponse.newBuilder().addAllPositions(positions);
        List<String> failed = new ArrayList<>();
        int chunks = 0;
        for (TableComparison t : tables) {
            reply.addTables(t.result());
            chunks += t.chunkCount();
            if (!t.equal()) {
                failed.add(t.summary());
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        LOG.info("event=check_data_done task={} tables={} chunks={} failed_tables={} ms={}", task.name, tables.size(), chunks,
                failed.size(), ms);
        if (failed.isEmpty()) {
            return reply.setResult(true).setMsg(tables.size() + " tables, " + chunks + " chunks: all equal").build();
        }
        return reply.setResult(false).setMsg(CheckDataErrors.DATA_DIFFERS.error(task.name, String.join("; ", failed)).getMessage())
                .build();
    }

    /** The task's target tables, each with the upstream tables merged into it, by name. */
    private Map<TableName, List<Upstream>> targetTables(Map<String, Connection> upstream) throws SQLException {
        Map<TableName, List<Upstream>> targets = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (InstanceConfig instance : instances) {
            MigrationRules rules = MigrationRules.of(task, instance, sources.get(instance.sourceId));
            Connection c = upstream.get(instance.sourceId);
            for (TableName t : UpstreamTables.list(c, rules, null)) {
                TableName to = rules.route(t.schema(), t.table());
                if (wanted(to)) {
                    targets.computeIfAbsent(to, k -> new ArrayList<>()).add(new Upstream(instance.sourceId, t, c));
                }
            }
        }
        if (!selected.isEmpty()) {
            targets.values().removeIf(ups -> ups.stream().noneMatch(u -> selected.contains(u.sourceId())));
        }
        for (String t : tableFilter) {
            boolean known = targets.keySet().stream().anyMatch(n -> matches(n, t));
            if (!known) {
                throw CheckDataErrors.INVALID_REQUEST.error("--table " + t, "no table of task " + task.name + " is migrated into " + t);
            }
        }
        return targets;
    }

    private boolean wanted(TableName target) {
        return tableFilter.isEmpty() || tableFilter.stream().anyMatch(t -> matches(target, t));
    }

    private static boolean matches(TableName name, String wanted) {
        String plain = (name.schema() + "." + name.table()).toLowerCase(Locale.ROOT);
        return plain.equals(wanted.replace("`", "").toLowerCase(Locale.ROOT));
    }

    private static Connection open(DbConfig cfg, io.sluice.common.errors.ErrorCode code, String name) {
        try {
            return DbConnector.open(cfg);
        } catch (SQLException e) {
            throw code.wrap(e, name, cfg.host + ":" + cfg.port, e.getMessage());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the check is done; nothing was written on this connection
        }
    }
}
