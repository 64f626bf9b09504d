package io.sluice.common.filter.expression;

import io.sluice.common.filter.expression.ExpressionCompiler.Node;
import java.util.function.Function;
import java.util.regex.Pattern;

/** LIKE and REGEXP, case-sensitive as under a binary collation; NULL on either side gives NULL. */
final class TextMatching {
    private TextMatching() {
    }

    /** {@code value [NOT] LIKE pattern [ESCAPE escape]}; the escape defaults to backslash. */
    static Node like(Node value, Node pattern, Node escape, boolean negated) {
        PatternCache cache = new PatternCache();
        return row -> {
            Object v = value.eval(row);
            Object p = pattern.eval(row);
            Object esc = escape == null ? "\\" : escape.eval(row);
            if (v == null || p == null) {
                return null;
            }
            String e = SqlValues.toText(esc);
            char escapeChar = e.isEmpty() ? '\\' : e.charAt(0);
            Pattern re = cache.get(SqlValues.toText(p) + escapeChar, key -> likeRegex(key.substring(0, key.length() - 1), escapeChar));
            return SqlValues.bool(re.matcher(SqlValues.toText(v)).matches() != negated);
        };
    }

    /** {@code value [NOT] REGEXP pattern}: a match anywhere in the value. */
    static Node regexp(Node value, Node pattern, boolean negated) {
        PatternCache cache = new PatternCache();
        return row -> {
            Object v = value.eval(row);
            Object p = pattern.eval(row);
            if (v == null || p == null) {
                return null;
            }
            return SqlValues.bool(cache.get(SqlValues.toText(p), Pattern::compile).matcher(SqlValues.toText(v)).find() != negated);
        };
    }

    static Pattern likeRegex(String pattern, char escape) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == escape && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** The last pattern compiled: patterns are nearly always constants, and rows come by the million. */
    private static final class PatternCache {
        private record Entry(String key, Pattern pattern) {
        }

        private volatile Entry last;

        Pattern get(String key, Function<String, Pattern> compile) {
            Entry e = last;
            if (e == null || !e.key().equals(key)) {
                e = new Entry(key, compile.apply(key));
                last = e;
            }
            return e.pattern();
        }
    }
}
