package io.sluice.worker.sync;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLTruncateStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.EventType;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.GeneratedColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns the text of a QUERY event into the DDL statements to track and to run downstream, one
 * table per statement (DROP TABLE a, b and RENAME TABLE a TO b, c TO d are split so each table
 * is filtered and routed on its own) and, as DM does, one change per ALTER TABLE
 * ({@link AlterTableSplit}). Table names are rewritten on druid's AST, never by text
 * replacement. Statements that change no table we migrate (users, routines, views, grants, …)
 * come back as an empty list.
 */
public final class DdlRouter {
    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s+|/\\*.*?\\*/|#[^\\n]*\\n|--[^\\n]*\\n)*", Pattern.DOTALL);
    private static final Pattern TABLE_DDL = Pattern.compile(
            "^(CREATE\\s+(OR\\s+REPLACE\\s+)?(TABLE|DATABASE|SCHEMA|(UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX)"
                    + "|ALTER\\s+(ONLINE\\s+|IGNORE\\s+)*TABLE|DROP\\s+(TABLE|DATABASE|SCHEMA|INDEX)|RENAME\\s+TABLE|TRUNCATE)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * @param source     the upstream table (or schema, with an empty table) the statement acts on
     * @param sourceSql  the statement for the schema tracker, with the upstream names
     * @param targetSql  the statement to run on the target, with routed names
     */
    public record Ddl(EventType type, TableName source, String sourceSql, String targetSql) {
    }

    private final MigrationRules rules;

    public DdlRouter(MigrationRules rules) {
        this.rules = rules;
    }

    /** Whether a QUERY event's text is a DDL on tables or schemas (and so must be parsed). */
    static boolean isTableDdl(String sql) {
        String s = LEADING_COMMENTS.matcher(sql).replaceFirst("");
        return TABLE_DDL.matcher(s).lookingAt() && !s.toUpperCase(Locale.ROOT).startsWith("CREATE TEMPORARY");
    }

    /** Parses and routes; throws the 11006 error when druid cannot parse a table DDL. */
    public List<Ddl> route(String defaultSchema, String sql, String where) {
        List<SQLStatement> stmts;
        try {
            stmts = SQLUtils.parseStatements(sql, DbType.mysql);
        } catch (RuntimeException e) {
            String respelled = DdlSynonyms.spelledOut(sql);
            try {
                stmts = SQLUtils.parseStatements(respelled, DbType.mysql);
            } catch (RuntimeException again) {
                throw SyncErrors.PARSE_DDL.wrap(e, sql, where);
            }
        }
        List<Ddl> out = new ArrayList<>();
        for (SQLStatement stmt : stmts) {
            for (SQLStatement piece : stmt instanceof SQLAlterTableStatement alter ? AlterTableSplit.pieces(alter) : List.of(stmt)) {
                route(defaultSchema, piece, out);
            }
        }
        return out;
    }

    private void route(String db, SQLStatement stmt, List<Ddl> out) {
        GeneratedColumns.toLongForm(stmt);
        if (stmt instanceof MySqlRenameTableStatement rename) {
            for (MySqlRenameTableStatement.Item item : rename.getItems()) {
                TableName from = name(db, item.getName());
                TableName to = name(db, item.getTo());
                out.add(new Ddl(EventType.RENAME_TABLE, from, "RENAME TABLE " + from.quoted() + " TO " + to.quoted(),
                        "RENAME TABLE " + target(from).quoted() + " TO " + target(to).quoted()));
            }
        } else if (stmt instanceof SQLDropTableStatement drop) {
            for (SQLExprTableSource ts : drop.getTableSources()) {
                TableName t = name(db, ts);
                out.add(new Ddl(EventType.DROP_TABLE, t, "DROP TABLE " + t.quoted(), "DROP TABLE IF EXISTS " + target(t).quoted()));
            }
        } else if (stmt instanceof SQLTruncateStatement truncate) {
            for (SQLExprTableSource ts : truncate.getTableSources()) {
                TableName t = name(db, ts);
                out.add(new Ddl(EventType.TRUNCATE_TABLE, t, "TRUNCATE TABLE " + t.quoted(), "TRUNCATE TABLE " + target(t).quoted()));
            }
        } else if (stmt instanceof SQLCreateDatabaseStatement create) {
            TableName s = new TableName(SQLUtils.normalize(create.getDatabaseName()), "");
            String sourceSql = mysql(create);
            create.setName(new SQLIdentifierExpr(target(s).quoted()));
            create.setIfNotExists(true);
            out.add(new Ddl(EventType.CREATE_DATABASE, s, sourceSql, mysql(create)));
        } else if (stmt instanceof SQLDropDatabaseStatement drop) {
            TableName s = new TableName(SQLUtils.normalize(drop.getDatabaseName()), "");
            out.add(new Ddl(EventType.DROP_DATABASE, s, "DROP DATABASE " + s.quoted(), "DROP DATABASE IF EXISTS " + target(s).quoted()));
        } else if (stmt instanceof SQLCreateTableStatement || stmt instanceof SQLAlterTableStatement
                || stmt instanceof SQLCreateIndexStatement || stmt instanceof SQLDropIndexStatement) {
            String sourceSql = mysql(stmt);
            List<TableName> tables = new ArrayList<>();
            stmt.accept(new MySqlASTVisitorAdapter() {
                @Override
                public boolean visit(SQLExprTableSource x) {
                    TableName t = name(db, x);
                    tables.add(t);
                    TableName r = target(t);
                    x.setExpr(new SQLPropertyExpr(new SQLIdentifierExpr(TableName.quote(r.schema())), TableName.quote(r.table())));
                    return false;
                }
            });
            if (tables.isEmpty()) {
                return;
            }
            EventType type = stmt instanceof SQLCreateTableStatement ? EventType.CREATE_TABLE
                    : stmt instanceof SQLAlterTableStatement ? EventType.ALTER_TABLE
                    : stmt instanceof SQLCreateIndexStatement ? EventType.CREATE_INDEX : EventType.DROP_INDEX;
            out.add(new Ddl(type, tables.get(0), sourceSql, mysql(stmt)));
        }
        // anything else (views, sequences, ALTER DATABASE, …) is not migrated
    }

    /** Printed in MySQL syntax whatever dialect druid attached to the node (back-quoted names). */
    private static String mysql(SQLStatement stmt) {
        return SQLUtils.toSQLString(stmt, DbType.mysql);
    }

    private TableName target(TableName t) {
        return rules.route(t.schema(), t.table());
    }

    private static TableName name(String db, SQLExprTableSource ts) {
        String schema = ts.getSchema() == null ? db : SQLUtils.normalize(ts.getSchema());
        return new TableName(schema, SQLUtils.normalize(ts.getTableName()));
    }

    private static TableName name(String db, SQLName n) {
        if (n instanceof SQLPropertyExpr p) {
            return new TableName(SQLUtils.normalize(p.getOwnerName()), SQLUtils.normalize(p.getName()));
        }
        return new TableName(db, SQLUtils.normalize(n.getSimpleName()));
    }
}
