package io.sluice.worker.dump;

import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.filter.TableName;
import io.sluice.worker.load.LoadCheckpoint;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.sync.Fence;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table partly loaded from an older snapshot whose upstream definition changed since (an
 * ALTER between the two snapshots): its loaded chunks have the old column set, its remaining
 * chunks would have the new one, and the target table has the old shape. No mix of the two can
 * be made exact for every DDL (a renamed or retyped column would silently lose values), so the
 * table is dumped and loaded again whole: its target table is dropped and its chunks forgotten,
 * and sync then skips the table's events before the new snapshot, the DDL included.
 *
 * <p>That is only possible when the target table holds nothing else: a table merged from
 * several upstream tables (or sources) cannot be dropped for one of them, so the dump stops
 * with {@link DumpLoadErrors#DUMP_SCHEMA_CHANGED} rather than loading rows of another shape.
 */
final class ChangedSchemaReload {
    private static final Logger LOG = LoggerFactory.getLogger(ChangedSchemaReload.class);
    /** The next AUTO_INCREMENT value is data, not shape: rows inserted between snapshots change it. */
    private static final Pattern AUTO_INCREMENT_OPTION = Pattern.compile("\\s+AUTO_INCREMENT=\\d+");

    private ChangedSchemaReload() {
    }

    /**
     * Resets every partly loaded table whose CREATE TABLE now differs from the one its loaded
     * chunks were dumped with; returns those tables (their loaded chunks no longer count). A table
     * whose CREATE is recorded counts as partly loaded even with no chunk yet: the overlapped load
     * records it just before it creates the target table.
     *
     * @param creates the upstream CREATE TABLE of each table of this dump, read just now
     */
    static Set<TableName> resetChanged(SubtaskContext ctx, Map<TableName, String> creates,
            List<LoadCheckpoint.LoadedChunk> loaded) {
        Map<TableName, Integer> feeders = new HashMap<>();
        creates.keySet().forEach(t -> feeders.merge(ctx.rules().route(t.schema(), t.table()), 1, Integer::sum));
        boolean severalSources = ctx.task().mysqlInstances.size() > 1;
        LoadCheckpoint checkpoint = new LoadCheckpoint(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId());
        Fence fence = new Fence(ctx.task().metaSchema, ctx.taskName(), ctx.sourceId(), ctx.epoch());
        Set<TableName> reset = new HashSet<>();
        try (Connection target = DbConnector.open(ctx.task().targetDatabase)) {
            Map<TableName, String> recorded = checkpoint.loadedSchemas(target);
            Set<TableName> partly = new HashSet<>(recorded.keySet());
            loaded.forEach(ch -> partly.add(ch.table()));
            for (TableName t : partly) {
                String before = recorded.get(t);
                String now = creates.get(t);
                if (before == null || now == null || shape(before).equals(shape(now))) {
                    continue; // unchanged, or no longer dumped (the block-allow list decides that)
                }
                TableName routed = ctx.rules().route(t.schema(), t.table());
                long chunks = loaded.stream().filter(ch -> ch.table().equals(t)).count();
                boolean merged = severalSources || feeders.getOrDefault(routed, 0) > 1;
                if (merged && chunks == 0) {
                    // none of its rows are in the shared table: forgetting its old CREATE is enough
                    checkpoint.forgetTable(target, t, fence);
                    continue;
                }
                if (merged) {
                    throw DumpLoadErrors.DUMP_SCHEMA_CHANGED.error(t, chunks, routed);
                }
                LOG.warn("table changed upstream after part of it was loaded; loading it again whole {} table={}"
                        + " target={} loadedChunks={}", ctx.logTags(), t, routed, chunks);
                // dropped first: if killed before the chunks are forgotten, the next dump finds the
                // same difference and drops (nothing) again
                try (Statement st = target.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + routed.quoted());
                }
                checkpoint.forgetTable(target, t, fence);
                reset.add(t);
            }
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, ctx.task().metaSchema + "." + ctx.taskName() + "_loader_checkpoint");
        }
        return reset;
    }

    /** A CREATE TABLE without what changes with the rows rather than the definition. */
    static String shape(String createTable) {
        String s = createTable.strip();
        s = s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
        return AUTO_INCREMENT_OPTION.matcher(s).replaceAll("");
    }
}
