package io.sluice.master.api;

import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.scheduler.WorkerLiveness;
import io.sluice.proto.KeepAliveRequest;
import io.sluice.proto.QueryStatusResponse;
import io.sluice.proto.SourceStatus;
import io.sluice.proto.Stage;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.TaskEntry;
import java.util.List;

/**
 * Builds query-status replies from the cluster state and what workers last reported. A
 * subtask whose worker has not reported it yet shows the stage the master expects.
 */
final class TaskStatusView {
    private final WorkerLiveness liveness;

    TaskStatusView(WorkerLiveness liveness) {
        this.liveness = liveness;
    }

    QueryStatusResponse sourceStatus(ClusterState state, TaskEntry task, String source) {
        String worker = ClusterMeta.workerOf(state, source);
        SourceStatus.Builder ss = SourceStatus.newBuilder().setSource(source).setWorker(worker);
        WorkerLiveness.Heard heard = worker.isEmpty() ? null : liveness.last(worker);
        if (heard != null && heard.report().getBoundSource().equals(source) && heard.report().getSourceStatus().hasRelayStatus()) {
            ss.setRelayStatus(heard.report().getSourceStatus().getRelayStatus()); // DM's relayStatus, while relay is on
        }
        QueryStatusResponse.Builder r = QueryStatusResponse.newBuilder().setResult(true).setSourceStatus(ss);
        SubTaskStatus reported = reported(worker, task.getName(), source);
        if (reported != null) {
            r.addSubTaskStatus(reported);
        } else {
            Stage expected = ClusterMeta.stageOf(task, source);
            r.addSubTaskStatus(SubTaskStatus.newBuilder().setName(task.getName())
                    .setStage(worker.isEmpty() ? Stage.Paused : expected == Stage.Running ? Stage.New : expected)
                    .setMsg(worker.isEmpty() ? "source " + source + " is not bound to any worker" : "no status reported by the worker yet"));
        }
        return r.build();
    }

    /** The relay status the worker bound to {@code source} last reported, or null (relay off, nothing heard). */
    io.sluice.proto.RelayStatus relayStatus(ClusterState state, String source) {
        String worker = ClusterMeta.workerOf(state, source);
        WorkerLiveness.Heard heard = worker.isEmpty() ? null : liveness.last(worker);
        if (heard != null && heard.report().getBoundSource().equals(source) && heard.report().getSourceStatus().hasRelayStatus()) {
            return heard.report().getSourceStatus().getRelayStatus();
        }
        return null;
    }

    /** What the bound worker last reported of the subtask, or null when it has not. */
    SubTaskStatus reported(ClusterState state, String task, String source) {
        return reported(ClusterMeta.workerOf(state, source), task, source);
    }

    private SubTaskStatus reported(String worker, String task, String source) {
        if (worker.isEmpty()) {
            return null;
        }
        WorkerLiveness.Heard h = liveness.last(worker);
        if (h == null) {
            return null;
        }
        KeepAliveRequest report = h.report();
        if (!report.getBoundSource().equals(source)) {
            return null;
        }
        return report.getSubTasksList().stream().filter(s -> s.getName().equals(task)).findFirst().orElse(null);
    }

    /** DM's task-level status from its subtasks' (see dm-features §1.5). */
    static String aggregate(List<QueryStatusResponse> perSource) {
        boolean allNew = true;
        boolean allFinished = true;
        boolean allStopped = true;
        boolean paused = false;
        for (QueryStatusResponse r : perSource) {
            for (SubTaskStatus st : r.getSubTaskStatusList()) {
                if (st.getStage() == Stage.Paused && st.hasResult() && st.getResult().getErrorsCount() > 0) {
                    return "Error - Some error occurred in subtask. Please run `query-status " + st.getName() + "` to get more details.";
                }
                paused |= st.getStage() == Stage.Paused;
                allNew &= st.getStage() == Stage.New;
                allFinished &= st.getStage() == Stage.Finished;
                allStopped &= st.getStage() == Stage.Stopped;
            }
        }
        if (paused) {
            return "Paused";
        }
        if (allNew) {
            return "New";
        }
        if (allFinished) {
            return "Finished";
        }
        if (allStopped) {
            return "Stopped";
        }
        return "Running";
    }
}
