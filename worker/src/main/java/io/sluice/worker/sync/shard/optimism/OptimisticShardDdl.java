package io.sluice.worker.sync.shard.optimism;

import io.sluice.common.config.DbConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.db.UpstreamTables;
import io.sluice.common.errors.OptimisticShardDdlErrors;
import io.sluice.common.filter.EventType;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import io.sluice.proto.OptimisticShardDdlRequest;
import io.sluice.proto.OptimisticShardDdlResponse;
import io.sluice.proto.OptimisticShardTables;
import io.sluice.proto.OptimisticShardTablesRequest;
import io.sluice.worker.sync.shard.MasterShardLink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync unit's part in shard-mode optimistic. A table DDL of the upstream is tracked as usual,
 * then, instead of running on the target, the shard's table before and after it goes to the
 * master leader, which answers with the statements that keep the target compatible with every
 * shard (often none); those run here, and the leader hears they did. DML keeps flowing: only
 * this DDL's own barrier (the queues drain before it) holds the stream.
 */
public final class OptimisticShardDdl {
    private static final Logger LOG = LoggerFactory.getLogger(OptimisticShardDdl.class);
    private static final Set<EventType> COORDINATED = Set.of(EventType.ALTER_TABLE, EventType.CREATE_INDEX, EventType.DROP_INDEX,
            EventType.RENAME_TABLE, EventType.DROP_TABLE, EventType.TRUNCATE_TABLE);

    /** Runs one statement on the target, as the sync runs DDL (fenced, replay-tolerant). */
    public interface TargetStatements {
        void run(String sql) throws SQLException;
    }

    private final MasterShardLink link;
    private final String task;
    private final String source;
    private final MigrationRules rules;
    private final String logTags;
    private final BooleanSupplier stopping;

    /** @param stopping the subtask's stop signal: a call waiting for a master leader gives up when it says so */
    public OptimisticShardDdl(MasterShardLink link, String task, String source, MigrationRules rules, String logTags,
            BooleanSupplier stopping) {
        this.link = link;
        this.task = task;
        this.source = source;
        this.rules = rules;
        this.logTags = logTags;
        this.stopping = stopping;
    }

    /**
     * Tells the leader this source's shard tables, per target table, so a column is dropped from
     * the target only after every shard dropped it, even shards that never changed.
     */
    public void reportTables(DbConfig upstream) throws SQLException {
        Map<TableName, OptimisticShardTables.Builder> targets = new LinkedHashMap<>();
        try (Connection c = DbConnector.open(upstream)) {
            for (TableName t : UpstreamTables.list(c, rules, null)) {
                TableName target = rules.route(t.schema(), t.table());
                targets.computeIfAbsent(target, k -> OptimisticShardTables.newBuilder().setTargetSchema(k.schema()).setTargetTable(k.table()))
                        .addUpstreamTables(t.schema() + '\u001f' + t.table());
            }
        }
        OptimisticShardTablesRequest.Builder r = OptimisticShardTablesRequest.newBuilder().setTask(task).setSource(source);
        targets.values().forEach(r::addTargets);
        OptimisticShardDdlResponse resp = link.tables(r.build());
        if (!resp.getResult()) {
            throw OptimisticShardDdlErrors.NOT_COORDINATED.error(resp.getMsg());
        }
        LOG.info("event=optimistic_tables_reported {} targets={}", logTags, targets.size());
    }

    /** Whether a DDL of this type on a table goes through the leader instead of straight to the target. */
    public boolean coordinates(EventType type, TableName upstreamTable) {
        return COORDINATED.contains(type) && !upstreamTable.table().isEmpty();
    }

    /**
     * Coordinates one tracked DDL. Dropping or truncating a shard is ignored, as in DM: the
     * target holds every shard's rows. A DDL that leaves the shard's structure as it was runs
     * as it is.
     *
     * @param before     the shard's CREATE TABLE before the DDL
     * @param after      after it, null when the DDL removed the table
     * @param targetSql  the DDL with routed names, run as it is when it changes no structure
     */
    public void coordinate(EventType type, TableName upstreamTable, String sourceSql, String targetSql, String before, String after,
            String where, TargetStatements target) throws SQLException {
        if (type == EventType.DROP_TABLE || type == EventType.TRUNCATE_TABLE) {
            LOG.info("event=optimistic_shard_ddl_ignored {} shard={} sql=\"{}\" at={}", logTags, upstreamTable, oneLine(sourceSql), where);
            return;
        }
        if (before != null && before.equals(after) && type != EventType.RENAME_TABLE) {
            target.run(targetSql);
            return;
        }
        TableName routed = rules.route(upstreamTable.schema(), upstreamTable.table());
        OptimisticShardDdlRequest r = OptimisticShardDdlRequest.newBuilder().setTask(task).setSource(source)
                .setUpstreamSchema(upstreamTable.schema()).setUpstreamTable(upstreamTable.table())
                .setTargetSchema(routed.schema()).setTargetTable(routed.table())
                .setBefore(before == null ? "" : before).setAfter(after == null ? "" : after).addDdls(sourceSql).build();
        OptimisticShardDdlResponse resp = link.trySync(r, stopping);
        if (!resp.getResult()) {
            LOG.warn("event=optimistic_shard_ddl_refused {} shard={} target={} sql=\"{}\" at={} msg=\"{}\"", logTags, upstreamTable, routed,
                    oneLine(sourceSql), where, oneLine(resp.getMsg()));
            throw OptimisticShardDdlErrors.SHARD_DDL_CONFLICT.error(List.of(sourceSql), resp.getMsg());
        }
        for (String sql : resp.getDdlsList()) {
            target.run(sql);
        }
        LOG.info("event=optimistic_shard_ddl {} shard={} target={} sql=\"{}\" at={} downstream={}", logTags, upstreamTable, routed,
                oneLine(sourceSql), where, resp.getDdlsCount());
        if (resp.getDdlsCount() > 0) {
            OptimisticShardDdlResponse done = link.done(r, stopping);
            if (!done.getResult()) {
                // the leader keeps the statements pending: a replay of this DDL runs them again, harmlessly
                LOG.warn("event=optimistic_done_not_recorded {} shard={} msg=\"{}\"", logTags, upstreamTable, oneLine(done.getMsg()));
            }
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ");
    }
}
