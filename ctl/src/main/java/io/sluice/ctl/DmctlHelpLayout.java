package io.sluice.ctl;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's help in dmctl's (cobra's) shape, so {@code help <command>} reads as operators know
 * it: the description, {@code Usage:} with the synopsis, {@code Available Commands:} for a group,
 * the command's own {@code Flags:}, then the {@code Global Flags:} every command accepts.
 */
final class DmctlHelpLayout {
    private static final Set<String> GLOBAL_FLAGS =
            Set.of("--master-addr", "--rpc-timeout", "--source", "--config", "--ssl-ca", "--ssl-cert", "--ssl-key");
    private static final String SECTION = "dmctlHelp";
    private static final Comparator<OptionSpec> BY_LONG_NAME =
            Comparator.comparing(o -> o.longestName().replaceFirst("^-+", ""));

    private DmctlHelpLayout() {
    }

    /** Applies the layout to every command under {@code root} (the root keeps its own overview). */
    static void applyBelow(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            if (sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            sub.setHelpSectionKeys(List.of(SECTION));
            sub.getHelpSectionMap().put(SECTION, DmctlHelpLayout::render);
            applyBelow(sub);
        }
    }

    static String render(Help help) {
        CommandSpec spec = help.commandSpec();
        StringBuilder sb = new StringBuilder();
        String[] description = spec.usageMessage().description();
        if (description.length > 0) {
            sb.append(String.join("\n", description)).append("\n\n");
        }
        String path = spec.qualifiedName(" ");
        String[] custom = spec.usageMessage().customSynopsis();
        String synopsis = custom.length > 0 ? spec.root().name() + " " + custom[0].trim() : path;
        sb.append("Usage:\n  ").append(synopsis);
        sb.append(spec.subcommands().isEmpty() ? " [flags]" : " [command]").append("\n");
        if (!spec.subcommands().isEmpty()) {
            sb.append("\nAvailable Commands:\n");
            int width = spec.subcommands().keySet().stream().mapToInt(String::length).max().orElse(0);
            spec.subcommands().forEach((name, sub) -> {
                String[] d = sub.getCommandSpec().usageMessage().description();
                sb.append("  ").append(String.format("%-" + (width + 4) + "s", name)).append(d.length > 0 ? d[0] : "").append("\n");
            });
        }
        List<OptionSpec> own = spec.options().stream().filter(o -> !isGlobal(o)).toList();
        List<OptionSpec> global = spec.options().stream().filter(DmctlHelpLayout::isGlobal).toList();
        Help.IParamLabelRenderer labels = help.createDefaultParamLabelRenderer();
        sb.append("\nFlags:\n").append(help.optionListExcludingGroups(own, help.createDefaultLayout(), BY_LONG_NAME, labels));
        if (!global.isEmpty()) {
            sb.append("\nGlobal Flags:\n").append(help.optionListExcludingGroups(global, help.createDefaultLayout(), BY_LONG_NAME, labels));
        }
        if (!spec.subcommands().isEmpty()) {
            sb.append("\nUse \"").append(path).append(" [command] --help\" for more information about a command.\n");
        }
        return sb.toString();
    }

    private static boolean isGlobal(OptionSpec o) {
        for (String n : o.names()) {
            if (GLOBAL_FLAGS.contains(n)) {
                return true;
            }
        }
        return false;
    }
}
