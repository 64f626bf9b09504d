package io.sluice.worker.schema;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLObject;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated columns in DDL druid parses. druid holds the expression of {@code c INT AS (expr)} and
 * of {@code c INT GENERATED ALWAYS AS (expr)} in two different fields, with two flaws: it prints
 * the short form back as {@code c INT VIRTUAL AS (expr)} (or after a COMMENT), which no server
 * accepts, and its schema repository drops the long form's expression when it copies a table.
 * So the tracker keeps the short form (it survives copies) and whatever is printed for a server
 * or a checkpoint uses the long form (it prints in valid order).
 */
public final class GeneratedColumns {
    private GeneratedColumns() {
    }

    /** Rewrites every generated column of the statement (CREATE or ALTER) to the long form, for printing. */
    public static void toLongForm(SQLObject statement) {
        forEachColumn(statement, col -> {
            if (col.getAsExpr() != null && col.getGeneratedAlwaysAs() == null) {
                col.setGeneratedAlwaysAs(col.getAsExpr());
                col.setAsExpr(null);
            }
        });
    }

    /** Rewrites every generated column to the short form, which druid's repository keeps. */
    static void toShortForm(SQLObject statement) {
        forEachColumn(statement, col -> {
            if (col.getGeneratedAlwaysAs() != null && col.getAsExpr() == null) {
                col.setAsExpr(col.getGeneratedAlwaysAs());
                col.setGeneratedAlwaysAs(null);
            }
        });
    }

    /** The statement's text with generated columns in the long form; the statement itself is left as it was. */
    static String print(SQLObject statement) {
        List<SQLColumnDefinition> moved = new ArrayList<>();
        forEachColumn(statement, col -> {
            if (col.getAsExpr() != null && col.getGeneratedAlwaysAs() == null) {
                moved.add(col);
            }
        });
        moved.forEach(col -> swap(col, col.getAsExpr(), null));
        try {
            return statement.toString();
        } finally {
            moved.forEach(col -> swap(col, null, col.getGeneratedAlwaysAs()));
        }
    }

    /** Its value is computed by the server: row images carry it, but a statement may not write it. */
    static boolean isGenerated(SQLColumnDefinition col) {
        return col.getGeneratedAlwaysAs() != null || col.getAsExpr() != null;
    }

    private static void swap(SQLColumnDefinition col, SQLExpr generatedAlwaysAs, SQLExpr asExpr) {
        col.setGeneratedAlwaysAs(generatedAlwaysAs);
        col.setAsExpr(asExpr);
    }

    private static void forEachColumn(SQLObject statement, java.util.function.Consumer<SQLColumnDefinition> action) {
        statement.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLColumnDefinition col) {
                action.accept(col);
                return false;
            }
        });
    }
}
