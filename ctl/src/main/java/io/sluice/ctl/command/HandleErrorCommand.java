package io.sluice.ctl.command;

import io.sluice.ctl.CtlErrors;
import io.sluice.ctl.CtlSession;
import io.sluice.proto.ErrorOp;
import io.sluice.proto.HandleErrorRequest;
import io.sluice.proto.HandleErrorResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code handle-error <task-name | task-file> [-s source ...] [-b binlog-pos] <skip/replace/revert>
 * [replace-sql1;replace-sql2;]}: skip or replace the binlog event a subtask stopped on (or the
 * one at {@code -b}), or revert such an operation before it takes effect. The replace
 * statements are the words after {@code replace}, joined with spaces, as dmctl reads them.
 */
@Command(name = "handle-error", description = "Skip, replace or revert the failing DDL or rows event (or the event at -b) of a task's subtasks.",
        customSynopsis = "handle-error <task-name | task-file> [-s source ...] [-b binlog-pos] <skip/replace/revert> [replace-sql1;replace-sql2;]")
public class HandleErrorCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "task-name|task-file")
    String task;

    @Parameters(index = "1", paramLabel = "skip|replace|revert")
    String op;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "replace-sql")
    List<String> sqls = new ArrayList<>();

    @Option(names = {"-b", "--binlog-pos"}, paramLabel = "binlog-pos",
            description = "Binlog position of the event, e.g. mysql-bin.000001:2345 (query-status shows it as errorStartLocation).")
    String binlogPos;

    @Override
    protected int execute(CtlSession session) {
        ErrorOp kind = switch (op.toLowerCase(Locale.ROOT)) {
            case "skip" -> ErrorOp.Skip;
            case "replace" -> ErrorOp.Replace;
            case "revert" -> ErrorOp.Revert;
            default -> throw CtlErrors.INVALID_ARGS.error("the operation must be skip, replace or revert, not `" + op + "`");
        };
        if (kind == ErrorOp.Replace && sqls.isEmpty()) {
            throw CtlErrors.INVALID_ARGS.error("replace needs the statements to run instead, e.g. \"sql1;sql2;\"");
        }
        if (kind != ErrorOp.Replace && !sqls.isEmpty()) {
            throw CtlErrors.INVALID_ARGS.error(op + " takes no SQL statements");
        }
        HandleErrorRequest.Builder req = HandleErrorRequest.newBuilder().setOp(kind).setTask(TaskFiles.taskNameOf(task))
                .addAllSources(session.sources());
        if (binlogPos != null && !binlogPos.isBlank()) {
            req.setBinlogPos(binlogPos.trim());
        }
        if (!sqls.isEmpty()) {
            req.addSqls(String.join(" ", sqls)); // the master splits and checks the statements
        }
        HandleErrorResponse reply = session.masterClient().call("HandleError", stub -> stub.handleError(req.build()));
        return print(session, reply, reply.getResult());
    }
}
