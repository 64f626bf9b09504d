package io.sluice.common.filter;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A schema or table name pattern as DM's rules write them.
 *
 * <p>Route and event-filter patterns are wildcards: {@code *} (any run of characters),
 * {@code ?} (one character), {@code [abc]}, {@code [a-z]} and {@code [!...]} character
 * classes; a {@code [} without a closing {@code ]} is literal. DM only allows one {@code *},
 * at the end; Sluice accepts it anywhere, which matches every pattern DM accepts the same way.
 *
 * <p>Block-allow list values may instead start with {@code ~}: the rest is a regular
 * expression searched for anywhere in the name (so {@code ~^test} must anchor itself), as
 * DM's Go regular expressions behave.
 *
 * <p>Unless case-sensitive, both the pattern and the name are compared ignoring case.
 */
public final class NamePattern {
    private final String text;
    private final boolean caseSensitive;
    /** Set when the pattern has no wildcard: the hot path then is a plain string compare. */
    private final String literal;
    private final Pattern regex;
    /** Regex values are searched (unanchored); wildcards must match the whole name. */
    private final boolean search;

    private NamePattern(String text, boolean caseSensitive, String literal, Pattern regex, boolean search) {
        this.text = text;
        this.caseSensitive = caseSensitive;
        this.literal = literal;
        this.regex = regex;
        this.search = search;
    }

    /** A route or event-filter pattern (wildcards only). */
    public static NamePattern wildcard(String pattern, boolean caseSensitive) {
        String p = pattern == null ? "" : pattern;
        if (p.indexOf('*') < 0 && p.indexOf('?') < 0 && p.indexOf('[') < 0) {
            return new NamePattern(p, caseSensitive, p, null, false);
        }
        return new NamePattern(p, caseSensitive, null, Pattern.compile(globToRegex(p), flags(caseSensitive)), false);
    }

    /**
     * A block-allow list value: {@code ~regex} or a wildcard pattern.
     *
     * @throws IllegalArgumentException when the regular expression does not compile
     */
    public static NamePattern blockAllowValue(String value, boolean caseSensitive) {
        String v = value == null ? "" : value;
        if (!v.startsWith("~")) {
            return wildcard(v, caseSensitive);
        }
        try {
            return new NamePattern(v, caseSensitive, null, Pattern.compile(v.substring(1), flags(caseSensitive)), true);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression `" + v.substring(1) + "`: " + e.getDescription(), e);
        }
    }

    public boolean matches(String name) {
        String n = name == null ? "" : name;
        if (literal != null) {
            return caseSensitive ? literal.equals(n) : literal.equalsIgnoreCase(n);
        }
        return search ? regex.matcher(n).find() : regex.matcher(n).matches();
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** Whether two patterns are written the same way (under the case rule), i.e. select the same names. */
    public boolean sameAs(NamePattern other) {
        return caseSensitive ? text.equals(other.text) : text.toLowerCase(Locale.ROOT).equals(other.text.toLowerCase(Locale.ROOT));
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private static int flags(boolean caseSensitive) {
        return caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    }

    private static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder(glob.length() + 8);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[' && glob.indexOf(']', i + 1) > 0) {
                int close = glob.indexOf(']', i + 1);
                re.append(charClass(glob.substring(i + 1, close)));
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    /** The body of {@code [...]}: a leading {@code !} negates, {@code a-z} is a range; {@code [!]} is a literal {@code !}. */
    private static String charClass(String body) {
        boolean negate = body.startsWith("!") && body.length() > 1;
        String items = negate ? body.substring(1) : body;
        if (items.isEmpty()) {
            return "(?!)"; // `[]` names no character, so nothing matches
        }
        StringBuilder cls = new StringBuilder(negate ? "[^" : "[");
        for (int i = 0; i < items.length(); i++) {
            cls.append(classChar(items.charAt(i)));
            if (i + 2 < items.length() && items.charAt(i + 1) == '-') {
                cls.append('-').append(classChar(items.charAt(i + 2)));
                i += 2;
            }
        }
        return cls.append(']').toString();
    }

    private static String classChar(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }
}
