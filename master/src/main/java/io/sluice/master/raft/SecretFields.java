package io.sluice.master.raft;

import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret values of a stored source or task config ({@code password}, and the inline TLS
 * material {@code ssl-*-bytes}), found in the YAML text itself so that the rest of an
 * operator's file (comments, order) stays as written. A value is a one-line scalar, plain or
 * quoted, or a block scalar ({@code |}, {@code |-}, {@code >}) whose lines are indented below its
 * key, as PEM text usually is; whatever it was, it is replaced by one line.
 */
public final class SecretFields {
    /** Encrypted with the cluster's key wherever they are stored. */
    public static final Set<String> SEALED = Set.of("password", "ssl-key-bytes");
    /** Masked (the password) or cleared (the TLS material) in every reply. */
    public static final Set<String> HIDDEN_IN_REPLIES = Set.of("password", "ssl-ca-bytes", "ssl-cert-bytes", "ssl-key-bytes");
    private static final Pattern KEY_LINE = Pattern.compile("^([ \\t]*)(-[ \\t]+)?([A-Za-z-]+)[ \\t]*:[ \\t]*(.*?)[ \\t]*$");
    private static final Pattern BLOCK = Pattern.compile("^[|>][-+]?[0-9]?$");

    private SecretFields() {
    }

    /**
     * {@code yaml} with the value of each key in {@code keys} replaced by what {@code replace}
     * returns for (key, value); the value is unquoted and a block's lines are joined with newlines.
     * {@code replace} returns the new scalar as YAML (quoted as needed).
     */
    public static String replace(String yaml, Set<String> keys, BiFunction<String, String, String> replace) {
        String[] lines = yaml.split("\n", -1);
        StringBuilder out = new StringBuilder(yaml.length());
        for (int i = 0; i < lines.length; i++) {
            Matcher m = KEY_LINE.matcher(lines[i]);
            if (!m.matches() || !keys.contains(m.group(3))) {
                append(out, lines[i], i, lines.length);
                continue;
            }
            String indicator = m.group(4);
            String value;
            if (BLOCK.matcher(indicator).matches()) {
                int keyIndent = m.group(1).length() + (m.group(2) == null ? 0 : m.group(2).length());
                StringBuilder block = new StringBuilder();
                int blockIndent = -1;
                while (i + 1 < lines.length && (lines[i + 1].isBlank() || indent(lines[i + 1]) > keyIndent)) {
                    String l = lines[++i];
                    if (!l.isBlank() && blockIndent < 0) {
                        blockIndent = indent(l);
                    }
                    block.append(l.isBlank() ? "" : l.substring(Math.min(blockIndent, indent(l)))).append('\n');
                }
                value = indicator.contains("-") ? block.toString().stripTrailing() : block.toString().stripTrailing() + "\n";
            } else {
                value = unquote(indicator);
            }
            String prefix = m.group(1) + (m.group(2) == null ? "" : m.group(2)) + m.group(3) + ": ";
            append(out, prefix + replace.apply(m.group(3), value), i, lines.length);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String line, int i, int count) {
        out.append(line);
        if (i < count - 1) {
            out.append('\n');
        }
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
            n++;
        }
        return n;
    }

    static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c != '\\' || i + 1 >= v.length() - 1) {
                    b.append(c);
                    continue;
                }
                char e = v.charAt(++i);
                b.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            }
            return b.toString();
        }
        return v;
    }
}
