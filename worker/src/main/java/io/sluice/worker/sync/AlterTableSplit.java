package io.sluice.worker.sync;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddConstraint;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLPrimaryKey;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableAlgorithm;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableLock;
import java.util.ArrayList;
import java.util.List;

/**
 * DM's split of a multi-clause ALTER TABLE into one ALTER per clause
 * ({@code ALTER TABLE t ADD a INT, ADD b INT} becomes two statements), so each change is
 * tracked, executed, skipped or replaced on its own and targets that take one change per
 * statement (TiDB before 6.2) accept them. After a {@code RENAME TO} clause the later clauses
 * act on the new name, as they do upstream. Table options ({@code DEFAULT CHARACTER SET …}) go
 * first, as one statement, since MySQL applies them to the whole statement's new columns.
 * Two kinds of clauses stay together because apart they would fail where together they succeed:
 * {@code ALGORITHM=}/{@code LOCK=} go with every piece, and {@code DROP PRIMARY KEY} stays with
 * the {@code ADD PRIMARY KEY} that replaces it (an AUTO_INCREMENT column must stay a key).
 */
final class AlterTableSplit {
    private AlterTableSplit() {
    }

    static List<SQLAlterTableStatement> pieces(SQLAlterTableStatement alter) {
        List<SQLAlterTableItem> modifiers = new ArrayList<>();
        List<List<SQLAlterTableItem>> groups = new ArrayList<>();
        List<SQLAlterTableItem> primaryKeyChange = null;
        for (SQLAlterTableItem item : alter.getItems()) {
            if (item instanceof MySqlAlterTableAlgorithm || item instanceof MySqlAlterTableLock) {
                modifiers.add(item);
            } else if (item instanceof SQLAlterTableDropPrimaryKey || addsPrimaryKey(item)) {
                if (primaryKeyChange == null) {
                    primaryKeyChange = new ArrayList<>();
                    groups.add(primaryKeyChange);
                }
                primaryKeyChange.add(item);
            } else {
                groups.add(List.of(item));
            }
        }
        int pieces = groups.size() + (alter.getTableOptions().isEmpty() ? 0 : 1);
        if (pieces <= 1) {
            return List.of(alter);
        }
        List<SQLAlterTableStatement> out = new ArrayList<>();
        SQLExprTableSource table = alter.getTableSource();
        if (!alter.getTableOptions().isEmpty()) {
            SQLAlterTableStatement options = piece(table, modifiers, List.of());
            alter.getTableOptions().forEach(o -> options.getTableOptions().add(o.clone()));
            out.add(options);
        }
        for (List<SQLAlterTableItem> group : groups) {
            out.add(piece(table, modifiers, group));
            if (group.get(0) instanceof SQLAlterTableRename rename && rename.getTo() != null) {
                table = rename.getTo();
            }
        }
        return out;
    }

    private static boolean addsPrimaryKey(SQLAlterTableItem item) {
        return item instanceof SQLAlterTableAddConstraint add && add.getConstraint() instanceof SQLPrimaryKey;
    }

    private static SQLAlterTableStatement piece(SQLExprTableSource table, List<SQLAlterTableItem> modifiers,
            List<SQLAlterTableItem> items) {
        SQLAlterTableStatement p = new SQLAlterTableStatement(DbType.mysql);
        p.setTableSource(table.clone());
        modifiers.forEach(p::addItem); // shared: printed, never rewritten
        items.forEach(p::addItem);
        return p;
    }
}
