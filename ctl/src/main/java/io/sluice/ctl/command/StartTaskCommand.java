package io.sluice.ctl.command;

import io.sluice.common.config.ConfigFiles;
import io.sluice.ctl.CtlSession;
import io.sluice.proto.StartTaskRequest;
import io.sluice.proto.StartTaskResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code start-task [-s source ...] [--remove-meta] <config-file>}: validates the task file
 * locally, then sends its text unchanged (the master re-parses it; sending the original keeps
 * comments and key order for get-config).
 */
@Command(name = "start-task", description = "Start a task defined by a task file.",
        customSynopsis = "start-task [-s source ...] [--remove-meta] <config-file>")
public class StartTaskCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "config-file")
    String file;

    @Option(names = "--remove-meta", description = "Remove the task's previous metadata (checkpoints etc.) before starting.")
    boolean removeMeta;

    @Override
    protected int execute(CtlSession session) {
        String yaml = TlsFileContents.inline(TaskFiles.read(file), "target-database", session.err());
        ConfigFiles.parseTask(yaml);
        StartTaskRequest req = StartTaskRequest.newBuilder()
                .setTask(yaml)
                .addAllSources(session.sources())
                .setRemoveMeta(removeMeta)
                .build();
        StartTaskResponse reply = session.masterClient().call("StartTask", stub -> stub.startTask(req));
        return print(session, reply, reply.getResult());
    }
}
