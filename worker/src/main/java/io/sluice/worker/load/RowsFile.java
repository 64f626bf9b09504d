package io.sluice.worker.load;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.expr.SQLVariantRefExpr;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlLoadDataInFileStatement;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.filter.TableName;
import io.sluice.worker.dump.DataFileFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A data file's rows file and its columns, read from the LOAD DATA statement of the data file
 * (mydumper's {@code --load-data} layout). Columns are in file order; a hex column arrives as
 * {@code @var} and is decoded by {@code SET col = UNHEX(@var)}.
 */
record RowsFile(Path path, List<Column> columns) {

    record Column(String name, boolean hex) {
    }

    static boolean isLoadData(String statement) {
        return statement.regionMatches(true, 0, "LOAD DATA", 0, 9);
    }

    /** Parses a statement file's text; {@code statementFile} locates the rows file named in it. */
    static RowsFile parse(Path statementFile, String statement) {
        String name = statementFile.getFileName().toString();
        MySqlLoadDataInFileStatement load;
        try {
            SQLStatement parsed = SQLUtils.parseSingleStatement(statement, DbType.mysql);
            if (!(parsed instanceof MySqlLoadDataInFileStatement l)) {
                throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(name, 1, "expected one LOAD DATA statement");
            }
            load = l;
        } catch (RuntimeException e) {
            if (e instanceof io.sluice.common.errors.SluiceException se) {
                throw se;
            }
            throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(name, 1, e.getMessage());
        }
        Map<String, String> unhexOf = new HashMap<>();
        for (SQLExpr set : load.getSetList()) {
            if (set instanceof SQLBinaryOpExpr eq && eq.getRight() instanceof SQLMethodInvokeExpr call
                    && call.getMethodName().equalsIgnoreCase("UNHEX") && call.getArguments().size() == 1
                    && call.getArguments().get(0) instanceof SQLVariantRefExpr var) {
                unhexOf.put(var.getName(), unquote(eq.getLeft().toString()));
            } else {
                throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(name, 1, "unsupported SET clause " + set);
            }
        }
        List<Column> columns = new ArrayList<>();
        for (SQLExpr c : load.getColumns()) {
            if (c instanceof SQLVariantRefExpr var) {
                String col = unhexOf.get(var.getName());
                if (col == null) {
                    throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(name, 1, "variable " + var.getName() + " is not decoded");
                }
                columns.add(new Column(col, true));
            } else {
                columns.add(new Column(unquote(c.toString()), false));
            }
        }
        if (columns.isEmpty()) {
            throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(name, 1, "the statement names no columns");
        }
        String rows = load.getFileName() instanceof SQLCharExpr text ? text.getText() : unquoteString(load.getFileName().toString());
        if (rows.contains("/") || rows.contains("\\") || rows.equals("..")) {
            throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(name, 1, "the rows file must be a file next to it, not " + rows);
        }
        return new RowsFile(statementFile.resolveSibling(rows).toAbsolutePath(), List.copyOf(columns));
    }

    /** The LOAD DATA LOCAL statement that reads this file into {@code target}. */
    String loadStatement(String duplicateKeyword, TableName target) {
        StringBuilder cols = new StringBuilder();
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            cols.append(i == 0 ? "" : ",");
            if (c.hex()) {
                cols.append("@h").append(i);
                set.append(set.isEmpty() ? " SET " : ", ").append(TableName.quote(c.name())).append(" = UNHEX(@h").append(i).append(')');
            } else {
                cols.append(TableName.quote(c.name()));
            }
        }
        return "LOAD DATA LOCAL INFILE " + DataFileFormat.sqlString(path.toString()) + " " + duplicateKeyword
                + "INTO TABLE " + target.quoted() + " " + DataFileFormat.CLAUSES + " (" + cols + ")" + set;
    }

    String quotedColumnList() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(TableName.quote(columns.get(i).name()));
        }
        return sb.append(')').toString();
    }

    private static String unquote(String identifier) {
        String s = identifier.strip();
        return s.length() >= 2 && s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1).replace("``", "`") : s;
    }

    private static String unquoteString(String literal) {
        String s = literal.strip();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            s = s.substring(1, s.length() - 1).replace("''", "'").replace("\\\\", "\\");
        }
        return s;
    }
}
