package io.sluice.master.api;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.shardddl.optimism.OptimisticCoordinator;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.scheduler.KeepaliveTtl;
import io.sluice.master.scheduler.SchedulerLoop;
import io.sluice.master.shardddl.pessimism.PessimisticCoordinator;
import io.sluice.proto.Assignment;
import io.sluice.proto.KeepAliveRequest;
import io.sluice.proto.KeepAliveResponse;
import io.sluice.proto.OptimisticShardDdlRequest;
import io.sluice.proto.OptimisticShardDdlResponse;
import io.sluice.proto.OptimisticShardTablesRequest;
import io.sluice.proto.PessimisticShardDdlRequest;
import io.sluice.proto.PessimisticShardDdlResponse;
import io.sluice.proto.RegisterWorkerRequest;
import io.sluice.proto.RegisterWorkerResponse;
import io.sluice.proto.Stage;
import io.sluice.proto.SubTaskAssignment;
import io.sluice.proto.WorkerLinkGrpc;
import io.sluice.proto.raft.BindingEntry;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutWorker;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.TaskEntry;
import io.sluice.proto.raft.WorkerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where workers register and keep alive. Each keepalive reply carries the worker's whole
 * assignment (its bound source with the binding epoch, and the subtasks with their expected
 * stages), so a worker that missed replies converges on the next one. A keepalive whose worker
 * already holds the current assignment is held (a long poll) and answered as soon as the
 * assignment changes: a source rebound by the scheduler starts on its new worker at once.
 */
