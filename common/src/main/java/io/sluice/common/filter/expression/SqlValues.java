package io.sluice.common.filter.expression;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * MySQL's rules for values inside an expression: what is true, how two values of different
 * types compare, and how arithmetic widens. Values are {@code null} (SQL NULL), {@link Long},
 * {@link BigDecimal}, {@link Double}, {@link String}, {@link DateTimeValue} and, only as an
 * operand of + and -, {@link Interval}. Booleans are 1 and 0, as in MySQL.
 *
 * <p>Strings compare by code point (a binary collation), as DM's TiDB-based evaluator does by
 * default; so {@code 'a' = 'A'} is false.
 */
final class SqlValues {
    static final Long TRUE = 1L;
    static final Long FALSE = 0L;

    private SqlValues() {
    }

    static Long bool(Boolean b) {
        return b == null ? null : b ? TRUE : FALSE;
    }

    /** Three-valued truth: null for NULL. */
    static Boolean truth(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof BigDecimal d) {
            return d.signum() != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof DateTimeValue) {
            return true;
        }
        return toDouble(v) != 0;
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof BigDecimal || v instanceof Double;
    }

    /** Compares under MySQL's conversion rules; null when either side is NULL. */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof DateTimeValue || b instanceof DateTimeValue) {
            return compareTemporal(a, b);
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double || b instanceof Double || a instanceof String || b instanceof String) {
            return Double.compare(toDouble(a), toDouble(b));
        }
        return toDecimal(a).compareTo(toDecimal(b));
    }

    private static Integer compareTemporal(Object a, Object b) {
        if (a instanceof DateTimeValue x && b instanceof DateTimeValue y) {
            return Integer.signum(x.compareTo(y));
        }
        boolean left = a instanceof DateTimeValue;
        DateTimeValue t = (DateTimeValue) (left ? a : b);
        Object other = left ? b : a;
        int r;
        if (other instanceof String s) {
            DateTimeValue parsed = DateTimeValue.parse(s);
            r = parsed != null ? t.compareTo(parsed) : t.toString().compareTo(s);
        } else {
            r = t.toNumber().compareTo(toDecimal(other));
        }
        return Integer.signum(left ? r : -r);
    }

    /** {@code =}: null when either side is NULL. */
    static Boolean equal(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c == 0;
    }

    static double toDouble(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof DateTimeValue t) {
            return t.toNumber().doubleValue();
        }
        return numericPrefix(String.valueOf(v));
    }

    static BigDecimal toDecimal(Object v) {
        if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof DateTimeValue t) {
            return t.toNumber();
        }
        double d = toDouble(v);
        return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : BigDecimal.ZERO;
    }

    /** An integer for functions that need one (SUBSTRING positions, ROUND digits); decimals round half away from zero. */
    static long toLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        BigDecimal d = v instanceof Double x ? BigDecimal.valueOf(x) : toDecimal(v);
        return d.setScale(0, RoundingMode.HALF_UP).longValue();
    }

    static String toText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        return v.toString();
    }

    /** MySQL reads the longest numeric prefix of a string: {@code '12abc'} is 12, {@code 'abc'} is 0. */
    static double numericPrefix(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        boolean digits = false;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits = true;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits = true;
            }
        }
        if (!digits) {
            return 0;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int expStart = j;
            while (j < n && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j > expStart) {
                i = j;
            }
        }
        return Double.parseDouble(s.substring(start, i));
    }

    /** Bytes of a binary string, kept one char per byte so lengths and comparisons stay byte-wise. */
    static String binary(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    // --- arithmetic ---------------------------------------------------------------------

    enum Op { ADD, SUB, MUL }

    static Object arithmetic(Op op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Interval || b instanceof Interval) {
            return dateArithmetic(op, a, b);
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return switch (op) {
                    case ADD -> Math.addExact(x, y);
                    case SUB -> Math.subtractExact(x, y);
                    case MUL -> Math.multiplyExact(x, y);
                };
            } catch (ArithmeticException overflow) {
                // MySQL errors out of BIGINT range; a filter widening instead is the kinder choice
            }
        }
        if (isApproximate(a) || isApproximate(b)) {
            double x = toDouble(a);
            double y = toDouble(b);
            return switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
            };
        }
        BigDecimal x = toDecimal(a);
        BigDecimal y = toDecimal(b);
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.subtract(y);
            case MUL -> x.multiply(y);
        };
    }

    private static Object dateArithmetic(Op op, Object a, Object b) {
        if (op == Op.ADD && b instanceof Interval i) {
            DateTimeValue d = temporal(a);
            return d == null ? null : i.addTo(d);
        }
        if (op == Op.ADD && a instanceof Interval i) {
            DateTimeValue d = temporal(b);
            return d == null ? null : i.addTo(d);
        }
        if (op == Op.SUB && b instanceof Interval i) {
            DateTimeValue d = temporal(a);
            return d == null ? null : i.negate().addTo(d);
        }
        throw new IllegalArgumentException("INTERVAL can only be added to or subtracted from a date");
    }

    /** A date operand: a temporal value, or a string that reads as one; null otherwise (MySQL gives NULL). */
    static DateTimeValue temporal(Object v) {
        if (v instanceof DateTimeValue d) {
            return d;
        }
        if (v instanceof String s) {
            return DateTimeValue.parse(s);
        }
        return null;
    }

    private static boolean isApproximate(Object v) {
        return v instanceof Double || v instanceof String;
    }

    /** {@code /}: a decimal with four more digits of scale than the dividend, as MySQL; NULL on zero. */
    static Object divide(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (isApproximate(a) || isApproximate(b)) {
            double y = toDouble(b);
            return y == 0 ? null : toDouble(a) / y;
        }
        BigDecimal y = toDecimal(b);
        if (y.signum() == 0) {
            return null;
        }
        BigDecimal x = toDecimal(a);
        return x.divide(y, Math.max(0, x.scale()) + 4, RoundingMode.HALF_UP);
    }

    /** {@code DIV}: integer division truncated toward zero; NULL on zero. */
    static Object intDivide(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return y == 0 ? null : x / y;
        }
        BigDecimal y = toDecimal(b);
        if (y.signum() == 0) {
            return null;
        }
        return toDecimal(a).divideToIntegralValue(y, MathContext.DECIMAL128).longValue();
    }

    /** {@code %} and MOD: the sign follows the dividend; NULL on zero. */
    static Object modulo(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return y == 0 ? null : x % y;
        }
        if (isApproximate(a) || isApproximate(b)) {
            double y = toDouble(b);
            return y == 0 ? null : toDouble(a) % y;
        }
        BigDecimal y = toDecimal(b);
        return y.signum() == 0 ? null : toDecimal(a).remainder(y);
    }

    static Object negate(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return l == Long.MIN_VALUE ? BigDecimal.valueOf(l).negate() : -l;
        }
        if (v instanceof BigDecimal d) {
            return d.negate();
        }
        return -toDouble(v);
    }
}
