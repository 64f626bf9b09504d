package io.sluice.worker.sync.onlineddl;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.EventType;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import io.sluice.worker.sync.DdlRouter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code online-ddl: true}: the statements gh-ost and pt-online-schema-change run upstream become
 * the one change a user asked for downstream. DDL on ghost tables is recorded instead of run
 * (CREATE starts a record, ALTER adds to it, DROP forgets it), DDL on trash tables and the
 * rename of the real table to trash are left out, and the rename of the ghost to the real table
 * is replaced by the recorded ALTERs on the real table, which then go through routing, filters,
 * the target and the schema tracker like any DDL of the upstream. Rows written to ghost and trash
 * tables are not applied: the real table's own row events carry the same changes.
 *
 * <p>The records change in memory as events are read and reach {@code {task}_onlineddl} in the
 * same target transaction as the global checkpoint ({@link #save}), so after a restart the
 * records and the position they were read up to always agree.
 */
public final class OnlineDdl {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineDdl.class);

    private final boolean enabled;
    private final MigrationRules rules;
    private final GhostDdlStore store;
    private final String logTags;
    private final Map<TableName, GhostAlters> runs = new HashMap<>();
    /** Records changed since the last save: the new value, or null once the run is over. */
    private final Map<TableName, GhostAlters> unsaved = new LinkedHashMap<>();

    private OnlineDdl(boolean enabled, MigrationRules rules, GhostDdlStore store, String logTags) {
        this.enabled = enabled;
        this.rules = rules;
        this.store = store;
        this.logTags = logTags;
    }

    /** Handles both tools' tables (DM v2.0.5+ handles both in one task, whatever online-ddl-scheme says). */
    public static OnlineDdl enabled(MigrationRules rules, GhostDdlStore store, String logTags) {
        return new OnlineDdl(true, rules, store, logTags);
    }

    /** Off: ghost and trash tables are migrated like any other table. */
    public static OnlineDdl disabled() {
        return new OnlineDdl(false, null, null, "");
    }

    /** Creates the state table when missing and reads the runs in progress. */
    public void load(Connection c) throws SQLException {
        if (!enabled) {
            return;
        }
        store.createTable(c);
        runs.clear();
        runs.putAll(store.load(c));
        unsaved.clear();
        if (!runs.isEmpty()) {
            LOG.info("event=online_ddl_resumed {} ghosts={}", logTags, runs.keySet());
        }
    }

    /** Whether row events of this table are left out (they belong to a ghost or trash table). */
    public boolean ignoresRowsOf(String table) {
        return enabled && TableRole.of(table) != TableRole.REAL;
    }

    /**
     * The statements to apply in place of those of one upstream event, each paired with the
     * statement text the event filters see.
     *
     * @throws io.sluice.common.errors.SluiceException 36046 when a ghost table replaces its real
     *     table but its ALTERs were never seen (the sync started inside the tool's run)
     */
    public List<Map.Entry<String, DdlRouter.Ddl>> rewrite(List<Map.Entry<String, DdlRouter.Ddl>> ddls, DdlRouter router, String where) {
        if (!enabled) {
            return ddls;
        }
        List<Map.Entry<String, DdlRouter.Ddl>> out = new ArrayList<>();
        for (Map.Entry<String, DdlRouter.Ddl> entry : ddls) {
            DdlRouter.Ddl d = entry.getValue();
            TableName source = d.source();
            if (source.table().isEmpty()) {
                out.add(entry);
                continue;
            }
            TableRole role = TableRole.of(source.table());
            TableName real = new TableName(source.schema(), TableRole.realName(source.table()));
            if (d.type() == EventType.RENAME_TABLE) {
                rename(entry, role, renamedTo(d.sourceSql()), router, where, out);
            } else if (role == TableRole.GHOST) {
                ghostDdl(d, real, where);
            } else if (role == TableRole.TRASH) {
                LOG.info("event=online_ddl_skip {} reason=trash_table sql=\"{}\" at={}", logTags, oneLine(d.sourceSql()), where);
            } else {
                out.add(entry);
            }
        }
        return out;
    }

    private void rename(Map.Entry<String, DdlRouter.Ddl> entry, TableRole fromRole, TableName to, DdlRouter router, String where,
            List<Map.Entry<String, DdlRouter.Ddl>> out) {
        DdlRouter.Ddl d = entry.getValue();
        TableRole toRole = TableRole.of(to.table());
        if (fromRole == TableRole.REAL && toRole == TableRole.REAL) {
            out.add(entry);
        } else if (fromRole == TableRole.GHOST && toRole == TableRole.REAL) {
            cutOver(d.source(), to, router, where, out);
        } else if (fromRole == TableRole.REAL && toRole == TableRole.GHOST) {
            out.add(entry); // not a step of either tool: the user's own rename, run as written
        } else {
            // the real table moved aside to trash, or moves among the tool's own tables
            LOG.info("event=online_ddl_skip {} reason={}_to_{} sql=\"{}\" at={}", logTags, fromRole.name().toLowerCase(Locale.ROOT),
                    toRole.name().toLowerCase(Locale.ROOT), oneLine(d.sourceSql()), where);
        }
    }

    /** The ghost takes the real table's place: what was recorded on the ghost now runs on the real table. */
    private void cutOver(TableName ghost, TableName real, DdlRouter router, String where, List<Map.Entry<String, DdlRouter.Ddl>> out) {
        if (!rules.tableAllowed(real.schema(), real.table())) {
            forget(ghost);
            return;
        }
        GhostAlters run = runs.get(ghost);
        if (run == null) {
            throw SyncErrors.ONLINE_DDL_ON_GHOST.error(ghost);
        }
        for (String ddl : run.ddls()) {
            router.route(real.schema(), ddl, where).forEach(routed -> out.add(Map.entry(ddl, routed)));
        }
        forget(ghost);
        LOG.info("event=online_ddl_cut_over {} ghost={} real={} ddls={} at={}", logTags, ghost, real, run.ddls().size(), where);
    }

    private void ghostDdl(DdlRouter.Ddl d, TableName real, String where) {
        TableName ghost = d.source();
        if (!rules.tableAllowed(real.schema(), real.table())) {
            LOG.info("event=online_ddl_skip {} reason=table_not_migrated sql=\"{}\" at={}", logTags, oneLine(d.sourceSql()), where);
            return;
        }
        switch (d.type()) {
            case CREATE_TABLE -> {
                remember(new GhostAlters(ghost, real, List.of()));
                LOG.info("event=online_ddl_start {} ghost={} real={} at={}", logTags, ghost, real, where);
            }
            case DROP_TABLE -> {
                forget(ghost); // before a run (leftovers) or when a run is abandoned
                LOG.info("event=online_ddl_forget {} ghost={} at={}", logTags, ghost, where);
            }
            case ALTER_TABLE, CREATE_INDEX, DROP_INDEX -> {
                GhostAlters run = runs.getOrDefault(ghost, new GhostAlters(ghost, real, List.of()));
                String onReal = retarget(d.sourceSql(), ghost, real);
                remember(run.plus(onReal));
                LOG.info("event=online_ddl_recorded {} ghost={} sql=\"{}\" at={}", logTags, ghost, oneLine(onReal), where);
            }
            default -> LOG.info("event=online_ddl_skip {} reason=ghost_table sql=\"{}\" at={}", logTags, oneLine(d.sourceSql()), where);
        }
    }

    private void remember(GhostAlters run) {
        runs.put(run.ghost(), run);
        unsaved.put(run.ghost(), run);
    }

    private void forget(TableName ghost) {
        if (runs.remove(ghost) != null || unsaved.containsKey(ghost)) {
            unsaved.put(ghost, null);
        }
    }

    /** Writes the records changed since the last save, in the caller's (the checkpoint's) transaction. */
    public void save(Connection c) throws SQLException {
        for (Map.Entry<TableName, GhostAlters> e : unsaved.entrySet()) {
            if (e.getValue() == null) {
                store.delete(c, e.getKey());
            } else {
                store.put(c, e.getValue());
            }
        }
    }

    /** The transaction of the last {@link #save} committed. */
    public void saved() {
        unsaved.clear();
    }

    /** The recorded ALTERs of a ghost table in progress (empty when none). */
    List<String> recorded(TableName ghost) {
        GhostAlters run = runs.get(ghost);
        return run == null ? List.of() : run.ddls();
    }

    private static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ");
    }

    /** The new name in a single-table {@code RENAME TABLE a TO b} as the DDL router prints it. */
    private static TableName renamedTo(String renameSql) {
        MySqlRenameTableStatement rename = (MySqlRenameTableStatement) SQLUtils.parseSingleStatement(renameSql, DbType.mysql);
        SQLName to = rename.getItems().get(0).getTo();
        if (to instanceof SQLPropertyExpr p) {
            return new TableName(SQLUtils.normalize(p.getOwnerName()), SQLUtils.normalize(p.getName()));
        }
        throw new IllegalStateException("the DDL router prints qualified names: " + renameSql);
    }

    /** The statement with the ghost table replaced by the real one, always schema-qualified. */
    private static String retarget(String sql, TableName ghost, TableName real) {
        SQLStatement stmt = SQLUtils.parseSingleStatement(sql, DbType.mysql);
        stmt.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource x) {
                String schema = x.getSchema() == null ? ghost.schema() : SQLUtils.normalize(x.getSchema());
                if (schema.equals(ghost.schema()) && SQLUtils.normalize(x.getTableName()).equals(ghost.table())) {
                    x.setExpr(new SQLPropertyExpr(new SQLIdentifierExpr(TableName.quote(real.schema())), TableName.quote(real.table())));
                }
                return false;
            }
        });
        return SQLUtils.toSQLString(stmt, DbType.mysql);
    }
}
