package io.sluice.master.raft;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.closure.ReadIndexClosure;
import com.alipay.sofa.jraft.core.ElectionPriority;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.option.NodeOptions;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.MasterErrors;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * This master's member of the raft group that holds the cluster metadata. Writes go through
 * {@link #submit}; reads the API serves go through {@link #readState} (read-index), so a
 * deposed leader never answers from stale state.
 */
public final class RaftGroup implements AutoCloseable {
    private static final long TIMEOUT_MS = 10_000;
    /** A new member first catches up (snapshot, then log) before the configuration changes. */
    private static final long CONF_CHANGE_TIMEOUT_MS = 60_000;
    public static final String GROUP_ID = "sluice-master";

    private final ClusterStateMachine fsm;
    private final RaftGroupService service;
    private final Node node;

    public RaftGroup(Path dataDir, PeerId self, Configuration initialConf, Consumer<Boolean> leadershipListener) throws IOException {
        Files.createDirectories(dataDir.resolve("raft"));
        this.fsm = new ClusterStateMachine(leadershipListener);
        NodeOptions opts = new NodeOptions();
        opts.setFsm(fsm);
        opts.setInitialConf(initialConf);
        opts.setElectionTimeoutMs(1000);
        opts.setSnapshotIntervalSecs(600);
        opts.setLogUri(dataDir.resolve("raft/log").toString());
        opts.setRaftMetaUri(dataDir.resolve("raft/meta").toString());
        opts.setSnapshotUri(dataDir.resolve("raft/snapshot").toString());
        this.service = new RaftGroupService(GROUP_ID, self, opts);
        this.node = service.start();
    }

    public boolean isLeader() {
        return fsm.isLeader();
    }

    public PeerId leaderId() {
        return node.getLeaderId();
    }

    /**
     * The client address of the current leader, from the masters' entries in the metadata: where
     * a follower forwards API calls, OpenAPI requests and password-key operations.
     */
    public String leaderClientUrl() {
        PeerId leader = leaderId();
        if (leader == null || leader.isEmpty()) {
            throw MasterErrors.NOT_LEADER.error("none elected yet");
        }
        String peer = leader.getEndpoint().toString();
        return localState().getMastersMap().values().stream()
                .filter(m -> !m.getClientUrl().isEmpty() && peerHostPort(m.getPeerUrl()).equals(peer))
                .map(io.sluice.proto.raft.MasterEntry::getClientUrl).findFirst()
                .orElseThrow(() -> MasterErrors.NOT_LEADER.error(peer + " (its client address is not known yet)"));
    }

    private static String peerHostPort(String url) {
        String s = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The members of the group as this member's configuration has them. */
    public java.util.List<PeerId> peers() {
        return node.listPeers();
    }

    /** The members the leader has heard from lately; empty on a follower. */
    public java.util.List<PeerId> alivePeers() {
        if (!isLeader()) {
            return java.util.List.of();
        }
        try {
            return node.listAlivePeers();
        } catch (IllegalStateException e) { // stepped down since the check
            return java.util.List.of();
        }
    }

    public PeerId selfId() {
        return node.getNodeId().getPeerId();
    }

    /** The state as this member has applied it, without a round of the group: for internal use. */
    public ClusterState localState() {
        return fsm.state();
    }

    /** Replicates a command and waits until it is applied here; fails on a follower. */
    public ClusterState submit(RaftCommand cmd) {
        if (!isLeader()) {
            throw MasterErrors.NOT_LEADER.error(String.valueOf(leaderId()));
        }
        CompletableFuture<Status> done = new CompletableFuture<>();
        Task task = new Task(ByteBuffer.wrap(PasswordKeys.sealed(cmd, fsm.state()).toByteArray()), done::complete);
        node.apply(task);
        Status st = await(done);
        if (!st.isOk()) {
            throw MasterErrors.RAFT_WRITE.error(st.getErrorMsg());
        }
        return fsm.state();
    }

    /** A linearizable read of the state (read-index through the leader). */
    public ClusterState readState() {
        CompletableFuture<Status> done = new CompletableFuture<>();
        node.readIndex(new byte[0], new ReadIndexClosure() {
            @Override
            public void run(Status status, long index, byte[] reqCtx) {
                done.complete(status);
            }
        });
        Status st = await(done);
        if (!st.isOk()) {
            throw MasterErrors.RAFT_READ.error(st.getErrorMsg());
        }
        return fsm.state();
    }

    /** Adds a member (joint consensus: it catches up first); returns when the new configuration is committed. */
    public void addPeer(PeerId peer) {
        changeConfiguration("add " + peer, done -> node.addPeer(peer, done::complete));
    }

    /** Removes a member; returns when the new configuration is committed. */
    public void removePeer(PeerId peer) {
        changeConfiguration("remove " + peer, done -> node.removePeer(peer, done::complete));
    }

    private void changeConfiguration(String what, Consumer<CompletableFuture<Status>> change) {
        if (!isLeader()) {
            throw MasterErrors.NOT_LEADER.error(String.valueOf(leaderId()));
        }
        CompletableFuture<Status> done = new CompletableFuture<>();
        change.accept(done);
        Status st = await(done, CONF_CHANGE_TIMEOUT_MS);
        if (!st.isOk()) {
            throw MasterErrors.RAFT_WRITE.error(what + ": " + st.getErrorMsg());
        }
    }

    /** Asks jraft to hand leadership to {@code peer} once its log has caught up. */
    public Status transferLeadershipTo(PeerId peer) {
        return node.transferLeadershipTo(peer);
    }

    /**
     * Whether this member starts elections when it hears no leader. jraft reads the priority of
     * its own server id before each election, and a priority of 0 means "never elect"; the id
     * behind {@link Node#getNodeId()} is that same object, so changing it takes effect at the
     * next election timeout. A member that does not campaign still votes and replicates.
     */
    public void setCampaigning(boolean campaigning) {
        PeerId own = node.getNodeId().getPeerId();
        int priority = campaigning ? ElectionPriority.Disabled : ElectionPriority.NotElected;
        if (own.getPriority() != priority) {
            own.setPriority(priority);
        }
    }

    public boolean isCampaigning() {
        return node.getNodeId().getPeerId().getPriority() != ElectionPriority.NotElected;
    }

    private static Status await(CompletableFuture<Status> f) {
        return await(f, TIMEOUT_MS);
    }

    private static Status await(CompletableFuture<Status> f, long timeoutMs) {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw MasterErrors.RAFT_WRITE.error("no quorum answered within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MasterErrors.RAFT_WRITE.error("interrupted");
        } catch (ExecutionException e) {
            throw (e.getCause() instanceof SluiceException se) ? se : MasterErrors.RAFT_WRITE.wrap(e.getCause(), "apply failed");
        }
    }

    @Override
    public void close() {
        service.shutdown();
        try {
            service.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
