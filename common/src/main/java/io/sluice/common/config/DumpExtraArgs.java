package io.sluice.common.config;

import io.sluice.common.errors.ConfigErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Dumpling options a task may pass in {@code mydumpers.*.extra-args}. Only options the dump
 * unit honours are accepted, each folded into the {@link DumperConfig} it overrides; anything
 * else fails the task check, so no option is silently ignored.
 *
 * <pre>
 *   --consistency auto|flush|snapshot|lock|none
 *   -t, --threads N        -r, --rows N        -s, --statement-size N      -F, --filesize SIZE
 * </pre>
 */
public final class DumpExtraArgs {
    public static final Set<String> CONSISTENCIES = Set.of("auto", "flush", "snapshot", "lock", "none");
    private static final String SUPPORTED = "--consistency, -t/--threads, -r/--rows, -s/--statement-size, -F/--filesize";

    private DumpExtraArgs() {
    }

    /** Applies {@code cfg.extraArgs} to {@code cfg}; {@code where} names the config in errors. */
    static void apply(String where, DumperConfig cfg) {
        String key = where + ".extra-args";
        List<String> words = split(cfg.extraArgs == null ? "" : cfg.extraArgs, key);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String name = word;
            String value = null;
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                name = word.substring(0, eq);
                value = word.substring(eq + 1);
            }
            if (!Set.of("--consistency", "-t", "--threads", "-r", "--rows", "-s", "--statement-size", "-F", "--filesize")
                    .contains(name)) {
                throw ConfigErrors.INVALID_VALUE.error(key, "unsupported option `" + word + "` (supported: " + SUPPORTED + ")");
            }
            if (value == null) {
                if (i + 1 >= words.size()) {
                    throw ConfigErrors.INVALID_VALUE.error(key, "option `" + name + "` needs a value");
                }
                value = words.get(++i);
            }
            switch (name) {
                case "--consistency" -> cfg.consistency = value;
                case "-t", "--threads" -> cfg.threads = (int) number(key, name, value);
                case "-r", "--rows" -> cfg.rows = number(key, name, value);
                case "-s", "--statement-size" -> cfg.statementSize = number(key, name, value);
                default -> cfg.chunkFilesize = value;
            }
        }
        cfg.consistency = cfg.consistency == null || cfg.consistency.isEmpty() ? "auto" : cfg.consistency.toLowerCase(Locale.ROOT);
        if (!CONSISTENCIES.contains(cfg.consistency)) {
            throw ConfigErrors.INVALID_VALUE.error(where + ".consistency",
                    "`" + cfg.consistency + "` (expected one of auto, flush, snapshot, lock, none)");
        }
    }

    private static long number(String key, String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ConfigErrors.INVALID_VALUE.error(key, "option `" + name + "` needs a positive number, got `" + value + "`");
    }

    /** Splits at blanks outside single or double quotes, as a shell would for these simple options. */
    static List<String> split(String s, String key) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char ch : s.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw ConfigErrors.INVALID_VALUE.error(key, "unbalanced quote");
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
