package io.sluice.ctl.command;

import io.sluice.ctl.CtlErrors;
import io.sluice.ctl.CtlSession;
import io.sluice.ctl.GlobalOptions;
import io.sluice.ctl.SessionHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * dmctl commands whose Master RPCs do not exist yet. They parse dmctl's syntax (so a script with
 * a typo still gets a usage error, and help lists them), then fail with code 48006 and exit 1:
 * reporting success for an operation that did nothing would mislead operators and scripts.
 */
public final class PendingCommands {
    private PendingCommands() {
    }

    /** Parses like its command, then reports that the master cannot do it yet. */
    abstract static class Pending extends CtlCommand {
        @Override
        protected int execute(CtlSession session) {
            throw CtlErrors.NOT_SUPPORTED.error(spec.qualifiedName(" ").replaceFirst("^\\S+ ", ""));
        }
    }

    @Command(name = "show-ddl-locks", description = "Show unresolved shard DDL locks. (Not supported by the master yet.)",
            customSynopsis = "show-ddl-locks [-s source ...] [task-name | task-file]")
    public static class ShowDdlLocks extends Pending {
        @Parameters(index = "0", arity = "0..1", paramLabel = "task-name|task-file")
        String task;
    }

    @Command(name = "unlock-ddl-lock", description = "Force-resolve a shard DDL lock. (Not supported by the master yet.)",
            customSynopsis = "unlock-ddl-lock [-s source ...] [--owner worker] [--force-remove] <lock-ID>")
    public static class UnlockDdlLock extends Pending {
        @Parameters(index = "0", paramLabel = "lock-ID")
        String lockId;
        @Option(names = "--owner", paramLabel = "worker", description = "Worker that executes the DDL.")
        String owner;
        @Option(names = "--force-remove", description = "Remove the lock even if the DDL fails.")
        boolean forceRemove;
    }

    /** {@code config export|import [-d dir]}: a command group, like dmctl's. */
    @Command(name = "config", description = "Export or import all source and task configs. (Not supported by the master yet.)",
            subcommands = {ConfigGroup.Export.class, ConfigGroup.Import.class})
    public static class ConfigGroup implements SessionHolder.WithGlobals {
        @Mixin
        GlobalOptions global;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show help for this command.")
        boolean help;

        @Override
        public GlobalOptions globalOptions() {
            return global;
        }

        @Command(name = "export", description = "Export configs to a directory. (Not supported by the master yet.)",
                customSynopsis = "config export [--dir directory]")
        public static class Export extends Pending {
            @Option(names = {"-d", "--dir"}, paramLabel = "directory", defaultValue = "./configs", description = "Target directory.")
            String dir;
        }

        @Command(name = "import", description = "Import configs from a directory. (Not supported by the master yet.)",
                customSynopsis = "config import [--dir directory]")
        public static class Import extends Pending {
            @Option(names = {"-d", "--dir"}, paramLabel = "directory", defaultValue = "./configs", description = "Source directory.")
            String dir;
        }
    }
}
