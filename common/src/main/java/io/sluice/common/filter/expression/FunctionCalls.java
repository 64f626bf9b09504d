package io.sluice.common.filter.expression;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLDataType;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLCastExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import io.sluice.common.filter.expression.ExpressionCompiler.Node;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Function calls and CAST: the table of {@link SqlFunctions} for plain calls, and the forms
 * whose arguments are not plain expressions (TRIM's LEADING … FROM, TIMESTAMPDIFF's unit,
 * SUBSTRING's FROM … FOR, DATE_ADD's INTERVAL, CAST's type).
 */
final class FunctionCalls {
    private final ExpressionCompiler compiler;

    FunctionCalls(ExpressionCompiler compiler) {
        this.compiler = compiler;
    }

    Node call(SQLMethodInvokeExpr m) {
        String name = m.getMethodName().toUpperCase(Locale.ROOT);
        if (m.getOwner() != null) {
            throw ExpressionCompiler.unsupported("function " + SQLUtils.toMySqlString(m.getOwner()) + "." + name);
        }
        List<SQLExpr> argExprs = new ArrayList<>(m.getArguments());
        if (name.equals("TIMESTAMPDIFF")) {
            return timestampDiff(argExprs);
        }
        if (name.equals("TRIM")) {
            return trim(m);
        }
        if (m.getFrom() != null) { // SUBSTRING(s FROM p FOR n)
            argExprs.add(m.getFrom());
            if (m.getFor() != null) {
                argExprs.add(m.getFor());
            }
        }
        SqlFunctions.Fn fn = SqlFunctions.lookup(name);
        if (fn == null) {
            throw ExpressionCompiler.unsupported("function " + name);
        }
        if (argExprs.size() < fn.minArgs() || argExprs.size() > fn.maxArgs()) {
            throw new IllegalArgumentException("incorrect parameter count in the call to " + name);
        }
        boolean dateFn = name.equals("DATE_ADD") || name.equals("DATE_SUB") || name.equals("ADDDATE") || name.equals("SUBDATE");
        List<Node> args = new ArrayList<>();
        for (int i = 0; i < argExprs.size(); i++) {
            args.add(compiler.compile(argExprs.get(i), dateFn && i == 1));
        }
        return row -> {
            List<Object> values = new ArrayList<>(args.size());
            for (Node a : args) {
                values.add(a.eval(row));
            }
            return fn.call(values);
        };
    }

    Node timestampDiff(List<SQLExpr> args) {
        if (args.size() != 3 || !(args.get(0) instanceof SQLIdentifierExpr unitId)) {
            throw new IllegalArgumentException("TIMESTAMPDIFF takes (unit, from, to)");
        }
        String unit = unitId.getName().toUpperCase(Locale.ROOT);
        if (!Interval.UNITS.contains(unit)) {
            throw ExpressionCompiler.unsupported("TIMESTAMPDIFF unit " + unit);
        }
        Node from = compiler.compile(args.get(1));
        Node to = compiler.compile(args.get(2));
        return row -> {
            DateTimeValue a = SqlValues.temporal(from.eval(row));
            DateTimeValue b = SqlValues.temporal(to.eval(row));
            return a == null || b == null ? null : SqlFunctions.timestampDiff(unit, a, b);
        };
    }

    Node trim(SQLMethodInvokeExpr m) {
        String option = m.getTrimOption() == null ? "BOTH" : m.getTrimOption().toUpperCase(Locale.ROOT);
        Node subject;
        Node remove;
        if (m.getFrom() != null) { // TRIM([LEADING|TRAILING|BOTH] remstr FROM str)
            subject = compiler.compile(m.getFrom());
            remove = m.getArguments().isEmpty() ? row -> " " : compiler.compile(m.getArguments().get(0));
        } else if (m.getArguments().size() == 1) {
            subject = compiler.compile(m.getArguments().get(0));
            remove = row -> " ";
        } else {
            throw new IllegalArgumentException("incorrect parameter count in the call to TRIM");
        }
        return row -> {
            Object s = subject.eval(row);
            Object r = remove.eval(row);
            if (s == null || r == null) {
                return null;
            }
            String text = SqlValues.toText(s);
            String cut = SqlValues.toText(r);
            if (cut.isEmpty()) {
                return text;
            }
            if (!option.equals("TRAILING")) {
                while (text.startsWith(cut)) {
                    text = text.substring(cut.length());
                }
            }
            if (!option.equals("LEADING")) {
                while (text.endsWith(cut)) {
                    text = text.substring(0, text.length() - cut.length());
                }
            }
            return text;
        };
    }

    Node cast(SQLCastExpr c) {
        Node x = compiler.compile(c.getExpr());
        SQLDataType type = c.getDataType();
        String t = type.getName().toUpperCase(Locale.ROOT);
        java.util.function.Function<Object, Object> to = switch (t) {
            case "SIGNED", "SIGNED INTEGER", "INTEGER", "INT", "UNSIGNED", "UNSIGNED INTEGER" -> SqlValues::toLong;
            case "DECIMAL" -> {
                int scale = type.getArguments().size() > 1 ? (int) SqlValues.toLong(ExpressionCompiler.literal(type.getArguments().get(1))) : 0;
                yield v -> SqlValues.toDecimal(v).setScale(scale, RoundingMode.HALF_UP);
            }
            case "CHAR", "VARCHAR", "BINARY", "NCHAR" -> SqlValues::toText;
            case "DOUBLE", "FLOAT", "REAL" -> SqlValues::toDouble;
            case "DATE" -> v -> {
                DateTimeValue d = SqlValues.temporal(v);
                return d == null ? null : new DateTimeValue(d.time().toLocalDate().atStartOfDay(), true);
            };
            case "DATETIME", "TIMESTAMP" -> v -> {
                DateTimeValue d = SqlValues.temporal(v);
                return d == null ? null : new DateTimeValue(d.time(), false);
            };
            default -> throw ExpressionCompiler.unsupported("CAST to " + t);
        };
        return row -> {
            Object v = x.eval(row);
            return v == null ? null : to.apply(v);
        };
    }
}
