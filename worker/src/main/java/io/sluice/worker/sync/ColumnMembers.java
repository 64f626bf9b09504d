package io.sluice.worker.sync;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import io.sluice.common.filter.expression.SqlExpression;
import io.sluice.worker.schema.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tracked table's columns as expression filters see them. ENUM and SET values arrive as
 * numbers, so their labels are read from the table's CREATE TABLE (only when it has such a
 * column; once per table shape).
 */
final class ColumnMembers {
    private ColumnMembers() {
    }

    static List<SqlExpression.Column> of(TableInfo info) {
        boolean labelled = info.columns().stream().anyMatch(c -> c.type().equals("enum") || c.type().equals("set"));
        Map<String, List<String>> members = labelled ? members(info.createSql()) : Map.of();
        List<SqlExpression.Column> out = new ArrayList<>();
        for (TableInfo.Column c : info.columns()) {
            out.add(new SqlExpression.Column(c.name(), c.type(), members.getOrDefault(c.name().toLowerCase(Locale.ROOT), List.of())));
        }
        return out;
    }

    private static Map<String, List<String>> members(String createSql) {
        Map<String, List<String>> out = new HashMap<>();
        SQLCreateTableStatement create = (SQLCreateTableStatement) SQLUtils.parseSingleStatement(createSql, DbType.mysql);
        for (SQLColumnDefinition c : create.getColumnDefinitions()) {
            String type = c.getDataType().getName().toLowerCase(Locale.ROOT);
            if (type.equals("enum") || type.equals("set")) {
                List<String> labels = new ArrayList<>();
                for (SQLExpr arg : c.getDataType().getArguments()) {
                    labels.add(arg instanceof SQLCharExpr ch ? ch.getText() : SQLUtils.normalize(arg.toString()));
                }
                out.put(SQLUtils.normalize(c.getColumnName()).toLowerCase(Locale.ROOT), labels);
            }
        }
        return out;
    }
}
