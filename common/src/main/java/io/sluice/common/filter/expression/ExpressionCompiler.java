package io.sluice.common.filter.expression;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLCurrentTimeExpr;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLBetweenExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOperator;
import com.alibaba.druid.sql.ast.expr.SQLBooleanExpr;
import com.alibaba.druid.sql.ast.expr.SQLCaseExpr;
import com.alibaba.druid.sql.ast.expr.SQLCastExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLDateExpr;
import com.alibaba.druid.sql.ast.expr.SQLExtractExpr;
import com.alibaba.druid.sql.ast.expr.SQLHexExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLInListExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntervalExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.expr.SQLNotExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.expr.SQLNumberExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.expr.SQLTimestampExpr;
import com.alibaba.druid.sql.ast.expr.SQLUnaryExpr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Turns druid's AST of one MySQL expression into a tree of {@link Node}s. Everything that can
 * be refused is refused here, when the task is checked: unknown functions, wrong argument
 * counts, sub-queries, variables, columns the table lacks.
 */
final class ExpressionCompiler {
    /** One step of evaluation over a row image (values already in {@link SqlValues}' types). */
    interface Node {
        Object eval(Object[] row);
    }

    private final ToIntFunction<String> columns;
    private final FunctionCalls calls = new FunctionCalls(this);

    /** @param columns the index of a column by name, or -1 when the table has no such column */
    ExpressionCompiler(ToIntFunction<String> columns) {
        this.columns = columns;
    }

    Node compile(SQLExpr e) {
        return compile(e, false);
    }

    /** @param intervalAllowed whether {@code INTERVAL n UNIT} may stand here (an operand of date arithmetic) */
    Node compile(SQLExpr e, boolean intervalAllowed) {
        if (e instanceof SQLIntervalExpr i) {
            if (!intervalAllowed) {
                throw new IllegalArgumentException("INTERVAL is only allowed in date arithmetic");
            }
            String unit = i.getUnit() == null ? "" : i.getUnit().name();
            if (!Interval.UNITS.contains(unit)) {
                throw new IllegalArgumentException("unsupported INTERVAL unit " + unit);
            }
            Node amount = compile(i.getValue());
            return row -> {
                Object v = amount.eval(row);
                return v == null ? null : new Interval(unit, SqlValues.toLong(v));
            };
        }
        if (e instanceof SQLIdentifierExpr || e instanceof SQLPropertyExpr) {
            return column(SQLUtils.normalize(e instanceof SQLPropertyExpr p ? p.getName() : ((SQLIdentifierExpr) e).getName()));
        }
        if (e instanceof SQLBinaryOpExpr b) {
            return binary(b);
        }
        if (e instanceof SQLNotExpr n) {
            Node x = compile(n.getExpr());
            return row -> not(x.eval(row));
        }
        if (e instanceof SQLUnaryExpr u) {
            Node x = compile(u.getExpr());
            return switch (u.getOperator()) {
                case Negative -> row -> SqlValues.negate(x.eval(row));
                case Plus -> x;
                case Not, NOT -> row -> not(x.eval(row));
                default -> throw unsupported("operator " + u.getOperator().name);
            };
        }
        if (e instanceof SQLInListExpr in) {
            return in(in);
        }
        if (e instanceof SQLBetweenExpr b) {
            Node x = compile(b.getTestExpr());
            Node lo = compile(b.getBeginExpr());
            Node hi = compile(b.getEndExpr());
            boolean negated = b.isNot();
            return row -> {
                Object v = x.eval(row);
                Boolean r = and(cmp(SqlValues.compare(v, lo.eval(row)), c -> c >= 0), cmp(SqlValues.compare(v, hi.eval(row)), c -> c <= 0));
                return SqlValues.bool(negated ? negate(r) : r);
            };
        }
        if (e instanceof SQLCaseExpr c) {
            return caseOf(c);
        }
        if (e instanceof SQLMethodInvokeExpr m) {
            return calls.call(m);
        }
        if (e instanceof SQLExtractExpr x) {
            String unit = x.getUnit() == null ? "" : x.getUnit().name();
            String fn = switch (unit) {
                case "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND" -> unit;
                default -> throw unsupported("EXTRACT unit " + unit);
            };
            SqlFunctions.Fn f = SqlFunctions.lookup(fn);
            Node v = compile(x.getValue());
            return row -> f.call(java.util.Collections.singletonList(v.eval(row)));
        }
        if (e instanceof SQLCastExpr c) {
            return calls.cast(c);
        }
        if (e instanceof SQLCurrentTimeExpr t) {
            return switch (t.getType()) {
                case CURRENT_DATE, CURDATE -> row -> DateTimeValue.today();
                case CURRENT_TIMESTAMP, LOCALTIME, LOCALTIMESTAMP, SYSDATE -> row -> DateTimeValue.now();
                default -> throw unsupported(t.getType().name);
            };
        }
        Object constant = literal(e);
        return row -> constant;
    }

