package io.sluice.master.api;

import com.linecorp.armeria.client.grpc.GrpcClients;
import io.sluice.common.tls.ComponentTls;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.MasterGrpc;
import io.sluice.proto.WorkerLinkGrpc;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a follower reaches the leader's client API to forward a request: the raft leader's peer
 * address is matched to the client address the leader recorded in the cluster state when it
 * was elected.
 */
final class LeaderLink {
    private final RaftGroup raft;
    private final Map<String, MasterGrpc.MasterBlockingStub> stubs = new ConcurrentHashMap<>();
    private final Map<String, WorkerLinkGrpc.WorkerLinkBlockingStub> workerStubs = new ConcurrentHashMap<>();

    LeaderLink(RaftGroup raft) {
        this.raft = raft;
    }

    MasterGrpc.MasterBlockingStub leader() {
        return stubs.computeIfAbsent(raft.leaderClientUrl(), url -> GrpcClients.builder(ComponentTls.url(url)).factory(ComponentTls.clientFactory())
                .responseTimeout(Duration.ofMinutes(2)).build(MasterGrpc.MasterBlockingStub.class));
    }

    /** The leader's worker endpoint, with a keepalive's short deadline. */
    WorkerLinkGrpc.WorkerLinkBlockingStub workerLink() {
        return workerStubs.computeIfAbsent(raft.leaderClientUrl(), url -> GrpcClients.builder(ComponentTls.url(url)).factory(ComponentTls.clientFactory())
                .responseTimeout(Duration.ofSeconds(5)).build(WorkerLinkGrpc.WorkerLinkBlockingStub.class));
    }

    static String hostPort(String url) {
        String s = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
