package io.sluice.common.filter.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The SQL functions an expression filter may call, by upper-case name. Functions follow
 * MySQL: a NULL argument gives NULL unless the function is about NULL (IFNULL, COALESCE, …).
 * A name missing here is refused when the task is checked, never silently treated as true.
 */
final class SqlFunctions {
    /** @param nullIn whether any NULL argument makes the result NULL without calling {@code body} */
    record Fn(int minArgs, int maxArgs, boolean nullIn, Function<List<Object>, Object> body) {
        Object call(List<Object> args) {
            if (nullIn && args.contains(null)) {
                return null;
            }
            return body.apply(args);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MANY = Integer.MAX_VALUE;
    private static final Map<String, Fn> FUNCTIONS = new HashMap<>();

    private SqlFunctions() {
    }

    static Fn lookup(String name) {
        return FUNCTIONS.get(name.toUpperCase(Locale.ROOT));
    }

    static Set<String> names() {
        return FUNCTIONS.keySet();
    }

    private static void def(String names, int min, int max, boolean nullIn, Function<List<Object>, Object> body) {
        for (String n : names.split(",")) {
            FUNCTIONS.put(n, new Fn(min, max, nullIn, body));
        }
    }

    static {
        // --- time: "now" is UTC, like the TIMESTAMP values and literals it is compared with
        def("NOW,CURRENT_TIMESTAMP,LOCALTIME,LOCALTIMESTAMP,SYSDATE,UTC_TIMESTAMP", 0, 1, false, a -> DateTimeValue.now());
        def("CURDATE,CURRENT_DATE,UTC_DATE", 0, 0, false, a -> DateTimeValue.today());
        def("DATE", 1, 1, true, a -> date(a.get(0), t -> new DateTimeValue(t.time().truncatedTo(ChronoUnit.DAYS), true)));
        def("YEAR", 1, 1, true, a -> date(a.get(0), t -> (long) t.time().getYear()));
        def("MONTH", 1, 1, true, a -> date(a.get(0), t -> (long) t.time().getMonthValue()));
        def("DAY,DAYOFMONTH", 1, 1, true, a -> date(a.get(0), t -> (long) t.time().getDayOfMonth()));
        def("HOUR", 1, 1, true, a -> date(a.get(0), t -> (long) t.time().getHour()));
        def("MINUTE", 1, 1, true, a -> date(a.get(0), t -> (long) t.time().getMinute()));
        def("SECOND", 1, 1, true, a -> date(a.get(0), t -> (long) t.time().getSecond()));
        def("DAYOFWEEK", 1, 1, true, a -> date(a.get(0), t -> (long) (t.time().getDayOfWeek().getValue() % 7 + 1)));
        def("WEEKDAY", 1, 1, true, a -> date(a.get(0), t -> (long) (t.time().getDayOfWeek().getValue() - 1)));
        def("DAYOFYEAR", 1, 1, true, a -> date(a.get(0), t -> (long) t.time().getDayOfYear()));
        def("DATEDIFF", 2, 2, true, a -> {
            DateTimeValue x = SqlValues.temporal(a.get(0));
            DateTimeValue y = SqlValues.temporal(a.get(1));
            return x == null || y == null ? null
                    : ChronoUnit.DAYS.between(y.time().toLocalDate(), x.time().toLocalDate());
        });
        def("DATE_ADD,ADDDATE", 2, 2, true, a -> SqlValues.arithmetic(SqlValues.Op.ADD, a.get(0), days(a.get(1))));
        def("DATE_SUB,SUBDATE", 2, 2, true, a -> SqlValues.arithmetic(SqlValues.Op.SUB, a.get(0), days(a.get(1))));
        def("UNIX_TIMESTAMP", 0, 1, true, a -> {
            if (a.isEmpty()) {
                return DateTimeValue.now().time().toEpochSecond(ZoneOffset.UTC);
            }
            return date(a.get(0), t -> t.time().toEpochSecond(ZoneOffset.UTC));
        });
        def("FROM_UNIXTIME", 1, 1, true, a -> new DateTimeValue(
                java.time.LocalDateTime.ofEpochSecond(SqlValues.toLong(a.get(0)), 0, ZoneOffset.UTC), false));

        // --- strings
        def("LENGTH,OCTET_LENGTH", 1, 1, true, a -> (long) SqlValues.toText(a.get(0)).getBytes(StandardCharsets.UTF_8).length);
        def("CHAR_LENGTH,CHARACTER_LENGTH", 1, 1, true, a -> {
            String s = SqlValues.toText(a.get(0));
            return (long) s.codePointCount(0, s.length());
        });
        def("CONCAT", 1, MANY, true, a -> {
            StringBuilder sb = new StringBuilder();
            a.forEach(v -> sb.append(SqlValues.toText(v)));
            return sb.toString();
        });
        def("CONCAT_WS", 2, MANY, false, a -> {
            if (a.get(0) == null) {
                return null;
            }
            java.util.StringJoiner j = new java.util.StringJoiner(SqlValues.toText(a.get(0)));
            a.subList(1, a.size()).stream().filter(java.util.Objects::nonNull).forEach(v -> j.add(SqlValues.toText(v)));
            return j.toString();
        });
        def("SUBSTRING,SUBSTR,MID", 2, 3, true, SqlFunctions::substring);
        def("LEFT", 2, 2, true, a -> {
            String s = SqlValues.toText(a.get(0));
            int n = (int) Math.max(0, Math.min(SqlValues.toLong(a.get(1)), s.codePointCount(0, s.length())));
            return s.substring(0, s.offsetByCodePoints(0, n));
        });
        def("RIGHT", 2, 2, true, a -> {
            String s = SqlValues.toText(a.get(0));
            int len = s.codePointCount(0, s.length());
            int n = (int) Math.max(0, Math.min(SqlValues.toLong(a.get(1)), len));
            return s.substring(s.offsetByCodePoints(0, len - n));
        });
        def("LOWER,LCASE", 1, 1, true, a -> SqlValues.toText(a.get(0)).toLowerCase(Locale.ROOT));
        def("UPPER,UCASE", 1, 1, true, a -> SqlValues.toText(a.get(0)).toUpperCase(Locale.ROOT));
        def("LTRIM", 1, 1, true, a -> SqlValues.toText(a.get(0)).replaceFirst("^ +", ""));
        def("RTRIM", 1, 1, true, a -> SqlValues.toText(a.get(0)).replaceFirst(" +$", ""));
        def("REPLACE", 3, 3, true, a -> {
            String from = SqlValues.toText(a.get(1));
            return from.isEmpty() ? SqlValues.toText(a.get(0)) : SqlValues.toText(a.get(0)).replace(from, SqlValues.toText(a.get(2)));
        });
        def("REVERSE", 1, 1, true, a -> new StringBuilder(SqlValues.toText(a.get(0))).reverse().toString());
        def("REPEAT", 2, 2, true, a -> SqlValues.toText(a.get(0)).repeat((int) Math.max(0, Math.min(SqlValues.toLong(a.get(1)), 1 << 20))));
        def("INSTR", 2, 2, true, a -> locate(SqlValues.toText(a.get(1)), SqlValues.toText(a.get(0)), 1));
        def("LOCATE,POSITION", 2, 3, true, a -> locate(SqlValues.toText(a.get(0)), SqlValues.toText(a.get(1)),
                a.size() == 3 ? SqlValues.toLong(a.get(2)) : 1));
        def("STRCMP", 2, 2, true, a -> (long) Integer.signum(SqlValues.toText(a.get(0)).compareTo(SqlValues.toText(a.get(1)))));
        def("LPAD", 3, 3, true, a -> pad(a, true));
        def("RPAD", 3, 3, true, a -> pad(a, false));

        // --- numbers
        def("ABS", 1, 1, true, a -> {
            Object v = a.get(0);
            Integer sign = SqlValues.compare(v, 0L);
            return sign != null && sign < 0 ? SqlValues.negate(v) : v instanceof String ? SqlValues.toDouble(v) : v;
        });
        def("MOD", 2, 2, true, a -> SqlValues.modulo(a.get(0), a.get(1)));
        def("CEIL,CEILING", 1, 1, true, a -> rounded(a.get(0), RoundingMode.CEILING, 0));
        def("FLOOR", 1, 1, true, a -> rounded(a.get(0), RoundingMode.FLOOR, 0));
        def("ROUND", 1, 2, true, a -> rounded(a.get(0), RoundingMode.HALF_UP, a.size() == 2 ? SqlValues.toLong(a.get(1)) : 0));
        def("TRUNCATE", 2, 2, true, a -> rounded(a.get(0), RoundingMode.DOWN, SqlValues.toLong(a.get(1))));
        def("SIGN", 1, 1, true, a -> (long) SqlValues.compare(a.get(0) instanceof String ? SqlValues.toDouble(a.get(0)) : a.get(0), 0L));
        def("POW,POWER", 2, 2, true, a -> Math.pow(SqlValues.toDouble(a.get(0)), SqlValues.toDouble(a.get(1))));
        def("SQRT", 1, 1, true, a -> {
            double d = SqlValues.toDouble(a.get(0));
            return d < 0 ? null : Math.sqrt(d);
        });
        def("GREATEST", 2, MANY, true, a -> extreme(a, 1));
        def("LEAST", 2, MANY, true, a -> extreme(a, -1));

        // --- NULL and control flow
        def("IF", 3, 3, false, a -> Boolean.TRUE.equals(SqlValues.truth(a.get(0))) ? a.get(1) : a.get(2));
        def("IFNULL", 2, 2, false, a -> a.get(0) != null ? a.get(0) : a.get(1));
        def("NULLIF", 2, 2, false, a -> Boolean.TRUE.equals(SqlValues.equal(a.get(0), a.get(1))) ? null : a.get(0));
        def("COALESCE", 1, MANY, false, a -> a.stream().filter(java.util.Objects::nonNull).findFirst().orElse(null));
        def("ISNULL", 1, 1, false, a -> SqlValues.bool(a.get(0) == null));

        // --- JSON: enough of MySQL's path language for $.key, $."key" and $[n]
        def("JSON_EXTRACT", 2, MANY, true, a -> {
            if (a.size() != 2) {
                throw new IllegalArgumentException("JSON_EXTRACT with more than one path is not supported");
            }
            return jsonExtract(SqlValues.toText(a.get(0)), SqlValues.toText(a.get(1)));
        });
        def("JSON_UNQUOTE", 1, 1, true, a -> {
            String s = SqlValues.toText(a.get(0));
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                try {
                    return JSON.readTree(s).asText();
                } catch (java.io.IOException e) {
                    return s;
                }
            }
            return s;
        });
    }