    private Node column(String name) {
        int i = columns.applyAsInt(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown column `" + name + "`");
        }
        return row -> row[i];
    }

    static Object literal(SQLExpr e) {
        if (e instanceof SQLNullExpr) {
            return null;
        }
        if (e instanceof SQLIntegerExpr i) {
            Number n = i.getNumber();
            return n instanceof BigInteger big && big.bitLength() > 63 ? new BigDecimal(big) : (Object) n.longValue();
        }
        if (e instanceof SQLNumberExpr n) {
            Number v = n.getNumber();
            return v instanceof BigDecimal d ? d : (Object) v.doubleValue();
        }
        if (e instanceof SQLCharExpr c) {
            return c.getText();
        }
        if (e instanceof SQLBooleanExpr b) {
            return SqlValues.bool(b.getBooleanValue());
        }
        if (e instanceof SQLHexExpr h) {
            return SqlValues.binary(h.getValue());
        }
        if (e instanceof SQLBinaryExpr b) {
            return new BigInteger(b.getText(), 2).longValue();
        }
        if (e instanceof SQLTimestampExpr t) {
            return temporalLiteral(t.getValue(), "TIMESTAMP");
        }
        if (e instanceof SQLDateExpr d) {
            DateTimeValue v = temporalLiteral(d.getValue(), "DATE");
            return new DateTimeValue(v.time().toLocalDate().atStartOfDay(), true);
        }
        throw unsupported(e.getClass().getSimpleName().replace("SQL", "").replace("Expr", "") + " `" + SQLUtils.toMySqlString(e) + "`");
    }

    private static DateTimeValue temporalLiteral(String text, String kind) {
        DateTimeValue v = DateTimeValue.parse(text);
        if (v == null) {
            throw new IllegalArgumentException("incorrect " + kind + " value '" + text + "'");
        }
        return v;
    }

    private Node binary(SQLBinaryOpExpr b) {
        SQLBinaryOperator op = b.getOperator();
        if (op == SQLBinaryOperator.Escape) {
            if (!(b.getLeft() instanceof SQLBinaryOpExpr like)
                    || (like.getOperator() != SQLBinaryOperator.Like && like.getOperator() != SQLBinaryOperator.NotLike)) {
                throw unsupported("ESCAPE outside LIKE");
            }
            return like(like, compile(b.getRight()));
        }
        if (op == SQLBinaryOperator.Like || op == SQLBinaryOperator.NotLike) {
            return like(b, null);
        }
        if (op == SQLBinaryOperator.Is || op == SQLBinaryOperator.IsNot) {
            return is(b, op == SQLBinaryOperator.IsNot);
        }
        if ((op == SQLBinaryOperator.RegExp || op == SQLBinaryOperator.RLike || op == SQLBinaryOperator.NotRegExp
                || op == SQLBinaryOperator.NotRLike) && b.getRight() instanceof SQLCharExpr re) {
            try {
                Pattern.compile(re.getText());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression '" + re.getText() + "': " + e.getDescription());
            }
        }
        boolean dateMath = op == SQLBinaryOperator.Add || op == SQLBinaryOperator.Subtract;
        Node l = compile(b.getLeft(), dateMath && op == SQLBinaryOperator.Add);
        Node r = compile(b.getRight(), dateMath);
        return switch (op) {
            case BooleanAnd -> row -> SqlValues.bool(and(SqlValues.truth(l.eval(row)), SqlValues.truth(r.eval(row))));
            case BooleanOr -> row -> SqlValues.bool(or(SqlValues.truth(l.eval(row)), SqlValues.truth(r.eval(row))));
            case BooleanXor -> row -> {
                Boolean x = SqlValues.truth(l.eval(row));
                Boolean y = SqlValues.truth(r.eval(row));
                return x == null || y == null ? null : SqlValues.bool(x ^ y);
            };
            case Equality -> row -> SqlValues.bool(cmp(SqlValues.compare(l.eval(row), r.eval(row)), c -> c == 0));
            case NotEqual, LessThanOrGreater -> row -> SqlValues.bool(cmp(SqlValues.compare(l.eval(row), r.eval(row)), c -> c != 0));
            case GreaterThan -> row -> SqlValues.bool(cmp(SqlValues.compare(l.eval(row), r.eval(row)), c -> c > 0));
            case GreaterThanOrEqual -> row -> SqlValues.bool(cmp(SqlValues.compare(l.eval(row), r.eval(row)), c -> c >= 0));
            case LessThan -> row -> SqlValues.bool(cmp(SqlValues.compare(l.eval(row), r.eval(row)), c -> c < 0));
            case LessThanOrEqual -> row -> SqlValues.bool(cmp(SqlValues.compare(l.eval(row), r.eval(row)), c -> c <= 0));
            case LessThanOrEqualOrGreaterThan -> row -> {
                Object x = l.eval(row);
                Object y = r.eval(row);
                return SqlValues.bool(x == null || y == null ? x == y : SqlValues.compare(x, y) == 0);
            };
            case Add -> row -> SqlValues.arithmetic(SqlValues.Op.ADD, l.eval(row), r.eval(row));
            case Subtract -> row -> SqlValues.arithmetic(SqlValues.Op.SUB, l.eval(row), r.eval(row));
            case Multiply -> row -> SqlValues.arithmetic(SqlValues.Op.MUL, l.eval(row), r.eval(row));
            case Divide -> row -> SqlValues.divide(l.eval(row), r.eval(row));
            case DIV -> row -> SqlValues.intDivide(l.eval(row), r.eval(row));
            case Modulus, Mod -> row -> SqlValues.modulo(l.eval(row), r.eval(row));
            case BitwiseAnd -> row -> bits(l.eval(row), r.eval(row), (x, y) -> x & y);
            case BitwiseOr -> row -> bits(l.eval(row), r.eval(row), (x, y) -> x | y);
            case BitwiseXor -> row -> bits(l.eval(row), r.eval(row), (x, y) -> x ^ y);
            case RegExp, RLike, NotRegExp, NotRLike -> TextMatching.regexp(l, r, op == SQLBinaryOperator.NotRegExp || op == SQLBinaryOperator.NotRLike);
            case SubGt, SubGtGt -> row -> {
                Object json = l.eval(row);
                Object path = r.eval(row);
                return json == null || path == null ? null : SqlFunctions.jsonExtract(SqlValues.toText(json), SqlValues.toText(path));
            };
            default -> throw unsupported("operator " + op.name);
        };
    }

