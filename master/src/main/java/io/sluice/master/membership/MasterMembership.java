package io.sluice.master.membership;

import com.alipay.sofa.jraft.entity.PeerId;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.scheduler.SchedulerLoop;
import io.sluice.proto.JoinMasterRequest;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.EvictMaster;
import io.sluice.proto.raft.MasterEntry;
import io.sluice.proto.raft.PutMaster;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveMaster;
import io.sluice.proto.raft.RemoveWorker;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of membership: a master joins (its peer enters the raft configuration and
 * its entry the cluster state), a stopped master or an offline worker is removed. Every step is
 * safe to retry, so a caller that lost the reply simply asks again.
 */
public final class MasterMembership {
    private static final Logger LOG = LoggerFactory.getLogger(MasterMembership.class);

    private final RaftGroup raft;
    private final SchedulerLoop scheduler;

    public MasterMembership(RaftGroup raft, SchedulerLoop scheduler) {
        this.raft = raft;
        this.scheduler = scheduler;
    }

    /** Records the master's entry and, when asked and needed, adds its peer; returns the peer URLs after. */
    public synchronized List<String> join(JoinMasterRequest req) {
        if (req.getName().isBlank() || req.getPeerUrl().isBlank() || req.getClientUrl().isBlank()) {
            throw MasterErrors.INVALID_ARGS.error("a joining master needs a name, a peer URL and a client URL");
        }
        PeerId peer = peerOf(req.getPeerUrl());
        ClusterState state = raft.readState();
        List<PeerId> conf = raft.peers();
        MasterEntry sameName = state.getMastersOrDefault(req.getName(), null);
        if (sameName != null && !peerOf(sameName.getPeerUrl()).equals(peer) && conf.contains(peerOf(sameName.getPeerUrl()))) {
            throw MasterErrors.MASTER_NAME_TAKEN.error(req.getName(), sameName.getPeerUrl());
        }
        boolean member = conf.contains(peer);
        if (!member && !req.getAddPeer()) {
            throw MasterErrors.MASTER_NOT_MEMBER.error(req.getName(), req.getPeerUrl());
        }
        // the same peer under an older name (restarted with another --name): one entry per peer
        for (MasterEntry other : state.getMastersMap().values()) {
            if (!other.getName().equals(req.getName()) && peerOf(other.getPeerUrl()).equals(peer)) {
                raft.submit(RaftCommand.newBuilder().setRemoveMaster(RemoveMaster.newBuilder().setName(other.getName())).build());
            }
        }
        MasterEntry entry = MasterEntry.newBuilder().setName(req.getName()).setPeerUrl(req.getPeerUrl())
                .setClientUrl(req.getClientUrl()).build();
        if (!entry.equals(sameName)) {
            raft.submit(RaftCommand.newBuilder().setPutMaster(PutMaster.newBuilder().setMaster(entry)).build());
        }
        if (ClusterMeta.evictionEndedBy(state, req.getName(), req.getIncarnation())) {
            // as in DM, eviction lives as long as the evicted process: a restarted master campaigns again;
            // a registration the evicted process itself sent late (retried at start) clears nothing
            raft.submit(RaftCommand.newBuilder().setEvictMaster(EvictMaster.newBuilder().setName(req.getName())).build());
            LOG.info("event=evict_cleared_on_restart master={}", req.getName());
        }
        if (!member) {
            LOG.info("event=master_joining master={} peer={} client={} members_before={}", req.getName(), req.getPeerUrl(),
                    req.getClientUrl(), conf.size());
            raft.addPeer(peer);
            LOG.info("event=master_joined master={} peer={} members={}", req.getName(), req.getPeerUrl(), raft.peers().size());
        }
        return raft.peers().stream().map(p -> "http://" + p.getEndpoint()).toList();
    }

    /** offline-member --master: only a stopped master, and only while the rest keeps a majority. */
    public synchronized void offlineMaster(String name) {
        ClusterState state = raft.readState();
        List<PeerId> conf = raft.peers();
        MasterEntry entry = state.getMastersOrDefault(name, null);
        if (entry == null) {
            throw MasterErrors.MASTER_NAME_NOT_EXIST.error(name);
        }
        PeerId peer = peerOf(entry.getPeerUrl());
        if (conf.contains(peer)) {
            List<PeerId> alive = raft.alivePeers();
            if (peer.equals(raft.selfId()) || alive.contains(peer)) {
                throw MasterErrors.MASTER_STILL_ALIVE.error(name);
            }
            String risk = quorumRisk(conf, alive, peer);
            if (risk != null) {
                throw MasterErrors.MASTER_QUORUM_AT_RISK.error(name, risk);
            }
            LOG.info("event=master_removing master={} peer={} members_before={}", name, entry.getPeerUrl(), conf.size());
            raft.removePeer(peer);
        }
        raft.submit(RaftCommand.newBuilder().setRemoveMaster(RemoveMaster.newBuilder().setName(name)).build());
        LOG.info("event=master_offlined master={} members={}", name, raft.peers().size());
    }

    /** Why removing {@code peer} could not commit or would leave no majority alive; null when it is safe. */
    static String quorumRisk(List<PeerId> conf, List<PeerId> alive, PeerId peer) {
        if (conf.size() <= 1) {
            return "it is the last member";
        }
        long aliveBefore = conf.stream().filter(alive::contains).count();
        long aliveAfter = conf.stream().filter(p -> !p.equals(peer) && alive.contains(p)).count();
        int after = conf.size() - 1;
        if (aliveBefore < conf.size() / 2 + 1 || aliveAfter < after / 2 + 1) {
            return String.format("only %d of the %d masters are alive, and a change of members needs a majority of the "
                    + "members before (%d) and after (%d)", aliveBefore, conf.size(), conf.size() / 2 + 1, after / 2 + 1);
        }
        return null;
    }

    /** offline-member --worker: only a worker the leader sees offline; its source (if any) is bound elsewhere. */
    public void offlineWorker(String name) {
        ClusterState state = raft.readState();
        if (!state.containsWorkers(name)) {
            throw MasterErrors.WORKER_NOT_EXIST.error(name);
        }
        if (scheduler.liveness().isAlive(name, System.currentTimeMillis())) {
            throw MasterErrors.WORKER_ONLINE.error(name);
        }
        raft.submit(RaftCommand.newBuilder().setRemoveWorker(RemoveWorker.newBuilder().setName(name)).build());
        scheduler.liveness().forget(name);
        scheduler.scheduleNow();
        LOG.info("event=worker_offlined worker={}", name);
    }

    public static PeerId peerOf(String url) {
        String s = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
        s = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        PeerId p = PeerId.parsePeer(s);
        if (p == null || p.isEmpty()) {
            throw MasterErrors.INVALID_ARGS.error("not a peer URL: " + url);
        }
        return p;
    }

    static Optional<MasterEntry> entryOf(ClusterState state, PeerId peer) {
        return state.getMastersMap().values().stream().filter(m -> peerOf(m.getPeerUrl()).equals(peer)).findFirst();
    }
}
