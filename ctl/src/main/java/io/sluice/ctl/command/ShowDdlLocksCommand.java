package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.ShowDDLLocksRequest;
import io.sluice.proto.ShowDDLLocksResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code show-ddl-locks [-s source ...] [task-name | task-file]}: the unresolved shard DDL locks of both shard modes. */
@Command(name = "show-ddl-locks", description = "Show unresolved shard DDL locks.",
        customSynopsis = "show-ddl-locks [-s source ...] [task-name | task-file]")
public class ShowDdlLocksCommand extends CtlCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "task-name|task-file")
    String task;

    @Override
    protected int execute(CtlSession session) {
        ShowDDLLocksRequest.Builder req = ShowDDLLocksRequest.newBuilder().addAllSources(session.sources());
        if (task != null && !task.isBlank()) {
            req.setTask(TaskFiles.taskNameOf(task));
        }
        ShowDDLLocksResponse reply = session.masterClient().call("ShowDDLLocks", stub -> stub.showDDLLocks(req.build()));
        return print(session, reply, reply.getResult());
    }
}
