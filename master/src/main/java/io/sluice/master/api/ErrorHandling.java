package io.sluice.master.api;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.parser.ParserException;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.CommonWorkerResponse;
import io.sluice.proto.ErrorOp;
import io.sluice.proto.ErrorOperation;
import io.sluice.proto.HandleErrorRequest;
import io.sluice.proto.HandleErrorResponse;
import io.sluice.proto.Stage;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutErrorOperation;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveErrorOperation;
import io.sluice.proto.raft.TaskEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * handle-error: records a skip or replace for the binlog event a subtask stopped on (or the
 * one {@code -b} names) in the cluster state, where the subtask's worker finds it, and resumes
 * the subtask when it is paused on that event; revert withdraws one. Every source is checked
 * before anything is recorded, so a command that fails for one source changes nothing.
 */
final class ErrorHandling {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);
    /** {@code mysql-bin.000003:3270}, or DM's relay form {@code mysql-bin|000001.000003:3270}. */
    private static final Pattern POSITION = Pattern.compile("\\s*([^:|\\s]+?)(?:\\|\\d+)?(\\.\\d+):(\\d+)\\s*");

    private final RaftGroup raft;
    private final TaskStatusView statusView;

    ErrorHandling(RaftGroup raft, TaskStatusView statusView) {
        this.raft = raft;
        this.statusView = statusView;
    }

    HandleErrorResponse handle(HandleErrorRequest req) {
        ClusterState state = raft.readState();
        TaskEntry task = state.getTasksOrDefault(req.getTask(), null);
        if (task == null) {
            throw MasterErrors.TASK_NOT_EXIST.error(req.getTask());
        }
        ErrorOp op = req.getOp();
        if (op != ErrorOp.Skip && op != ErrorOp.Replace && op != ErrorOp.Revert) {
            throw MasterErrors.INVALID_ARGS.error("handle-error needs skip, replace or revert");
        }
        List<String> sqls = statements(req.getSqlsList());
        if (op == ErrorOp.Replace && sqls.isEmpty()) {
            throw MasterErrors.INVALID_ARGS.error("replace needs the statements to run instead, e.g. \"sql1;sql2;\"");
        }
        if (op != ErrorOp.Replace && !sqls.isEmpty()) {
            throw MasterErrors.INVALID_ARGS.error(op.name().toLowerCase() + " takes no statements");
        }
        String given = req.getBinlogPos().isEmpty() ? null : normalizePosition(req.getBinlogPos());
        List<String> sources = req.getSourcesCount() > 0 ? req.getSourcesList()
                : task.getStagesMap().keySet().stream().sorted().toList();
        for (String s : sources) {
            if (!task.containsStages(s)) {
                throw MasterErrors.INVALID_ARGS.error("task " + task.getName() + " has no subtask on source " + s);
            }
        }

        List<RaftCommand> commands = new ArrayList<>();
        HandleErrorResponse.Builder r = HandleErrorResponse.newBuilder().setResult(true);
        for (String s : sources) {
            CommonWorkerResponse.Builder one = CommonWorkerResponse.newBuilder().setResult(true).setSource(s)
                    .setWorker(ClusterMeta.workerOf(state, s));
            try {
                commands.add(command(state, task, s, op, given, sqls));
            } catch (SluiceException e) {
                one.setResult(false).setMsg(e.getMessage());
                r.setResult(false);
            }
            r.addSources(one);
        }
        if (!r.getResult()) {
            return r.build(); // nothing recorded for any source
        }
        for (RaftCommand c : commands) {
            raft.submit(c);
        }
        LOG.info("event=handle_error task={} sources={} op={} binlog_pos={} statements={}", task.getName(), sources, op,
                given == null ? "current error" : given, sqls.size());
        return r.build();
    }

    private RaftCommand command(ClusterState state, TaskEntry task, String source, ErrorOp op, String given, List<String> sqls) {
        String current = currentErrorPosition(state, task.getName(), source);
        String position = given != null ? given : current;
        if (position.isEmpty()) {
            throw MasterErrors.NO_ERROR_TO_HANDLE.error(task.getName(), source);
        }
        if (op == ErrorOp.Revert) {
            SubTaskStatus st = statusView.reported(state, task.getName(), source);
            boolean applied = st != null && passed(position, st.getSync().getSyncerBinlog());
            if (applied || !state.containsErrorOperations(ClusterMeta.errorOperationKey(task.getName(), source, position))) {
                // once the checkpoint is past its event an operation has taken effect: nothing to revert (as DM)
                throw SyncErrors.OPERATOR_NOT_EXIST.error(position);
            }
            return RaftCommand.newBuilder().setRemoveErrorOperation(RemoveErrorOperation.newBuilder()
                    .setTask(task.getName()).setSource(source).setPosition(position)).build();
        }
        ErrorOperation operation = ErrorOperation.newBuilder().setTask(task.getName()).setSource(source).setOp(op)
                .setPosition(position).addAllSqls(sqls).build();
        return RaftCommand.newBuilder().setPutErrorOperation(PutErrorOperation.newBuilder().setOperation(operation)
                .setResume(position.equals(current))).build();
    }

    /** The event the subtask is paused on by an error, as its worker last reported; "" when it is not. */
    private String currentErrorPosition(ClusterState state, String task, String source) {
        SubTaskStatus st = statusView.reported(state, task, source);
        if (st == null || st.getStage() != Stage.Paused || !st.hasResult() || st.getResult().getErrorsCount() == 0) {
            return "";
        }
        return st.getSync().getErrorStartLocation();
    }

    /** The replace statements one by one: dmctl sends them as {@code "sql1;sql2;"}. Checked here, so a typo records nothing. */
    static List<String> statements(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String text : texts) {
            if (text.isBlank()) {
                continue;
            }
            try {
                for (SQLStatement st : SQLUtils.parseStatements(text, DbType.mysql)) {
                    out.add(SQLUtils.toSQLString(st, DbType.mysql));
                }
            } catch (ParserException e) {
                throw MasterErrors.INVALID_ARGS.error("cannot parse the replace statements `" + text.trim() + "`: " + e.getMessage());
            }
        }
        return out;
    }

    /** Whether the sync checkpoint, as query-status prints it ({@code (file, pos)}), is past the event at {@code file:pos}. */
    static boolean passed(String position, String syncerBinlog) {
        Matcher cp = Pattern.compile("\\((\\S+), (\\d+)\\)").matcher(syncerBinlog == null ? "" : syncerBinlog);
        int colon = position.lastIndexOf(':');
        if (!cp.matches() || colon < 0) {
            return false;
        }
        BinlogPosition event = new BinlogPosition(position.substring(0, colon), Long.parseLong(position.substring(colon + 1)), "");
        return new BinlogPosition(cp.group(1), Long.parseLong(cp.group(2)), "").compareTo(event) > 0;
    }

    /** {@code file:pos} as the worker matches it; DM's relay form drops its sub-directory suffix. */
    static String normalizePosition(String text) {
        Matcher m = POSITION.matcher(text);
        if (!m.matches()) {
            throw MasterErrors.INVALID_ARGS.error("binlog-pos `" + text + "` should look like mysql-bin.000001:2345");
        }
        return m.group(1) + m.group(2) + ":" + Long.parseLong(m.group(3));
    }
}
