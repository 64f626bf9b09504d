package io.sluice.worker.sync;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spellings MySQL accepts that druid's parser does not: {@code CHARSET} for {@code CHARACTER SET}
 * as a table option or in {@code CONVERT TO} ({@code ALTER TABLE t DEFAULT CHARSET=latin1}, a
 * common way to change a table's charset). Only used to parse again a statement druid refused,
 * and only outside quoted names and strings, so a statement druid reads as written is never
 * touched and a comment that says "charset" keeps its words.
 */
final class DdlSynonyms {
    private static final Pattern CHARSET = Pattern.compile("(?i)\\bCHARSET\\b");

    private DdlSynonyms() {
    }

    /** The statement with each unquoted {@code CHARSET} written {@code CHARACTER SET}. */
    static String spelledOut(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int plainFrom = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                out.append(replace(sql.substring(plainFrom, i)));
                int end = closing(sql, i, c);
                out.append(sql, i, end);
                i = end;
                plainFrom = end;
            } else {
                i++;
            }
        }
        out.append(replace(sql.substring(plainFrom)));
        return out.toString();
    }

    /** Index just after the quote that closes the one at {@code open} (doubled quotes and backslashes escape). */
    private static int closing(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    private static String replace(String plain) {
        return CHARSET.matcher(plain).replaceAll(Matcher.quoteReplacement("CHARACTER SET"));
    }
}
