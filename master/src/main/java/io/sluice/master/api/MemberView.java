package io.sluice.master.api;

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
import io.sluice.proto.raft.WorkerEntry;

/** list-member: the leader, the masters and the workers with their stage (free, bound, offline). */
public final class MemberView {
    private final RaftGroup raft;
    private final WorkerLiveness liveness;
    private final String selfName;
    private final String selfClientUrl;
    private final String selfPeerUrl;

    public MemberView(RaftGroup raft, WorkerLiveness liveness, String selfName, String selfClientUrl, String selfPeerUrl) {
        this.raft = raft;
        this.liveness = liveness;
        this.selfName = selfName;
        this.selfClientUrl = selfClientUrl;
        this.selfPeerUrl = selfPeerUrl;
    }

    ListMemberResponse list(ListMemberRequest req, ClusterState state) {
        boolean all = !req.getLeader() && !req.getMaster() && !req.getWorker();
        ListMemberResponse.Builder r = ListMemberResponse.newBuilder().setResult(true);
        if (all || req.getLeader()) {
            r.addMembers(Members.newBuilder().setLeader(ListLeaderMember.newBuilder().setName(selfName).setAddr(selfClientUrl)));
        }
        if (all || req.getMaster()) {
            r.addMembers(Members.newBuilder().setMaster(ListMasterMember.newBuilder().addMasters(MasterInfo.newBuilder()
                    .setName(selfName).setAlive(true).addPeerURLs(selfPeerUrl).addClientURLs(selfClientUrl)
                    .setMemberID(Integer.toUnsignedLong(selfName.hashCode())))));
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

    private WorkerInfo info(ClusterState state, WorkerEntry w, long now) {
        BindingEntry b = ClusterMeta.bindingOfWorker(state, w.getName());
        String stage = !liveness.isAlive(w.getName(), now) ? "offline" : b == null ? "free" : "bound";
        return WorkerInfo.newBuilder().setName(w.getName()).setAddr(w.getAddress()).setStage(stage)
                .setSource(b == null ? "" : b.getSource()).build();
    }
}
