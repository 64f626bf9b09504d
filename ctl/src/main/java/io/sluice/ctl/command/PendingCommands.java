package io.sluice.ctl.command;

import io.sluice.ctl.CtlErrors;
import io.sluice.ctl.CtlSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
}
