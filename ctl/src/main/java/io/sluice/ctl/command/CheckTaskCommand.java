package io.sluice.ctl.command;

import io.sluice.common.config.ConfigFiles;
import io.sluice.ctl.CtlSession;
import io.sluice.ctl.Replies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check-task <config-file> [--error n] [--warn n]}. For now this validates the task file
 * locally (syntax, keys, rule references). The master-side prechecks against the upstream and
 * downstream databases are not implemented yet, and the reply says so rather than implying they ran.
 */
@Command(name = "check-task", description = "Check a task file. Currently local validation only; master-side prechecks are pending.",
        customSynopsis = "check-task <config-file> [--error count] [--warn count]")
public class CheckTaskCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "config-file")
    String file;

    @Option(names = "--error", paramLabel = "count", description = "Max errors to show (for the pending master-side prechecks).")
    int errors = 10;

    @Option(names = "--warn", paramLabel = "count", description = "Max warnings to show (for the pending master-side prechecks).")
    int warnings = 10;

    @Override
    protected int execute(CtlSession session) {
        ConfigFiles.parseTask(TaskFiles.read(file));
        session.out().println(Replies.envelope(true,
                "the task file passed local validation; master-side prechecks (privileges, binlog settings, "
                        + "table schemas) are not implemented yet and were not run"));
        return 0;
    }
}
