package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.OperateTaskRequest;
import io.sluice.proto.OperateTaskResponse;
import io.sluice.proto.TaskOp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code stop-task | pause-task | resume-task [-s source ...] <task-name | task-file>}: the three
 * share one RPC, OperateTask, differing only in {@code op}.
 */
public abstract class OperateTaskCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "task-name|task-file")
    String task;

    abstract TaskOp op();

    @Override
    protected int execute(CtlSession session) {
        OperateTaskRequest req = OperateTaskRequest.newBuilder()
                .setOp(op())
                .setName(TaskFiles.taskNameOf(task))
                .addAllSources(session.sources())
                .build();
        OperateTaskResponse reply = session.masterClient().call("OperateTask", stub -> stub.operateTask(req));
        return print(session, reply, reply.getResult());
    }

    @Command(name = "stop-task", description = "Stop a task, or only its subtasks on the given sources.",
            customSynopsis = "stop-task [-s source ...] <task-name | task-file>")
    public static class Stop extends OperateTaskCommand {
        @Override
        TaskOp op() {
            return TaskOp.Stop;
        }
    }

    @Command(name = "pause-task", description = "Pause a running task, or only its subtasks on the given sources.",
            customSynopsis = "pause-task [-s source ...] <task-name | task-file>")
    public static class Pause extends OperateTaskCommand {
        @Override
        TaskOp op() {
            return TaskOp.Pause;
        }
    }

    @Command(name = "resume-task", description = "Resume a paused task, or only its subtasks on the given sources.",
            customSynopsis = "resume-task [-s source ...] <task-name | task-file>")
    public static class Resume extends OperateTaskCommand {
        @Override
        TaskOp op() {
            return TaskOp.Resume;
        }
    }
}
