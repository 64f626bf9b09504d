package io.sluice.master.api;

import com.linecorp.armeria.client.grpc.GrpcClients;
import io.sluice.common.tls.ComponentTls;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.proto.WorkerControlGrpc;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.WorkerEntry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How the leader calls a worker directly: the worker bound to a source is found in the cluster
 * state, at the address it registered, and called with a deadline so a hung worker costs one
 * command its time, never a master thread. One stub per address, reused.
 */
final class WorkerControlLink {
    private final Duration deadline;
    private final Map<String, WorkerControlGrpc.WorkerControlBlockingStub> stubs = new ConcurrentHashMap<>();

    WorkerControlLink(Duration deadline) {
        this.deadline = deadline;
    }

    /** The worker bound to {@code source}; the 38102 error when none is. */
    static String workerOf(ClusterState state, String source) {
        String worker = ClusterMeta.workerOf(state, source);
        if (worker.isEmpty()) {
            throw MasterErrors.SOURCE_NOT_BOUND.error(source);
        }
        return worker;
    }

    /** Calls {@code worker}; an unreachable or slow worker is the 38008 error naming it. */
    <T> T call(ClusterState state, String worker, String method, Function<WorkerControlGrpc.WorkerControlBlockingStub, T> rpc) {
        WorkerEntry w = state.getWorkersOrDefault(worker, null);
        if (w == null || w.getAddress().isEmpty()) {
            throw MasterErrors.WORKER_NOT_EXIST.error(worker);
        }
        try {
            return rpc.apply(stub(w.getAddress()));
        } catch (RuntimeException e) { // a gRPC status, or the connection refused before one
            throw MasterErrors.WORKER_RPC.wrap(e, method, worker, w.getAddress());
        }
    }

    private WorkerControlGrpc.WorkerControlBlockingStub stub(String address) {
        return stubs.computeIfAbsent(address, a -> GrpcClients.builder(ComponentTls.grpcUrl(LeaderLink.hostPort(a))).factory(ComponentTls.clientFactory())
                .responseTimeout(deadline).build(WorkerControlGrpc.WorkerControlBlockingStub.class));
    }
}
