package io.sluice.master.api;

import com.alipay.sofa.jraft.entity.PeerId;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.scheduler.WorkerLiveness;
import io.sluice.proto.ListLeaderMember;
import io.sluice.proto.ListMasterMember;
import io.sluice.proto.ListMemberRequest;
import io.sluice.proto.ListMemberResponse;
import io.sluice.proto.ListWorkerMember;
import io.sluice.proto.MasterInfo;
import io.sluice.proto.Members;
import io.sluice.proto.WorkerInfo;
import io.sluice.proto.raft.BindingEntry;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.MasterEntry;
import io.sluice.proto.raft.WorkerEntry;
import java.util.List;

/**
 * list-member: the leader, the masters of the raft group (alive as the leader sees them) and the
 * workers with their stage (free, bound, offline). Served by the leader: followers forward it.
 */
public final class MemberView {
    private final RaftGroup raft;
    private final WorkerLiveness liveness;

    public MemberView(RaftGroup raft, WorkerLiveness liveness) {
        this.raft = raft;
        this.liveness = liveness;
    }

    ListMemberResponse list(ListMemberRequest req, ClusterState state) {
        boolean all = !req.getLeader() && !req.getMaster() && !req.getWorker();
        ListMemberResponse.Builder r = ListMemberResponse.newBuilder().setResult(true);
        if (all || req.getLeader()) {
            MasterEntry leader = entryOf(state, raft.leaderId());
            r.addMembers(Members.newBuilder().setLeader(ListLeaderMember.newBuilder()
                    .setName(leader == null ? "" : leader.getName()).setAddr(leader == null ? "" : leader.getClientUrl())));
        }
        if (all || req.getMaster()) {
            List<PeerId> alive = raft.alivePeers();
            ListMasterMember.Builder mm = ListMasterMember.newBuilder();
            List<MasterInfo> masters = new java.util.ArrayList<>();
            for (PeerId p : raft.peers()) {
                MasterEntry e = entryOf(state, p);
                String name = e == null ? p.getEndpoint().toString() : e.getName();
                if (!req.getNamesList().isEmpty() && !req.getNamesList().contains(name)) {
                    continue;
                }
                MasterInfo.Builder info = MasterInfo.newBuilder().setName(name).setAlive(alive.contains(p))
                        .addPeerURLs("http://" + p.getEndpoint()).setMemberID(Integer.toUnsignedLong(p.getEndpoint().hashCode()));
                if (e != null && !e.getClientUrl().isEmpty()) {
                    info.addClientURLs(e.getClientUrl());
                }
                masters.add(info.build());
            }
            masters.stream().sorted(java.util.Comparator.comparing(MasterInfo::getName)).forEach(mm::addMasters);
            r.addMembers(Members.newBuilder().setMaster(mm));
        }
        if (all || req.getWorker()) {
            ListWorkerMember.Builder wm = ListWorkerMember.newBuilder();
            long now = System.currentTimeMillis();
            state.getWorkersMap().values().stream().sorted((a, b) -> a.getName().compareTo(b.getName()))
                    .filter(w -> req.getNamesCount() == 0 || req.getNamesList().contains(w.getName()))
                    .forEach(w -> wm.addWorkers(info(state, w, now)));
            r.addMembers(Members.newBuilder().setWorker(wm));
        }
        return r.build();
    }

    private static MasterEntry entryOf(ClusterState state, PeerId peer) {
        if (peer == null || peer.isEmpty()) {
            return null;
        }
        String hostPort = peer.getEndpoint().toString();
        return state.getMastersMap().values().stream().filter(m -> LeaderLink.hostPort(m.getPeerUrl()).equals(hostPort))
                .findFirst().orElse(null);
    }

    /** Each registered worker's stage (offline, free, bound) in the leader's current view. */
    public java.util.Map<String, String> workerStages() {
        ClusterState state = raft.localState();
        long now = System.currentTimeMillis();
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        state.getWorkersMap().values().forEach(w -> out.put(w.getName(), stage(state, w, now)));
        return out;
    }

    private String stage(ClusterState state, WorkerEntry w, long now) {
        BindingEntry b = ClusterMeta.bindingOfWorker(state, w.getName());
        return !liveness.isAlive(w.getName(), now) ? "offline" : b == null ? "free" : "bound";
    }

    private WorkerInfo info(ClusterState state, WorkerEntry w, long now) {
        BindingEntry b = ClusterMeta.bindingOfWorker(state, w.getName());
        String stage = stage(state, w, now);
        return WorkerInfo.newBuilder().setName(w.getName()).setAddr(w.getAddress()).setStage(stage)
                .setSource(b == null ? "" : b.getSource()).build();
    }
}
