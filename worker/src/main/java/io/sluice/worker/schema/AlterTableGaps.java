package io.sluice.worker.schema;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableConvertCharSet;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLAssignItem;
import com.alibaba.druid.sql.ast.statement.SQLCharacterDataType;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLColumnPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import java.util.Locale;

/**
 * What druid's repository leaves undone when it applies an ALTER TABLE, done on the tracked
 * CREATE TABLE before it applies the rest:
 * <ul>
 * <li>a new table charset or collation ({@code DEFAULT CHARACTER SET latin1}) is recorded, and
 *     the existing string columns keep the charset they had (MySQL only gives the new one to
 *     columns added later), so rows of both keep decoding right;</li>
 * <li>{@code CONVERT TO CHARACTER SET} changes every string column and the table;</li>
 * <li>{@code DROP PRIMARY KEY} also drops a key declared on the column ({@code id INT PRIMARY KEY}).</li>
 * </ul>
 */
final class AlterTableGaps {
    private AlterTableGaps() {
    }

    static void apply(SQLCreateTableStatement create, SQLAlterTableStatement alter) {
        String charset = null;
        String collate = null;
        for (SQLAssignItem option : alter.getTableOptions()) {
            String key = option.getTarget().toString().toUpperCase(Locale.ROOT);
            if (key.contains("CHARACTER SET") || key.contains("CHARSET")) {
                charset = SQLUtils.normalize(option.getValue().toString());
            } else if (key.contains("COLLATE")) {
                collate = SQLUtils.normalize(option.getValue().toString());
            }
        }
        if (charset != null || collate != null) {
            pinColumnCharsets(create, DruidSchemaTracker.tableCharset(create));
            setTableCharset(create, charset != null ? charset : charsetOf(collate), collate);
        }
        for (SQLAlterTableItem item : alter.getItems()) {
            if (item instanceof SQLAlterTableConvertCharSet convert) {
                String cs = SQLUtils.normalize(convert.getCharset().toString());
                String co = convert.getCollate() == null ? null : SQLUtils.normalize(convert.getCollate().toString());
                convertColumns(create, cs, co);
                setTableCharset(create, cs, co);
            } else if (item instanceof SQLAlterTableDropPrimaryKey) {
                for (SQLTableElement el : create.getTableElementList()) {
                    if (el instanceof SQLColumnDefinition col) {
                        col.getConstraints().removeIf(c -> c instanceof SQLColumnPrimaryKey);
                    }
                }
            }
        }
    }

    /** String columns that follow the table's charset get it written on them. */
    private static void pinColumnCharsets(SQLCreateTableStatement create, String tableCharset) {
        for (SQLTableElement el : create.getTableElementList()) {
            if (el instanceof SQLColumnDefinition col && col.getDataType() instanceof SQLCharacterDataType dt
                    && col.getCharsetExpr() == null && dt.getCharSetName() == null && col.getCollateExpr() == null
                    && dt.getCollate() == null) {
                dt.setCharSetName(tableCharset);
            }
        }
    }

    private static void convertColumns(SQLCreateTableStatement create, String charset, String collate) {
        for (SQLTableElement el : create.getTableElementList()) {
            if (el instanceof SQLColumnDefinition col && col.getDataType() instanceof SQLCharacterDataType dt) {
                col.setCharsetExpr(null);
                col.setCollateExpr(null);
                dt.setCharSetName(charset);
                dt.setCollate(collate);
            }
        }
    }

    private static void setTableCharset(SQLCreateTableStatement create, String charset, String collate) {
        create.getTableOptions().removeIf(o -> {
            String key = o.getTarget().toString().toUpperCase(Locale.ROOT);
            return key.contains("CHARSET") || key.contains("CHARACTER SET") || key.contains("COLLATE");
        });
        if (charset != null) {
            create.getTableOptions().add(new SQLAssignItem(new SQLIdentifierExpr("CHARACTER SET"), new SQLIdentifierExpr(charset)));
        }
        if (collate != null) {
            create.getTableOptions().add(new SQLAssignItem(new SQLIdentifierExpr("COLLATE"), new SQLIdentifierExpr(collate)));
        }
    }

    private static String charsetOf(String collate) {
        return collate != null && collate.contains("_") ? collate.substring(0, collate.indexOf('_')) : null;
    }
}
