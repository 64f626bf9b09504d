package io.sluice.common.filter.expression;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.dialect.mysql.parser.MySqlExprParser;
import com.alibaba.druid.sql.parser.ParserException;
import com.alibaba.druid.sql.parser.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One MySQL boolean expression over the columns of a row, e.g. {@code c % 2 = 0} or
 * {@code ts > NOW() - INTERVAL 1 DAY}. Parsed by druid's MySQL expression parser and checked
 * once ({@link #parse}), then bound to a table's columns ({@link #bind}) and evaluated per row
 * image with MySQL's semantics, NULL included: a row matches only when the value is true.
 */
public final class SqlExpression {
    private static final Set<String> TEMPORAL_TYPES = Set.of("date", "datetime", "timestamp");

    private final String text;
    private final SQLExpr ast;
    private final List<String> columns;

    /**
     * A column of the table an expression is bound to.
     *
     * @param type     the lower-case base type ({@code int}, {@code datetime}, {@code enum}, …)
     * @param members  an ENUM's or SET's labels in declaration order: the binlog carries an
     *                 ENUM as its index and a SET as a bitmask, while expressions compare labels
     */
    public record Column(String name, String type, List<String> members) {
        public Column(String name, String type) {
            this(name, type, List.of());
        }

        public Column {
            members = List.copyOf(members);
        }
    }

    private SqlExpression(String text, SQLExpr ast, List<String> columns) {
        this.text = text;
        this.ast = ast;
        this.columns = columns;
    }

    /**
     * Parses and checks an expression without a table: grammar, functions, operators.
     *
     * @throws IllegalArgumentException with a reason a user can act on
     */
    public static SqlExpression parse(String text) {
        SQLExpr ast;
        try {
            MySqlExprParser parser = new MySqlExprParser(text);
            ast = parser.expr();
            if (parser.getLexer().token() != Token.EOF) {
                throw new IllegalArgumentException("unexpected `" + parser.getLexer().stringVal() + "` after the expression");
            }
        } catch (ParserException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        // compile once against "any column", remembering the names, so every refusal happens now
        Map<String, Integer> seen = new LinkedHashMap<>();
        new ExpressionCompiler(name -> seen.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> seen.size())).compile(ast);
        return new SqlExpression(text, ast, List.copyOf(seen.keySet()));
    }

    public String text() {
        return text;
    }

    /** The column names the expression reads, in lower case. */
    public List<String> columns() {
        return columns;
    }

    /**
     * Binds the expression to a table's columns (in binlog order).
     *
     * @throws IllegalArgumentException naming a column the table lacks
     */
    public Bound bind(List<Column> tableColumns) {
        ExpressionCompiler compiler = new ExpressionCompiler(name -> {
            for (int i = 0; i < tableColumns.size(); i++) {
                if (tableColumns.get(i).name().equalsIgnoreCase(name)) {
                    return i;
                }
            }
            return -1;
        });
        ExpressionCompiler.Node root = compiler.compile(ast);
        List<Integer> used = new ArrayList<>();
        for (String c : columns) {
            for (int i = 0; i < tableColumns.size(); i++) {
                if (tableColumns.get(i).name().equalsIgnoreCase(c)) {
                    used.add(i);
                }
            }
        }
        return new Bound(root, tableColumns, used);
    }

    /** An expression bound to one table shape; safe to use from one thread at a time per call. */
    public static final class Bound {
        private final ExpressionCompiler.Node root;
        private final List<Column> columns;
        private final int[] used;

        private Bound(ExpressionCompiler.Node root, List<Column> columns, List<Integer> used) {
            this.root = root;
            this.columns = Collections.unmodifiableList(columns);
            this.used = used.stream().mapToInt(Integer::intValue).toArray();
        }

        /**
         * Whether the expression is TRUE for this row image (false for FALSE and NULL).
         * Values are as the sync unit's value converter gives them: numbers, strings, byte
         * arrays, and date/time columns as their SQL text.
         */
        public boolean matches(Object[] row) {
            Object[] values = new Object[row.length];
            for (int i : used) {
                values[i] = normalize(columns.get(i), row[i]);
            }
            return Boolean.TRUE.equals(SqlValues.truth(root.eval(values)));
        }

        /** The value of the expression for a row, in SQL text (NULL as null); for tests and logs. */
        public String evaluate(Object[] row) {
            Object[] values = new Object[row.length];
            for (int i : used) {
                values[i] = normalize(columns.get(i), row[i]);
            }
            return SqlValues.toText(root.eval(values));
        }
    }

    static Object normalize(Column column, Object v) {
        if (v == null) {
            return null;
        }
        String type = column.type();
        if (v instanceof Number n && !column.members().isEmpty() && (type.equals("enum") || type.equals("set"))) {
            return labels(column, n.longValue());
        }
        if (v instanceof Long || v instanceof BigDecimal || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Boolean b) {
            return SqlValues.bool(b);
        }
        if (v instanceof byte[] bytes) {
            return SqlValues.binary(bytes);
        }
        String s = v.toString();
        if (TEMPORAL_TYPES.contains(type)) {
            DateTimeValue d = DateTimeValue.parse(s);
            if (d != null) {
                return type.equals("date") ? new DateTimeValue(d.time(), true) : d;
            }
        }
        return s;
    }

    /** ENUM index 1..n to its label (0, the error value, is ''); SET bits to its labels joined by commas. */
    private static String labels(Column column, long n) {
        List<String> members = column.members();
        if (column.type().equals("enum")) {
            return n >= 1 && n <= members.size() ? members.get((int) n - 1) : "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < members.size() && i < 64; i++) {
            if ((n & (1L << i)) != 0) {
                sb.append(sb.isEmpty() ? "" : ",").append(members.get(i));
            }
        }
        return sb.toString();
    }
}
