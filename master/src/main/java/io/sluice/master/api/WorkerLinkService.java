package io.sluice.master.api;

import io.grpc.stub.StreamObserver;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.scheduler.SchedulerLoop;
import io.sluice.proto.Assignment;
import io.sluice.proto.KeepAliveRequest;
import io.sluice.proto.KeepAliveResponse;
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
 * stages), so a worker that missed replies converges on the next one.
 */
public final class WorkerLinkService extends WorkerLinkGrpc.WorkerLinkImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLinkService.class);

    private final RaftGroup raft;
    private final SchedulerLoop scheduler;
    private final String selfClientAddr;

    public WorkerLinkService(RaftGroup raft, SchedulerLoop scheduler, String selfClientAddr) {
        this.raft = raft;
        this.scheduler = scheduler;
        this.selfClientAddr = selfClientAddr;
    }

    @Override
    public void registerWorker(RegisterWorkerRequest req, StreamObserver<RegisterWorkerResponse> out) {
        RegisterWorkerResponse resp;
        try {
            ensureRegistered(req.getName(), req.getAddress());
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
                resp = KeepAliveResponse.newBuilder().setResult(false).setLeader(false)
                        .setMsg("not leader").setLeaderAddr(String.valueOf(raft.leaderId())).build();
            } else {
                ensureRegistered(req.getName(), req.getAddress());
                scheduler.liveness().record(req, System.currentTimeMillis());
                resp = KeepAliveResponse.newBuilder().setResult(true).setLeader(true)
                        .setAssignment(assignment(raft.localState(), req.getName())).build();
            }
        } catch (SluiceException e) {
            resp = KeepAliveResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build();
        }
        out.onNext(resp);
        out.onCompleted();
    }

    private void ensureRegistered(String name, String address) {
        WorkerEntry w = raft.localState().getWorkersOrDefault(name, null);
        if (w == null || !w.getAddress().equals(address)) {
            raft.submit(RaftCommand.newBuilder().setPutWorker(PutWorker.newBuilder().setWorker(
                    WorkerEntry.newBuilder().setName(name).setAddress(address))).build());
            LOG.info("event=worker_registered worker={} addr={} master={}", name, address, selfClientAddr);
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
                .setSourceConfig(source.getConfig());
        for (TaskEntry t : state.getTasksMap().values()) {
            Stage stage = t.getStagesOrDefault(b.getSource(), null);
            if (stage != null) {
                a.addSubTasks(SubTaskAssignment.newBuilder().setTask(t.getName()).setTaskConfig(t.getConfig()).setStage(stage)
                        .setResumes(t.getResumesOrDefault(b.getSource(), 0))
                        .addAllErrorOperations(ClusterMeta.errorOperationsOf(state, t.getName(), b.getSource())));
            }
        }
        return a.build();
    }
}
