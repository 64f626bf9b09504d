package io.sluice.ctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Go's flag package accepts {@code -master-addr} as well as {@code --master-addr}, and dmctl
 * users' scripts use both. picocli only knows the double-dash form, so before parsing, a
 * single-dash argument whose name is one of our long options is rewritten to double-dash.
 * Unknown single-dash words are left alone (they may be values), and nothing after {@code --}
 * is touched.
 */
final class FlagSpelling {
    private FlagSpelling() {
    }

    static String[] normalize(String[] args, CommandLine root) {
        Set<String> longNames = new HashSet<>();
        collect(root.getCommandSpec(), longNames);
        List<String> out = new ArrayList<>(args.length);
        boolean endOfOptions = false;
        for (String a : args) {
            if (endOfOptions || a.startsWith("--") || !a.startsWith("-") || a.length() <= 2) {
                endOfOptions |= a.equals("--");
                out.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            out.add(longNames.contains("-" + name) ? "-" + a : a);
        }
        return out.toArray(String[]::new);
    }

    private static void collect(CommandSpec spec, Set<String> into) {
        for (OptionSpec o : spec.options()) {
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    into.add(n);
                }
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            collect(sub.getCommandSpec(), into);
        }
    }
}
