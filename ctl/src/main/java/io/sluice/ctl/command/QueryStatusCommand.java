package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.QueryStatusListRequest;
import io.sluice.proto.QueryStatusListResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code query-status [-s source ...] [task-name | task-file] [--more]}. Without a task the
 * master lists tasks with their status; with one, per-source subtask detail.
 */
@Command(name = "query-status", description = "Query the status of all tasks, or of one task per source.",
        customSynopsis = "query-status [-s source ...] [task-name | task-file] [--more]")
public class QueryStatusCommand extends CtlCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "task-name|task-file")
    String task;

    // The master returns the full status in one reply; --more is accepted for dmctl scripts and
    // the complete reply is always printed.
    @Option(names = "--more", description = "Print the full status (the full reply is always printed).")
    boolean more;

    @Override
    protected int execute(CtlSession session) {
        QueryStatusListRequest.Builder req = QueryStatusListRequest.newBuilder().addAllSources(session.sources());
        if (task != null && !task.isBlank()) {
            req.setName(TaskFiles.taskNameOf(task));
        }
        QueryStatusListResponse reply = session.masterClient().call("QueryStatus", stub -> stub.queryStatus(req.build()));
        return print(session, reply, reply.getResult());
    }
}
