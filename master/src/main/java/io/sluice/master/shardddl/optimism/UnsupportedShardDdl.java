package io.sluice.master.shardddl.optimism;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLLiteralExpr;
import com.alibaba.druid.sql.ast.expr.SQLUnaryExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddConstraint;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRenameColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRenameIndex;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLPrimaryKey;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableChangeColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableModifyColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import java.util.List;
import java.util.Locale;

/**
 * DDLs DM refuses in shard-mode optimistic even when the schemas would join: renames (of a
 * table, a column or an index), primary key changes, and columns whose default is computed when
 * a row is written, which would differ between the shards' rows and the target's fill.
 */
final class UnsupportedShardDdl {
    private static final List<String> NON_CONSTANT = List.of("current_timestamp", "now", "localtime", "localtimestamp",
            "rand", "uuid", "uuid_short", "sysdate", "curdate", "curtime", "utc_timestamp");

    private UnsupportedShardDdl() {
    }

    /** Why the statement cannot be coordinated optimistically, or null when it can. */
    static String reason(String ddl) {
        SQLStatement st;
        try {
            st = SQLUtils.parseSingleStatement(ddl, DbType.mysql);
        } catch (RuntimeException e) {
            return null; // the worker parsed it already; a statement druid cannot read is judged by its schemas alone
        }
        if (st instanceof MySqlRenameTableStatement) {
            return "RENAME TABLE is not supported in optimistic mode";
        }
        if (!(st instanceof SQLAlterTableStatement alter)) {
            return null;
        }
        for (SQLAlterTableItem item : alter.getItems()) {
            String why = reason(item);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private static String reason(SQLAlterTableItem item) {
        if (item instanceof SQLAlterTableRename) {
            return "ALTER TABLE ... RENAME is not supported in optimistic mode";
        }
        if (item instanceof SQLAlterTableRenameColumn) {
            return "RENAME COLUMN is not supported in optimistic mode";
        }
        if (item instanceof SQLAlterTableRenameIndex) {
            return "RENAME INDEX is not supported in optimistic mode";
        }
        if (item instanceof MySqlAlterTableChangeColumn change
                && !SQLUtils.normalize(change.getColumnName().getSimpleName()).equalsIgnoreCase(
                        SQLUtils.normalize(change.getNewColumnDefinition().getColumnName()))) {
            return "renaming a column with CHANGE COLUMN is not supported in optimistic mode";
        }
        if (item instanceof SQLAlterTableDropPrimaryKey
                || item instanceof SQLAlterTableAddConstraint c && c.getConstraint() instanceof SQLPrimaryKey) {
            return "changing the primary key is not supported in optimistic mode";
        }
        if (item instanceof SQLAlterTableAddColumn add) {
            for (SQLColumnDefinition col : add.getColumns()) {
                if (nonConstant(col.getDefaultExpr())) {
                    return "the default of column `" + SQLUtils.normalize(col.getColumnName()) + "` is not a constant: " + col.getDefaultExpr();
                }
            }
        }
        if (item instanceof MySqlAlterTableModifyColumn modify && nonConstant(modify.getNewColumnDefinition().getDefaultExpr())) {
            return "the default of column `" + SQLUtils.normalize(modify.getNewColumnDefinition().getColumnName()) + "` is not a constant";
        }
        return null;
    }

    /** A default other than a literal (a function or a keyword such as CURRENT_TIMESTAMP) is computed per row. */
    private static boolean nonConstant(SQLExpr def) {
        if (def == null || def instanceof SQLLiteralExpr) {
            return false;
        }
        if (def instanceof SQLUnaryExpr u) {
            return nonConstant(u.getExpr());
        }
        String name = def instanceof SQLMethodInvokeExpr m ? m.getMethodName()
                : def instanceof SQLIdentifierExpr id ? id.getName() : null;
        return name == null || NON_CONSTANT.contains(name.toLowerCase(Locale.ROOT)) || !name.matches("(?i)true|false");
    }
}