    /** DATE_ADD(d, 3) means three days, as in MySQL. */
    private static Object days(Object v) {
        return v instanceof Interval ? v : new Interval("DAY", SqlValues.toLong(v));
    }

    private static Object date(Object v, Function<DateTimeValue, Object> f) {
        DateTimeValue t = SqlValues.temporal(v);
        return t == null ? null : f.apply(t);
    }

    private static Object substring(List<Object> a) {
        String s = SqlValues.toText(a.get(0));
        int len = s.codePointCount(0, s.length());
        long pos = SqlValues.toLong(a.get(1));
        long start = pos > 0 ? pos - 1 : len + pos; // a negative position counts from the end
        if (pos == 0 || start < 0 || start >= len) {
            return "";
        }
        long count = a.size() == 3 ? SqlValues.toLong(a.get(2)) : len - start;
        if (count <= 0) {
            return "";
        }
        long end = Math.min(len, start + count);
        return s.substring(s.offsetByCodePoints(0, (int) start), s.offsetByCodePoints(0, (int) end));
    }

    private static Object locate(String needle, String hay, long from) {
        if (from < 1) {
            return 0L;
        }
        int len = hay.codePointCount(0, hay.length());
        if (from > len + 1) {
            return 0L;
        }
        int i = hay.indexOf(needle, hay.offsetByCodePoints(0, (int) from - 1));
        return i < 0 ? 0L : (long) hay.codePointCount(0, i) + 1;
    }

