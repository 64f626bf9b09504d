package io.sluice.master.raft;

import io.sluice.master.shardddl.optimism.OptimisticMeta;
import io.sluice.master.shardddl.pessimism.PessimisticLockMeta;
import io.sluice.proto.ErrorOp;
import io.sluice.proto.ErrorOperation;
import io.sluice.proto.Stage;
import io.sluice.proto.raft.BindingEntry;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutErrorOperation;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveErrorOperation;
import io.sluice.proto.raft.TaskEntry;
import io.sluice.proto.raft.WorkerEntry;
import java.util.List;

/**
 * The cluster's metadata as a pure function: {@code apply(state, command) → state}. The raft
 * state machine feeds it committed commands in log order; tests feed it directly. A command
 * that does not fit the state (say, binding a source that was removed) leaves it unchanged, so
 * every replica reaches the same state whatever raced on the leader before the command was
 * committed.
 */
public final class ClusterMeta {
    private ClusterMeta() {
    }

    /**
     * Whether a master's registration ends its eviction: only a registration from another process
     * run than the evicted one does (a restart), not a late retry of the evicted run's own.
     */
    public static boolean evictionEndedBy(ClusterState state, String master, String incarnation) {
        return state.getEvictedMastersList().contains(master)
                && !incarnation.equals(state.getEvictedIncarnationsOrDefault(master, ""));
    }

    public static ClusterState apply(ClusterState state, RaftCommand cmd) {
        ClusterState.Builder b = state.toBuilder();
        switch (cmd.getCmdCase()) {
            case PUTSOURCE -> b.putSources(cmd.getPutSource().getSource().getSourceId(), cmd.getPutSource().getSource());
            case REMOVESOURCE -> {
                String id = cmd.getRemoveSource().getSourceId();
                b.removeSources(id);
                b.removeBindings(id);
                b.removeRelays(id);
            }
            case PUTWORKER -> {
                WorkerEntry w = cmd.getPutWorker().getWorker();
                WorkerEntry old = state.getWorkersOrDefault(w.getName(), null);
                if (old != null && w.getLastSource().isEmpty()) {
                    w = w.toBuilder().setLastSource(old.getLastSource()).build();
                }
                b.putWorkers(w.getName(), w);
            }
            case REMOVEWORKER -> {
                String name = cmd.getRemoveWorker().getName();
                b.removeWorkers(name);
                state.getBindingsMap().values().stream()
                        .filter(e -> e.getWorker().equals(name))
                        .forEach(e -> b.removeBindings(e.getSource()));
            }
            case BIND -> bind(state, b, cmd.getBind().getSource(), cmd.getBind().getWorker());
            case UNBIND -> b.removeBindings(cmd.getUnbind().getSource());
            case PUTTASK -> b.putTasks(cmd.getPutTask().getTask().getName(), cmd.getPutTask().getTask());
            case SETSTAGE -> {
                TaskEntry t = state.getTasksOrDefault(cmd.getSetStage().getTask(), null);
                if (t != null) {
                    TaskEntry.Builder tb = t.toBuilder();
                    for (String s : sourcesOrAll(t, cmd.getSetStage().getSourcesList())) {
                        tb.putStages(s, cmd.getSetStage().getStage());
                        if (cmd.getSetStage().getStage() == Stage.Running) {
                            tb.putResumes(s, t.getResumesOrDefault(s, 0) + 1);
                        }
                    }
                    b.putTasks(t.getName(), tb.build());
                }
            }
            case REMOVETASK -> {
                TaskEntry t = state.getTasksOrDefault(cmd.getRemoveTask().getTask(), null);
                if (t != null) {
                    List<String> gone = cmd.getRemoveTask().getSourcesCount() == 0
                            ? List.copyOf(t.getStagesMap().keySet()) : cmd.getRemoveTask().getSourcesList();
                    state.getErrorOperationsMap().forEach((key, op) -> {
                        if (op.getTask().equals(t.getName()) && gone.contains(op.getSource())) {
                            b.removeErrorOperations(key);
                        }
                    });
                    if (cmd.getRemoveTask().getSourcesCount() == 0) {
                        b.removeTasks(t.getName());
                        OptimisticMeta.removeTask(state, b, t.getName());
                        PessimisticLockMeta.removeTask(state, b, t.getName());
                    } else {
                        TaskEntry.Builder tb = t.toBuilder();
                        cmd.getRemoveTask().getSourcesList().forEach(tb::removeStages);
                        if (tb.getStagesCount() == 0) {
                            b.removeTasks(t.getName());
                        } else {
                            b.putTasks(t.getName(), tb.build());
                        }
                    }
                }
            }
            case PUTMASTER -> b.putMasters(cmd.getPutMaster().getMaster().getName(), cmd.getPutMaster().getMaster());
            case REMOVEMASTER -> {
                String name = cmd.getRemoveMaster().getName();
                b.removeMasters(name);
                b.clearEvictedMasters().addAllEvictedMasters(state.getEvictedMastersList().stream().filter(n -> !n.equals(name)).toList());
                b.removeEvictedIncarnations(name);
            }
            case EVICTMASTER -> {
                String name = cmd.getEvictMaster().getName();
                java.util.List<String> kept = state.getEvictedMastersList().stream()
                        .filter(n -> !name.isEmpty() && !n.equals(name)).toList();
                b.clearEvictedMasters().addAllEvictedMasters(kept);
                b.clearEvictedIncarnations();
                kept.forEach(n -> b.putEvictedIncarnations(n, state.getEvictedIncarnationsOrDefault(n, "")));
                if (cmd.getEvictMaster().getEvict() && !name.isEmpty()) {
                    b.addEvictedMasters(name);
                    b.putEvictedIncarnations(name, cmd.getEvictMaster().getIncarnation());
                }
            }
            case PUTERROROPERATION -> putErrorOperation(state, b, cmd.getPutErrorOperation());
            case REMOVEERROROPERATION -> {
                RemoveErrorOperation r = cmd.getRemoveErrorOperation();
                b.removeErrorOperations(errorOperationKey(r.getTask(), r.getSource(), r.getPosition()));
            }
            case ADDRELAYWORKERS, REMOVERELAYWORKERS, SETRELAYSTAGE -> RelayMeta.apply(state, b, cmd);
            case PUTOPTIMISTICGROUP -> OptimisticMeta.put(state, b, cmd.getPutOptimisticGroup());
            case PUTPESSIMISTICLOCK -> PessimisticLockMeta.put(state, b, cmd.getPutPessimisticLock());
            case CMD_NOT_SET -> {
            }
        }
        return b.build();
    }

