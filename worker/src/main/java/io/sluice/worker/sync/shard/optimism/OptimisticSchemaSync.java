package io.sluice.worker.sync.shard.optimism;

import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.OptimisticShardDdlErrors;
import io.sluice.common.filter.TableName;
import io.sluice.proto.OptimisticShardDdlRequest;
import io.sluice.proto.OptimisticShardDdlResponse;
import io.sluice.worker.sync.shard.MasterShardLink;
import io.sluice.worker.subtask.SubtaskContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code operate-schema set --sync} in shard-mode optimistic: the schema the user sets for a shard
 * becomes that shard's schema in the leader's group too, and the target gets whatever the new
 * join asks for, so a shard whose schema was fixed by hand no longer conflicts with the others.
 */
public final class OptimisticSchemaSync {
    private static final Logger LOG = LoggerFactory.getLogger(OptimisticSchemaSync.class);

    private OptimisticSchemaSync() {
    }

    /** Pushes the set schema; nothing is set when the leader refuses it (the caller sets the tracker after). */
    public static void push(MasterShardLink link, SubtaskContext ctx, TableName table, String current, String set) throws SQLException {
        TableName routed = ctx.rules().route(table.schema(), table.table());
        OptimisticShardDdlRequest r = OptimisticShardDdlRequest.newBuilder().setTask(ctx.taskName()).setSource(ctx.sourceId())
                .setUpstreamSchema(table.schema()).setUpstreamTable(table.table())
                .setTargetSchema(routed.schema()).setTargetTable(routed.table()).setBefore(current).setAfter(set).build();
        OptimisticShardDdlResponse resp = link.trySync(r);
        if (!resp.getResult()) {
            throw OptimisticShardDdlErrors.SHARD_DDL_CONFLICT.error("operate-schema set " + table, resp.getMsg());
        }
        if (resp.getDdlsCount() > 0) {
            try (Connection c = DbConnector.open(ctx.task().targetDatabase); Statement st = c.createStatement()) {
                for (String sql : resp.getDdlsList()) {
                    st.execute(sql);
                }
            }
            link.done(r);
        }
        LOG.info("event=optimistic_schema_synced {} shard={} target={} downstream={}", ctx.logTags(), table, routed, resp.getDdlsCount());
    }
}
