package io.sluice.master.api;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.MasterErrors;
import io.sluice.master.check.UpstreamChecker;
import io.sluice.master.datacheck.DataCheckService;
import io.sluice.master.membership.LeaderEviction;
import io.sluice.master.membership.MasterMembership;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.scheduler.SchedulerLoop;
import io.sluice.proto.CheckTaskRequest;
import io.sluice.proto.CheckTaskResponse;
import io.sluice.proto.CommonWorkerResponse;
import io.sluice.proto.GetConfigRequest;
import io.sluice.proto.GetConfigResponse;
import io.sluice.proto.JoinMasterRequest;
import io.sluice.proto.JoinMasterResponse;
import io.sluice.proto.HandleErrorRequest;
import io.sluice.proto.HandleErrorResponse;
import io.sluice.proto.ListMemberRequest;
import io.sluice.proto.ListMemberResponse;
import io.sluice.proto.MasterGrpc;
import io.sluice.proto.OfflineMemberRequest;
import io.sluice.proto.OfflineMemberResponse;
import io.sluice.proto.OperateLeaderRequest;
import io.sluice.proto.OperateLeaderResponse;
import io.sluice.proto.OperateSchemaRequest;
import io.sluice.proto.OperateSchemaResponse;
import io.sluice.proto.OperateSourceRequest;
import io.sluice.proto.OperateSourceResponse;
import io.sluice.proto.OperateTaskRequest;
import io.sluice.proto.OperateTaskResponse;
import io.sluice.proto.QueryStatusListRequest;
import io.sluice.proto.QueryStatusListResponse;
import io.sluice.proto.QueryStatusResponse;
import io.sluice.proto.Stage;
import io.sluice.proto.StartTaskRequest;
import io.sluice.proto.StartTaskResponse;
import io.sluice.proto.TaskOp;
import io.sluice.proto.TaskStatus;
import io.sluice.proto.TransferSourceRequest;
import io.sluice.proto.TransferSourceResponse;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutSource;
import io.sluice.proto.raft.PutTask;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveSource;
import io.sluice.proto.raft.RemoveTask;
import io.sluice.proto.raft.SetStage;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.TaskEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client API (what sluicectl calls). Every change is a raft command; every reply is DM's
 * shape with {@code result: false} and a coded message on failure, never a gRPC error, so
 * dmctl-style scripts see the same JSON whatever went wrong.
 */
