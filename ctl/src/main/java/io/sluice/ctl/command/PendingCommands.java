package io.sluice.ctl.command;

import io.sluice.ctl.CtlErrors;
import io.sluice.ctl.CtlSession;
import picocli.CommandLine.Command;
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

    @Command(name = "purge-relay", description = "Purge relay log files older than a file. (Not supported by the master yet.)",
            customSynopsis = "purge-relay <-s source> <-f filename> [--sub-dir directory]")
    public static class PurgeRelay extends Pending {
        @Option(names = {"-f", "--filename"}, required = true, paramLabel = "filename", description = "Relay file to purge up to.")
        String filename;
        @Option(names = "--sub-dir", paramLabel = "directory", description = "Relay sub-directory.")
        String subDir;
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
}