    private static Object pad(List<Object> a, boolean left) {
        String s = SqlValues.toText(a.get(0));
        long n = SqlValues.toLong(a.get(1));
        String p = SqlValues.toText(a.get(2));
        if (n < 0) {
            return null;
        }
        int len = s.codePointCount(0, s.length());
        if (n <= len) {
            return s.substring(0, s.offsetByCodePoints(0, (int) n));
        }
        if (p.isEmpty()) {
            return null;
        }
        StringBuilder fill = new StringBuilder();
        while (fill.codePointCount(0, fill.length()) < n - len) {
            fill.append(p);
        }
        String f = fill.substring(0, fill.offsetByCodePoints(0, (int) (n - len)));
        return left ? f + s : s + f;
    }

    private static Object rounded(Object v, RoundingMode mode, long digits) {
        if (v instanceof Long l && digits >= 0) {
            return l;
        }
        if (v instanceof Double || v instanceof String) {
            BigDecimal d = BigDecimal.valueOf(SqlValues.toDouble(v)).setScale((int) digits, mode);
            return d.doubleValue();
        }
        BigDecimal d = SqlValues.toDecimal(v).setScale((int) digits, mode);
        return digits <= 0 && v instanceof Long ? d.longValue() : d;
    }

    private static Object extreme(List<Object> a, int direction) {
        Object best = a.get(0);
        for (Object v : a.subList(1, a.size())) {
            Integer c = SqlValues.compare(v, best);
            if (c != null && c * direction > 0) {
                best = v;
            }
        }
        return best;
    }

    static Object jsonExtract(String json, String path) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("invalid JSON text in JSON_EXTRACT");
        }
        node = JsonPath.walk(node, path);
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            // compared as its text: JSON_EXTRACT(j, '$.name') = 'bob' is true in MySQL
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? "true" : "false";
        }
        return node.isNull() ? "null" : node.toString();
    }

    /** TIMESTAMPDIFF(unit, from, to): whole units from {@code from} to {@code to}. */
    static long timestampDiff(String unit, DateTimeValue from, DateTimeValue to) {
        java.time.LocalDateTime a = from.time();
        java.time.LocalDateTime b = to.time();
        return switch (unit) {
            case "MICROSECOND" -> Duration.between(a, b).toNanos() / 1000;
            case "SECOND" -> ChronoUnit.SECONDS.between(a, b);
            case "MINUTE" -> ChronoUnit.MINUTES.between(a, b);
            case "HOUR" -> ChronoUnit.HOURS.between(a, b);
            case "DAY" -> ChronoUnit.DAYS.between(a, b);
            case "WEEK" -> ChronoUnit.WEEKS.between(a, b);
            case "MONTH" -> ChronoUnit.MONTHS.between(a, b);
            case "QUARTER" -> ChronoUnit.MONTHS.between(a, b) / 3;
            case "YEAR" -> ChronoUnit.YEARS.between(a, b);
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }
}
