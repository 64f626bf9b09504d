package io.sluice.master.membership;

import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.entity.PeerId;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.EvictMaster;
import io.sluice.proto.raft.RaftCommand;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * operate-leader evict / cancel-evict. The evicted masters are part of the replicated state, and
 * every master checks it a few times a second: an evicted one stops campaigning, and if it leads
 * it hands leadership to a live master that is not evicted. So eviction holds across elections,
 * and a restarted master is cleared when it registers (DM keeps the flag in the process).
 * An evicted master campaigns again after {@link #LEADERLESS_GRACE_MS} without any leader, so
 * evicting never costs the cluster its availability.
 */
public final class LeaderEviction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderEviction.class);
    static final long LEADERLESS_GRACE_MS = 15_000;
    private static final long HANDOVER_RETRY_MS = 3_000;

    private final RaftGroup raft;
    private final String self;
    private final String incarnation;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "leader-eviction");
        t.setDaemon(true);
        return t;
    });
    private long lastLeaderSeenAt = System.currentTimeMillis();
    private long lastHandoverAt;

    public LeaderEviction(RaftGroup raft, String selfName, String incarnation) {
        this.raft = raft;
        this.self = selfName;
        this.incarnation = incarnation;
    }

    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick(System.currentTimeMillis());
            } catch (SluiceException e) {
                LOG.warn("event=eviction_check_failed master={} msg={}", self, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("event=eviction_check_failed master={}", self, e);
            }
        }, 300, 300, TimeUnit.MILLISECONDS);
    }

    /** operate-leader evict, served by the leader: it marks itself evicted and hands over. */
    public synchronized void evictSelf() {
        ClusterState state = raft.readState();
        PeerId successor = successor(state).orElseThrow(() -> MasterErrors.EVICT_NO_SUCCESSOR.error(self));
        raft.submit(RaftCommand.newBuilder().setEvictMaster(EvictMaster.newBuilder().setName(self).setEvict(true).setIncarnation(incarnation)).build());
        LOG.info("event=leader_evicted master={} successor={}", self, successor);
        handOver(successor, System.currentTimeMillis());
    }

    /** operate-leader cancel-evict: every evicted master may campaign again. */
    public synchronized void cancelAll() {
        ClusterState state = raft.readState();
        if (state.getEvictedMastersCount() > 0) {
            raft.submit(RaftCommand.newBuilder().setEvictMaster(EvictMaster.newBuilder()).build());
            LOG.info("event=evict_cancelled masters={}", state.getEvictedMastersList());
        }
    }

    synchronized void tick(long now) {
        PeerId leader = raft.leaderId();
        if (leader != null && !leader.isEmpty()) {
            lastLeaderSeenAt = now;
        }
        ClusterState state = raft.localState();
        boolean evicted = state.getEvictedMastersList().contains(self);
        boolean campaign = !evicted || now - lastLeaderSeenAt > LEADERLESS_GRACE_MS;
        if (campaign != raft.isCampaigning()) {
            raft.setCampaigning(campaign);
            LOG.info("event=campaigning_changed master={} campaigning={} evicted={} leaderless_ms={}", self, campaign, evicted,
                    now - lastLeaderSeenAt);
        }
        if (evicted && raft.isLeader() && now - lastHandoverAt > HANDOVER_RETRY_MS) {
            successor(state).ifPresent(p -> handOver(p, now));
        }
    }

    private void handOver(PeerId successor, long now) {
        lastHandoverAt = now;
        Status st = raft.transferLeadershipTo(successor);
        if (!st.isOk()) {
            LOG.warn("event=leader_handover_failed master={} successor={} msg={}", self, successor, st.getErrorMsg());
        } else {
            LOG.info("event=leader_handover master={} successor={}", self, successor);
        }
    }

    /** A live member other than this one whose master is not evicted; the leader alone knows who is alive. */
    private Optional<PeerId> successor(ClusterState state) {
        PeerId me = raft.selfId();
        return raft.alivePeers().stream()
                .filter(p -> !p.equals(me))
                .filter(p -> MasterMembership.entryOf(state, p).map(m -> !state.getEvictedMastersList().contains(m.getName())).orElse(true))
                .min(Comparator.comparing(p -> p.getEndpoint().toString()));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