public final class MasterApiService extends MasterGrpc.MasterImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(MasterApiService.class);

    private final RaftGroup raft;
    private final SchedulerLoop scheduler;
    private final TaskStatusView statusView;
    private final MemberView members;
    private final LeaderLink leader;
    private final ErrorHandling errorHandling;
    private final SchemaOperations schemaOperations;
    private final RelayOperations relays;
    private final DataCheckService dataChecks;
    private final io.sluice.master.shardddl.DdlLocks ddlLocks = new io.sluice.master.shardddl.DdlLocks();
    private final RelayPurge relayPurge;

    private final MasterMembership membership;
    private final LeaderEviction eviction;

    public MasterApiService(RaftGroup raft, SchedulerLoop scheduler, MemberView members, MasterMembership membership,
            LeaderEviction eviction) {
        this.raft = raft;
        this.scheduler = scheduler;
        this.statusView = new TaskStatusView(scheduler.liveness());
        this.members = members;
        this.leader = new LeaderLink(raft);
        this.membership = membership;
        this.eviction = eviction;
        this.errorHandling = new ErrorHandling(raft, statusView);
        this.schemaOperations = new SchemaOperations(raft, new WorkerControlLink(SchemaOperations.WORKER_DEADLINE));
        this.relays = new RelayOperations(raft);
        this.dataChecks = new DataCheckService(raft);
        this.relayPurge = new RelayPurge(raft, new WorkerControlLink(RelayPurge.WORKER_DEADLINE));
    }

    @Override
    public void operateSource(OperateSourceRequest req, StreamObserver<OperateSourceResponse> out) {
        serve(out, stub -> stub.operateSource(req), () -> switch (req.getOp()) {
            case StartSource -> createSources(req);
            case StopSource -> stopSources(req);
            case UpdateSource -> updateSources(req);
            case ShowSource -> showSources(req);
            default -> throw MasterErrors.INVALID_ARGS.error("operate-source needs create, update, stop or show");
        }, e -> OperateSourceResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    private OperateSourceResponse createSources(OperateSourceRequest req) {
        if (req.getConfigCount() == 0) {
            throw MasterErrors.INVALID_ARGS.error("operate-source create needs at least one source file");
        }
        List<SourceConfig> parsed = new ArrayList<>();
        ClusterState state = raft.readState();
        for (String yaml : req.getConfigList()) {
            SourceConfig s = ConfigFiles.parseSource(yaml);
            if (state.containsSources(s.sourceId)) {
                throw MasterErrors.SOURCE_EXISTS.error(s.sourceId);
            }
            UpstreamChecker.checkSourceReachable(s);
            parsed.add(s);
        }
        OperateSourceResponse.Builder r = OperateSourceResponse.newBuilder().setResult(true);
        for (int i = 0; i < parsed.size(); i++) {
            SourceConfig s = parsed.get(i);
            raft.submit(RaftCommand.newBuilder().setPutSource(PutSource.newBuilder().setSource(
                    SourceEntry.newBuilder().setSourceId(s.sourceId).setConfig(req.getConfig(i)).setEnabled(true))).build());
            LOG.info("event=source_created source={}", s.sourceId);
        }
        ClusterState after = scheduler.scheduleNow();
        for (SourceConfig s : parsed) {
            String worker = ClusterMeta.workerOf(after, s.sourceId);
            r.addSources(CommonWorkerResponse.newBuilder().setResult(true).setSource(s.sourceId).setWorker(worker)
                    .setMsg(worker.isEmpty() ? "source is added but there is no free worker to bound" : ""));
        }
        return r.build();
    }

    /**
     * Replaces stored source configs (the OpenAPI's PUT): only a source no task uses, as a running
     * subtask keeps the config it was built with; the source is bound again so that its worker
     * (and its relay) start over from the new config.
     */
    private OperateSourceResponse updateSources(OperateSourceRequest req) {
        if (req.getConfigCount() == 0) {
            throw MasterErrors.INVALID_ARGS.error("operate-source update needs at least one source file");
        }
        ClusterState state = raft.readState();
        List<SourceConfig> parsed = new ArrayList<>();
        for (String yaml : req.getConfigList()) {
            SourceConfig s = ConfigFiles.parseSource(yaml);
            if (!state.containsSources(s.sourceId)) {
                throw MasterErrors.SOURCE_NOT_EXIST.error(s.sourceId);
            }
            List<String> tasks = state.getTasksMap().values().stream().filter(t -> t.containsStages(s.sourceId)).map(TaskEntry::getName)
                    .sorted().toList();
            if (!tasks.isEmpty()) {
                throw MasterErrors.SOURCE_HAS_TASKS.error(s.sourceId, tasks);
            }
            UpstreamChecker.checkSourceReachable(s);
            parsed.add(s);
        }
        for (int i = 0; i < parsed.size(); i++) {
            SourceConfig s = parsed.get(i);
            boolean enabled = state.getSourcesOrThrow(s.sourceId).getEnabled();
            raft.submit(RaftCommand.newBuilder().setPutSource(PutSource.newBuilder().setSource(
                    SourceEntry.newBuilder().setSourceId(s.sourceId).setConfig(req.getConfig(i)).setEnabled(enabled))).build());
            raft.submit(RaftCommand.newBuilder().setUnbind(io.sluice.proto.raft.Unbind.newBuilder().setSource(s.sourceId)).build());
            LOG.info("event=source_updated source={}", s.sourceId);
        }
        ClusterState after = scheduler.scheduleNow();
        OperateSourceResponse.Builder r = OperateSourceResponse.newBuilder().setResult(true);
        for (SourceConfig s : parsed) {
            r.addSources(CommonWorkerResponse.newBuilder().setResult(true).setSource(s.sourceId).setWorker(ClusterMeta.workerOf(after, s.sourceId)));
        }
        return r.build();
    }

    private OperateSourceResponse stopSources(OperateSourceRequest req) {
        Set<String> ids = new LinkedHashSet<>(req.getSourceIDList());
        for (String yaml : req.getConfigList()) {
            ids.add(ConfigFiles.parseSource(yaml).sourceId);
        }
        if (ids.isEmpty()) {
            throw MasterErrors.INVALID_ARGS.error("operate-source stop needs source files or source ids");
        }
        ClusterState state = raft.readState();
        OperateSourceResponse.Builder r = OperateSourceResponse.newBuilder().setResult(true);
        for (String id : ids) {
            CommonWorkerResponse.Builder one = CommonWorkerResponse.newBuilder().setSource(id).setResult(true)
                    .setWorker(ClusterMeta.workerOf(state, id));
            if (!state.containsSources(id)) {
                one.setResult(false).setMsg(MasterErrors.SOURCE_NOT_EXIST.error(id).getMessage());
            } else {
                List<String> tasks = state.getTasksMap().values().stream().filter(t -> t.containsStages(id))
                        .map(TaskEntry::getName).sorted().toList();
                if (!tasks.isEmpty()) {
                    one.setResult(false).setMsg(MasterErrors.SOURCE_HAS_TASKS.error(id, tasks).getMessage());
                } else {
                    raft.submit(RaftCommand.newBuilder().setRemoveSource(RemoveSource.newBuilder().setSourceId(id)).build());
                    LOG.info("event=source_removed source={}", id);
                }
            }
            if (!one.getResult()) {
                r.setResult(false);
            }
            r.addSources(one);
        }
        return r.build();
    }

    private OperateSourceResponse showSources(OperateSourceRequest req) {
        ClusterState state = raft.readState();
        OperateSourceResponse.Builder r = OperateSourceResponse.newBuilder().setResult(true);
        state.getSourcesMap().keySet().stream().sorted()
                .filter(id -> req.getSourceIDCount() == 0 || req.getSourceIDList().contains(id))
                .forEach(id -> r.addSources(CommonWorkerResponse.newBuilder().setResult(true).setSource(id)
                        .setWorker(ClusterMeta.workerOf(state, id)).setMsg("source is added")));
        return r.build();
    }

    @Override
    public void startTask(StartTaskRequest req, StreamObserver<StartTaskResponse> out) {
        serve(out, stub -> stub.startTask(req), () -> {
            TaskConfig task = ConfigFiles.parseTask(req.getTask());
            ClusterState state = raft.readState();
            List<String> sources = req.getSourcesCount() > 0 ? req.getSourcesList()
                    : task.mysqlInstances.stream().map(i -> i.sourceId).toList();
            TaskEntry existing = state.getTasksOrDefault(task.name, null);
            List<String> clash = existing == null ? List.of() : sources.stream().filter(existing::containsStages).toList();
            if (!clash.isEmpty()) {
                throw MasterErrors.TASK_EXISTS.error(task.name, clash);
            }
            UpstreamChecker.checkTargetReachable(task.targetDatabase);
            List<SourceConfig> checked = new ArrayList<>();
            for (String s : sources) {
                if (task.instance(s) == null) {
                    throw MasterErrors.INVALID_ARGS.error("source " + s + " is not in the task's mysql-instances");
                }
                SourceEntry se = state.getSourcesOrDefault(s, null);
                if (se == null) {
                    throw MasterErrors.SOURCE_NOT_EXIST.error(s);
                }
                checked.add(ConfigFiles.parseSource(se.getConfig()));
            }
            TaskPrechecks.requirePassed(task, checked);
            if (req.getRemoveMeta() || task.removeMeta) {
                UpstreamChecker.removeMeta(task);
            }
            TaskEntry.Builder entry = existing == null ? TaskEntry.newBuilder().setName(task.name) : existing.toBuilder();
            entry.setConfig(req.getTask());
            sources.forEach(s -> entry.putStages(s, req.getCreateStopped() ? Stage.Stopped : Stage.Running));
            ClusterState after = raft.submit(RaftCommand.newBuilder().setPutTask(PutTask.newBuilder().setTask(entry)).build());
            LOG.info("event=task_started task={} sources={}", task.name, sources);
            StartTaskResponse.Builder r = StartTaskResponse.newBuilder().setResult(true);
            for (String s : sources) {
                r.addSources(CommonWorkerResponse.newBuilder().setResult(true).setSource(s).setWorker(ClusterMeta.workerOf(after, s)));
            }
            return r.build();
        }, e -> StartTaskResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void operateTask(OperateTaskRequest req, StreamObserver<OperateTaskResponse> out) {
        serve(out, stub -> stub.operateTask(req), () -> {
            ClusterState state = raft.readState();
            TaskEntry task = state.getTasksOrDefault(req.getName(), null);
            if (task == null) {
                throw MasterErrors.TASK_NOT_EXIST.error(req.getName());
            }
            List<String> sources = req.getSourcesCount() > 0 ? req.getSourcesList() : List.copyOf(task.getStagesMap().keySet());
            for (String s : sources) {
                if (!task.containsStages(s)) {
                    throw MasterErrors.INVALID_ARGS.error("task " + req.getName() + " has no subtask on source " + s);
                }
            }
            RaftCommand cmd = switch (req.getOp()) {
                case Pause -> stage(req.getName(), sources, Stage.Paused);
                case Resume -> stage(req.getName(), sources, Stage.Running);
                case Stop -> RaftCommand.newBuilder().setRemoveTask(RemoveTask.newBuilder().setTask(req.getName())
                        .addAllSources(req.getSourcesList())).build();
                default -> throw MasterErrors.INVALID_ARGS.error("unknown task operation");
            };
            ClusterState after = raft.submit(cmd);
            LOG.info("event=task_operated task={} op={} sources={}", req.getName(), req.getOp(), sources);
            OperateTaskResponse.Builder r = OperateTaskResponse.newBuilder().setOp(req.getOp()).setResult(true);
            for (String s : sources.stream().sorted().toList()) {
                r.addSources(CommonWorkerResponse.newBuilder().setResult(true).setSource(s).setWorker(ClusterMeta.workerOf(after, s)));
            }
            return r.build();
        }, e -> OperateTaskResponse.newBuilder().setOp(req.getOp()).setResult(false).setMsg(e.getMessage()).build());
    }

    private static RaftCommand stage(String task, List<String> sources, Stage stage) {
        return RaftCommand.newBuilder().setSetStage(SetStage.newBuilder().setTask(task).addAllSources(sources).setStage(stage)).build();
    }

    @Override
    public void queryStatus(QueryStatusListRequest req, StreamObserver<QueryStatusListResponse> out) {
        serve(out, stub -> stub.queryStatus(req), () -> {
            ClusterState state = raft.readState();
            QueryStatusListResponse.Builder r = QueryStatusListResponse.newBuilder().setResult(true);
            if (!req.getName().isEmpty()) {
                TaskEntry task = state.getTasksOrDefault(req.getName(), null);
                if (task == null) {
                    throw MasterErrors.TASK_NOT_EXIST.error(req.getName());
                }
                for (String s : task.getStagesMap().keySet().stream().sorted().toList()) {
                    if (req.getSourcesCount() == 0 || req.getSourcesList().contains(s)) {
                        r.addSources(statusView.sourceStatus(state, task, s));
                    }
                }
                return r.build();
            }
            for (TaskEntry task : state.getTasksMap().values().stream().sorted((a, b) -> a.getName().compareTo(b.getName())).toList()) {
                List<String> sources = task.getStagesMap().keySet().stream().sorted()
                        .filter(s -> req.getSourcesCount() == 0 || req.getSourcesList().contains(s)).toList();
                if (sources.isEmpty()) {
                    continue;
                }
                List<QueryStatusResponse> per = sources.stream().map(s -> statusView.sourceStatus(state, task, s)).toList();
                r.addTasks(TaskStatus.newBuilder().setTaskName(task.getName()).setTaskStatus(TaskStatusView.aggregate(per)).addAllSources(sources));
            }
            return r.build();
        }, e -> QueryStatusListResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void listMember(ListMemberRequest req, StreamObserver<ListMemberResponse> out) {
        serve(out, stub -> stub.listMember(req), () -> members.list(req, raft.readState()),
                e -> ListMemberResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void getConfig(GetConfigRequest req, StreamObserver<GetConfigResponse> out) {
        serve(out, stub -> stub.getConfig(req), () -> {
            ClusterState state = raft.readState();
            String cfg = switch (req.getType()) {
                case TaskType -> {
                    TaskEntry t = state.getTasksOrDefault(req.getName(), null);
                    if (t == null) {
                        throw MasterErrors.TASK_NOT_EXIST.error(req.getName());
                    }
                    yield ConfigText.maskPasswords(t.getConfig());
                }
                case SourceType -> {
                    SourceEntry s = state.getSourcesOrDefault(req.getName(), null);
                    if (s == null) {
                        throw MasterErrors.SOURCE_NOT_EXIST.error(req.getName());
                    }
                    yield ConfigText.maskPasswords(s.getConfig());
                }
                default -> throw MasterErrors.INVALID_ARGS.error("get-config supports task and source here");
            };
            return GetConfigResponse.newBuilder().setResult(true).setCfg(cfg).build();
        }, e -> GetConfigResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void transferSource(TransferSourceRequest req, StreamObserver<TransferSourceResponse> out) {
        serve(out, stub -> stub.transferSource(req), () -> {
            raft.readState();
            scheduler.transfer(req.getSource(), req.getWorker());
            return TransferSourceResponse.newBuilder().setResult(true).build();
        }, e -> TransferSourceResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void offlineMember(OfflineMemberRequest req, StreamObserver<OfflineMemberResponse> out) {
        serve(out, stub -> stub.offlineMember(req), () -> {
            if (req.getName().isBlank()) {
                throw MasterErrors.INVALID_ARGS.error("offline-member needs --name");
            }
            switch (req.getType()) {
                case "master" -> membership.offlineMaster(req.getName());
                case "worker" -> membership.offlineWorker(req.getName());
                default -> throw MasterErrors.INVALID_OFFLINE_TYPE.error(req.getType());
            }
            return OfflineMemberResponse.newBuilder().setResult(true).build();
        }, e -> OfflineMemberResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void operateLeader(OperateLeaderRequest req, StreamObserver<OperateLeaderResponse> out) {
        serve(out, stub -> stub.operateLeader(req), () -> {
            switch (req.getOp()) {
                case EvictLeaderOp -> eviction.evictSelf();
                case CancelEvictLeaderOp -> eviction.cancelAll();
                default -> throw MasterErrors.INVALID_LEADER_OP.error(req.getOp());
            }
            return OperateLeaderResponse.newBuilder().setResult(true).build();
        }, e -> OperateLeaderResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void joinMaster(JoinMasterRequest req, StreamObserver<JoinMasterResponse> out) {
        serve(out, stub -> stub.joinMaster(req),
                () -> JoinMasterResponse.newBuilder().setResult(true).addAllPeerURLs(membership.join(req)).build(),
                e -> JoinMasterResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void handleError(HandleErrorRequest req, StreamObserver<HandleErrorResponse> out) {
        serve(out, stub -> stub.handleError(req), () -> errorHandling.handle(req),
                e -> HandleErrorResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void checkTask(CheckTaskRequest req, StreamObserver<CheckTaskResponse> out) {
        serve(out, stub -> stub.checkTask(req), () -> TaskPrechecks.check(req, raft.readState()),
                e -> CheckTaskResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void operateSchema(OperateSchemaRequest req, StreamObserver<OperateSchemaResponse> out) {
        serve(out, stub -> stub.operateSchema(req), () -> schemaOperations.operate(req),
                e -> OperateSchemaResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void operateRelay(io.sluice.proto.OperateRelayRequest req, StreamObserver<io.sluice.proto.OperateRelayResponse> out) {
        serve(out, stub -> stub.operateRelay(req), () -> relays.operate(req),
                e -> io.sluice.proto.OperateRelayResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void operateWorkerRelayTask(io.sluice.proto.OperateWorkerRelayRequest req,
            StreamObserver<io.sluice.proto.OperateWorkerRelayResponse> out) {
        serve(out, stub -> stub.operateWorkerRelayTask(req), () -> relays.operateStage(req),
                e -> io.sluice.proto.OperateWorkerRelayResponse.newBuilder().setOp(req.getOp()).setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void exportConfigs(io.sluice.proto.ExportConfigsRequest req, StreamObserver<io.sluice.proto.ExportConfigsResponse> out) {
        serve(out, stub -> stub.exportConfigs(req), () -> ConfigExport.of(raft.readState()),
                e -> io.sluice.proto.ExportConfigsResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void checkData(io.sluice.proto.CheckDataRequest req, StreamObserver<io.sluice.proto.CheckDataResponse> out) {
        dataChecks.serve(req, out);
    }

    /** The relay status of a source as its worker last reported it to this master (the leader), or null. */
    public io.sluice.proto.RelayStatus relayStatus(io.sluice.proto.raft.ClusterState state, String source) {
        return statusView.relayStatus(state, source);
    }

    /** The one place where each shard mode's coordinator adds its locks for show-ddl-locks / unlock-ddl-lock. */
    public io.sluice.master.shardddl.DdlLocks ddlLocks() {
        return ddlLocks;
    }

    @Override
    public void showDDLLocks(io.sluice.proto.ShowDDLLocksRequest req, StreamObserver<io.sluice.proto.ShowDDLLocksResponse> out) {
        serve(out, stub -> stub.showDDLLocks(req), () -> ddlLocks.show(req),
                e -> io.sluice.proto.ShowDDLLocksResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void unlockDDLLock(io.sluice.proto.UnlockDDLLockRequest req, StreamObserver<io.sluice.proto.UnlockDDLLockResponse> out) {
        serve(out, stub -> stub.unlockDDLLock(req), () -> ddlLocks.unlock(req),
                e -> io.sluice.proto.UnlockDDLLockResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    @Override
    public void purgeWorkerRelay(io.sluice.proto.PurgeWorkerRelayRequest req, StreamObserver<io.sluice.proto.PurgeWorkerRelayResponse> out) {
        serve(out, stub -> stub.purgeWorkerRelay(req), () -> relayPurge.purge(req),
                e -> io.sluice.proto.PurgeWorkerRelayResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build());
    }

    interface Body<T> {
        T run();
    }

    /** Serves a request here when this master leads, otherwise forwards it to the leader. */
    private <T> void serve(StreamObserver<T> out, Function<MasterGrpc.MasterBlockingStub, T> forward, Body<T> body,
            Function<Exception, T> onError) {
        T resp;
        try {
            resp = raft.isLeader() ? body.run() : forward.apply(leader.leader());
        } catch (StatusRuntimeException e) {
            LOG.warn("event=forward_failed msg={}", e.getMessage());
            resp = onError.apply(MasterErrors.FORWARD.wrap(e, String.valueOf(raft.leaderId())));
        } catch (SluiceException e) {
            LOG.warn("event=request_failed code={} msg={}", e.code().code(), e.getMessage());
            resp = onError.apply(e);
        } catch (RuntimeException e) {
            LOG.error("event=request_failed", e);
            resp = onError.apply(MasterErrors.INTERNAL_ERROR.wrap(e, "the request"));
        }
        out.onNext(resp);
        out.onCompleted();
    }
}
