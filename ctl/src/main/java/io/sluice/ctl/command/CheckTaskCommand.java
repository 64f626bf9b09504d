package io.sluice.ctl.command;

import io.sluice.common.config.ConfigFiles;
import io.sluice.ctl.CtlSession;
import io.sluice.proto.CheckTaskRequest;
import io.sluice.proto.CheckTaskResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check-task <config-file> [--error n] [--warn n]}: the master runs start-task's prechecks
 * against the task's sources and target without starting anything. The reply's {@code msg} is
 * {@code check pass!!!}, or the failed and warning items with DM's summary; exit 1 when any item
 * failed.
 */
@Command(name = "check-task", description = "Check the configuration file of a task (the prechecks start-task runs).",
        customSynopsis = "check-task <config-file> [--error count] [--warn count]")
public class CheckTaskCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "config-file")
    String file;

    @Option(names = "--error", paramLabel = "count", defaultValue = "10", description = "Max number of failed items to show (default 10).")
    long errors;

    @Option(names = "--warn", paramLabel = "count", defaultValue = "10", description = "Max number of warning items to show (default 10).")
    long warnings;

    @Override
    protected int execute(CtlSession session) {
        if (errors < 0 || warnings < 0) {
            throw usage("--error and --warn must not be negative");
        }
        String yaml = TlsFileContents.inline(TaskFiles.read(file), "target-database", session.err());
        ConfigFiles.parseTask(yaml);
        CheckTaskRequest req = CheckTaskRequest.newBuilder().setTask(yaml).setErrCnt(errors).setWarnCnt(warnings).build();
        CheckTaskResponse reply = session.masterClient().call("CheckTask", stub -> stub.checkTask(req));
        return print(session, reply, reply.getResult());
    }
}