    private Node is(SQLBinaryOpExpr b, boolean negated) {
        Node x = compile(b.getLeft());
        SQLExpr right = b.getRight();
        java.util.function.Predicate<Object> test;
        if (right instanceof SQLNullExpr) {
            test = v -> v == null;
        } else if (right instanceof SQLBooleanExpr bool) {
            boolean want = bool.getBooleanValue();
            test = v -> Boolean.valueOf(want).equals(SqlValues.truth(v));
        } else if (right instanceof SQLIdentifierExpr id && id.getName().equalsIgnoreCase("UNKNOWN")) {
            test = v -> SqlValues.truth(v) == null;
        } else {
            throw unsupported("IS " + SQLUtils.toMySqlString(right));
        }
        return row -> SqlValues.bool(test.test(x.eval(row)) != negated);
    }

    private Node like(SQLBinaryOpExpr b, Node escape) {
        return TextMatching.like(compile(b.getLeft()), compile(b.getRight()), escape, b.getOperator() == SQLBinaryOperator.NotLike);
    }

    private Node in(SQLInListExpr in) {
        Node x = compile(in.getExpr());
        List<Node> list = in.getTargetList().stream().map(this::compile).toList();
        boolean negated = in.isNot();
        return row -> {
            Object v = x.eval(row);
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (Node n : list) {
                Boolean eq = SqlValues.equal(v, n.eval(row));
                if (eq == null) {
                    sawNull = true;
                } else if (eq) {
                    return SqlValues.bool(!negated);
                }
            }
            return sawNull ? null : SqlValues.bool(negated);
        };
    }

    private Node caseOf(SQLCaseExpr c) {
        Node subject = c.getValueExpr() == null ? null : compile(c.getValueExpr());
        List<Node[]> items = new ArrayList<>();
        for (SQLCaseExpr.Item item : c.getItems()) {
            items.add(new Node[] {compile(item.getConditionExpr()), compile(item.getValueExpr())});
        }
        Node otherwise = c.getElseExpr() == null ? row -> null : compile(c.getElseExpr());
        return row -> {
            Object s = subject == null ? null : subject.eval(row);
            for (Node[] item : items) {
                Object w = item[0].eval(row);
                Boolean hit = subject == null ? SqlValues.truth(w) : SqlValues.equal(s, w);
                if (Boolean.TRUE.equals(hit)) {
                    return item[1].eval(row);
                }
            }
            return otherwise.eval(row);
        };
    }

    private static Object bits(Object a, Object b, java.util.function.LongBinaryOperator f) {
        return a == null || b == null ? null : f.applyAsLong(SqlValues.toLong(a), SqlValues.toLong(b));
    }

    private static Object not(Object v) {
        Boolean t = SqlValues.truth(v);
        return t == null ? null : SqlValues.bool(!t);
    }

    private static Boolean negate(Boolean b) {
        return b == null ? null : !b;
    }

    private static Boolean cmp(Integer c, java.util.function.IntPredicate p) {
        return c == null ? null : p.test(c);
    }

    static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    static IllegalArgumentException unsupported(String what) {
        return new IllegalArgumentException("unsupported " + what);
    }
}