public final class WorkerLinkService extends WorkerLinkGrpc.WorkerLinkImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLinkService.class);
    /** Longest hold of a keepalive, whatever the worker asks: it must come back well within any TTL. */
    private static final long MAX_HOLD_MS = 5_000;
    private static final long POLL_MS = 5;

    private final RaftGroup raft;
    private final SchedulerLoop scheduler;
    private final String selfClientAddr;
    private final KeepaliveTtl keepaliveTtl;
    private final LeaderLink leader;
    private final OptimisticCoordinator optimist;
    private final PessimisticCoordinator pessimist;

    public WorkerLinkService(RaftGroup raft, SchedulerLoop scheduler, String selfClientAddr) {
        this.raft = raft;
        this.scheduler = scheduler;
        this.selfClientAddr = selfClientAddr;
        this.leader = new LeaderLink(raft);
        this.optimist = new OptimisticCoordinator(raft);
        this.pessimist = new PessimisticCoordinator(raft);
        this.keepaliveTtl = new KeepaliveTtl(scheduler.liveness().defaultTtlMillis(), KeepaliveTtl.DEFAULT_RELAY_MILLIS);
    }

    @Override
    public void registerWorker(RegisterWorkerRequest req, StreamObserver<RegisterWorkerResponse> out) {
        RegisterWorkerResponse resp;
        try {
            ensureRegistered(req.getName(), req.getAddress(), 0);
            resp = RegisterWorkerResponse.newBuilder().setResult(true).build();
        } catch (SluiceException e) {
            resp = RegisterWorkerResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build();
        }
        out.onNext(resp);
        out.onCompleted();
    }

    @Override
    public void keepAlive(KeepAliveRequest req, StreamObserver<KeepAliveResponse> out) {
        KeepAliveResponse resp;
        try {
            if (!raft.isLeader()) {
                resp = forwardToLeader(req);
            } else {
                ensureRegistered(req.getName(), req.getAddress(), req.getKeepaliveTtl() * 1000);
                scheduler.heard(req, keepaliveTtl.millisFor(raft.localState(), req), System.currentTimeMillis());
                resp = answerWhenChanged(req);
            }
        } catch (SluiceException e) {
            resp = KeepAliveResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resp = KeepAliveResponse.newBuilder().setResult(false).setMsg("master stopping").build();
        }
        out.onNext(resp);
        out.onCompleted();
    }

    /**
     * The worker's assignment, once it differs from the one the worker holds or the hold the
     * worker asked for is over. Watching the local state is enough: every binding and stage
     * change is applied here first, since this master leads.
     */
    private KeepAliveResponse answerWhenChanged(KeepAliveRequest req) throws InterruptedException {
        long until = System.currentTimeMillis() + Math.min(MAX_HOLD_MS, Math.max(0, req.getHoldMillis()));
        ClusterState state = raft.localState();
        Assignment a = assignment(state, req.getName());
        String digest = digest(a);
        while (digest.equals(req.getHeldAssignment()) && System.currentTimeMillis() < until) {
            Thread.sleep(POLL_MS);
            if (!raft.isLeader()) {
                return KeepAliveResponse.newBuilder().setResult(false).setLeader(false)
                        .setMsg("not leader").setLeaderAddr(String.valueOf(raft.leaderId())).build();
            }
            ClusterState now = raft.localState();
            if (now != state) {
                state = now;
                a = assignment(state, req.getName());
                digest = digest(a);
            }
        }
        return KeepAliveResponse.newBuilder().setResult(true).setLeader(true).setAssignment(a).setAssignmentDigest(digest)
                .addAllPasswordKeys(state.getPasswordKeysList()).build();
    }

    /** Equal for equal assignments on every master: an assignment has no maps, and its subtasks are in name order. */
    static String digest(Assignment a) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(a.toByteArray()), 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A worker may know only some of the masters (those of its --join, from before the group
     * grew), so a follower passes its keepalive on to the leader rather than turning it away.
     */
    private KeepAliveResponse forwardToLeader(KeepAliveRequest req) {
        try {
            return leader.workerLink().keepAlive(req);
        } catch (SluiceException | StatusRuntimeException e) {
            return KeepAliveResponse.newBuilder().setResult(false).setLeader(false)
                    .setMsg("not leader, and the leader is not reachable from here: " + e.getMessage())
                    .setLeaderAddr(String.valueOf(raft.leaderId())).build();
        }
    }

    /** Records the worker, its address and its TTL (when given, > 0) in the metadata, if any of them is new. */
    private void ensureRegistered(String name, String address, long ttlMillis) {
        WorkerEntry w = raft.localState().getWorkersOrDefault(name, null);
        long ttl = ttlMillis > 0 ? ttlMillis : w == null ? 0 : w.getKeepaliveTtlMillis();
        if (w == null || !w.getAddress().equals(address) || w.getKeepaliveTtlMillis() != ttl) {
            raft.submit(RaftCommand.newBuilder().setPutWorker(PutWorker.newBuilder().setWorker(
                    WorkerEntry.newBuilder().setName(name).setAddress(address).setKeepaliveTtlMillis(ttl))).build());
            LOG.info("event=worker_registered worker={} addr={} keepalive_ttl_ms={} master={}", name, address, ttl, selfClientAddr);
        }
    }

    static Assignment assignment(ClusterState state, String worker) {
        BindingEntry b = ClusterMeta.bindingOfWorker(state, worker);
        if (b == null) {
            return Assignment.getDefaultInstance();
        }
        SourceEntry source = state.getSourcesOrDefault(b.getSource(), null);
        if (source == null) {
            return Assignment.getDefaultInstance();
        }
        Assignment.Builder a = Assignment.newBuilder().setSource(b.getSource()).setEpoch(b.getEpoch())
                .setSourceConfig(source.getConfig()).setRelay(RelayOperations.assignment(state, b.getSource(), worker));
        // in task name order, so every master builds the same bytes (and digest) for the same assignment
        for (TaskEntry t : state.getTasksMap().values().stream().sorted(java.util.Comparator.comparing(TaskEntry::getName)).toList()) {
            Stage stage = t.getStagesOrDefault(b.getSource(), null);
            // a stopped subtask is not the worker's to run: it halts it and keeps its checkpoint
            if (stage != null && stage != Stage.Stopped) {
                a.addSubTasks(SubTaskAssignment.newBuilder().setTask(t.getName()).setTaskConfig(t.getConfig()).setStage(stage)
                        .setResumes(t.getResumesOrDefault(b.getSource(), 0))
                        .addAllErrorOperations(ClusterMeta.errorOperationsOf(state, t.getName(), b.getSource())));
            }
        }
        return a.build();
    }

    @Override
    public void optimisticShardTables(OptimisticShardTablesRequest req, StreamObserver<OptimisticShardDdlResponse> out) {
        out.onNext(optimist.tables(req));
        out.onCompleted();
    }

    @Override
    public void optimisticShardDdl(OptimisticShardDdlRequest req, StreamObserver<OptimisticShardDdlResponse> out) {
        out.onNext(optimist.trySync(req));
        out.onCompleted();
    }

    @Override
    public void optimisticShardDdlDone(OptimisticShardDdlRequest req, StreamObserver<OptimisticShardDdlResponse> out) {
        out.onNext(optimist.done(req));
        out.onCompleted();
    }

    /** The pessimistic locks, for show-ddl-locks and unlock-ddl-lock. */
    public PessimisticCoordinator pessimist() {
        return pessimist;
    }

    @Override
    public void pessimisticShardDdl(PessimisticShardDdlRequest req,
            StreamObserver<PessimisticShardDdlResponse> out) {
        out.onNext(pessimist.trySync(req));
        out.onCompleted();
    }

    @Override
    public void pessimisticShardDdlDone(PessimisticShardDdlRequest req,
            StreamObserver<PessimisticShardDdlResponse> out) {
        out.onNext(pessimist.done(req));
        out.onCompleted();
    }
}