    /** A skip or replace for a subtask that exists; with {@code resume}, that subtask is asked to run again. */
    private static void putErrorOperation(ClusterState state, ClusterState.Builder b, PutErrorOperation put) {
        ErrorOperation op = put.getOperation();
        TaskEntry t = state.getTasksOrDefault(op.getTask(), null);
        if (t == null || !t.containsStages(op.getSource()) || op.getPosition().isEmpty()
                || (op.getOp() != ErrorOp.Skip && op.getOp() != ErrorOp.Replace)) {
            return;
        }
        b.putErrorOperations(errorOperationKey(op.getTask(), op.getSource(), op.getPosition()), op);
        if (put.getResume()) {
            b.putTasks(t.getName(), t.toBuilder().putStages(op.getSource(), Stage.Running)
                    .putResumes(op.getSource(), t.getResumesOrDefault(op.getSource(), 0) + 1).build());
        }
    }

    /** Where an error operation lives in {@code errorOperations}: one per (task, source, binlog position). */
    public static String errorOperationKey(String task, String source, String position) {
        return task + "\u001f" + source + "\u001f" + position;
    }

    /** The error operations waiting for one subtask, in no particular order. */
    public static List<ErrorOperation> errorOperationsOf(ClusterState state, String task, String source) {
        return state.getErrorOperationsMap().values().stream()
                .filter(op -> op.getTask().equals(task) && op.getSource().equals(source)).toList();
    }

    private static void bind(ClusterState state, ClusterState.Builder b, String source, String worker) {
        if (!state.containsSources(source) || !state.containsWorkers(worker)) {
            return;
        }
        boolean workerBusy = state.getBindingsMap().values().stream()
                .anyMatch(e -> e.getWorker().equals(worker) && !e.getSource().equals(source));
        if (workerBusy) {
            return;
        }
        long epoch = state.getLastEpoch() + 1;
        b.setLastEpoch(epoch);
        b.putBindings(source, BindingEntry.newBuilder().setSource(source).setWorker(worker).setEpoch(epoch).build());
        b.putWorkers(worker, state.getWorkersOrThrow(worker).toBuilder().setLastSource(source).build());
    }

    private static Iterable<String> sourcesOrAll(TaskEntry t, java.util.List<String> sources) {
        if (sources.isEmpty()) {
            return t.getStagesMap().keySet();
        }
        return sources.stream().filter(t::containsStages).toList();
    }

    /** The worker a source is bound to, or "" when unbound. */
    public static String workerOf(ClusterState state, String source) {
        BindingEntry e = state.getBindingsOrDefault(source, null);
        return e == null ? "" : e.getWorker();
    }

    /** The source a worker is bound to, or null. */
    public static BindingEntry bindingOfWorker(ClusterState state, String worker) {
        return state.getBindingsMap().values().stream().filter(e -> e.getWorker().equals(worker)).findFirst().orElse(null);
    }

    public static Stage stageOf(TaskEntry t, String source) {
        return t.getStagesOrDefault(source, Stage.InvalidStage);
    }
}
