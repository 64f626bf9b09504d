package io.sluice.master.scheduler;

import io.sluice.common.errors.SluiceException;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.raft.ClusterState;
import io.sluice.master.MasterErrors;
import io.sluice.master.membership.MasterMembership;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.proto.raft.Bind;
import io.sluice.proto.raft.MasterEntry;
import io.sluice.proto.raft.Unbind;
import io.sluice.proto.raft.PutMaster;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.KeepAliveRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the binding scheduler on the leader: the moment a worker's keepalive TTL runs out (each
 * keepalive arms a timer for its own expiry), every half second as a safety net, and on demand.
 */
public final class SchedulerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerLoop.class);

    private final RaftGroup raft;
    private final WorkerLiveness liveness;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "binding-scheduler");
        t.setDaemon(true);
        return t;
    });

    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    private final MasterEntry self;
    private final java.util.List<MasterEntry> initialMembers;

    /** @param initialMembers the --initial-cluster members (name and peer URL), recorded once so list-member can name them */
    public SchedulerLoop(RaftGroup raft, WorkerLiveness liveness, MasterEntry self, java.util.List<MasterEntry> initialMembers) {
        this.raft = raft;
        this.liveness = liveness;
        this.self = self;
        this.initialMembers = initialMembers;
        timer.setRemoveOnCancelPolicy(true); // each keepalive re-arms its worker's expiry: do not pile up the old ones
    }

    public WorkerLiveness liveness() {
        return liveness;
    }

    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                if (raft.isLeader()) {
                    recordSelf();
                    scheduleNow();
                }
            } catch (SluiceException e) {
                LOG.warn("event=schedule_failed msg={}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("event=schedule_failed", e);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** A new leader writes down its client address, so followers know where to forward requests. */
    private void recordSelf() {
        if (!self.equals(raft.localState().getMastersOrDefault(self.getName(), null))) {
            raft.submit(RaftCommand.newBuilder().setPutMaster(PutMaster.newBuilder().setMaster(self)).build());
            LOG.info("event=leader_recorded name={} client={}", self.getName(), self.getClientUrl());
        }
        for (MasterEntry m : initialMembers) {
            // an initial member that was offlined since is not named again
            if (!raft.localState().containsMasters(m.getName()) && raft.peers().contains(MasterMembership.peerOf(m.getPeerUrl()))) {
                raft.submit(RaftCommand.newBuilder().setPutMaster(PutMaster.newBuilder().setMaster(m)).build());
            }
        }
    }

    /** Called when this master becomes leader: nobody is declared dead for one TTL, and nobody later. */
    public void onLeaderStart() {
        Map<String, Long> known = new java.util.HashMap<>();
        raft.localState().getWorkersMap().forEach((name, w) -> known.put(name, w.getKeepaliveTtlMillis()));
        liveness.graceAll(known, System.currentTimeMillis());
        known.keySet().forEach(this::armExpiry);
    }

    /** A keepalive arrived: the worker lives for another TTL from now, and is rescheduled the moment it lapses. */
    public void heard(KeepAliveRequest req, long ttlMillis, long now) {
        liveness.record(req, ttlMillis, now);
        armExpiry(req.getName());
    }

    private void armExpiry(String worker) {
        WorkerLiveness.Heard h = liveness.last(worker);
        if (h == null) {
            return;
        }
        long delay = Math.max(0, h.atMillis() + h.ttlMillis() + 1 - System.currentTimeMillis());
        ScheduledFuture<?> previous = expiries.put(worker, timer.schedule(() -> onExpiry(worker), delay, TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void onExpiry(String worker) {
        WorkerLiveness.Heard h = liveness.last(worker);
        long now = System.currentTimeMillis();
        if (h == null || !raft.isLeader()) {
            return;
        }
        if (h.aliveAt(now)) { // the timer fired a hair early by the wall clock, or a keepalive came in meanwhile
            armExpiry(worker);
            return;
        }
        LOG.info("event=worker_ttl_expired worker={} silent_ms={} ttl_ms={}", worker, now - h.atMillis(), h.ttlMillis());
        try {
            scheduleNow();
        } catch (SluiceException e) {
            LOG.warn("event=schedule_failed worker={} msg={}", worker, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("event=schedule_failed worker={}", worker, e);
        }
    }

    /**
     * transfer-source: moves a source to a free live worker. The new binding has a newer epoch,
     * so whatever the old worker still has in flight is fenced off at the target. Runs under the
     * scheduler's lock, so the periodic scheduling cannot bind the source elsewhere in between.
     */
    public synchronized ClusterState transfer(String source, String worker) {
        ClusterState state = raft.localState();
        if (!state.containsSources(source)) {
            throw MasterErrors.SOURCE_NOT_EXIST.error(source);
        }
        if (worker.equals(ClusterMeta.workerOf(state, source))) {
            return state;
        }
        long now = System.currentTimeMillis();
        if (!state.containsWorkers(worker) || !liveness.isAlive(worker, now)) {
            throw MasterErrors.WORKER_NOT_FREE.error(worker, "not registered or offline");
        }
        if (ClusterMeta.bindingOfWorker(state, worker) != null) {
            throw MasterErrors.WORKER_NOT_FREE.error(worker, "bound to " + ClusterMeta.bindingOfWorker(state, worker).getSource());
        }
        raft.submit(RaftCommand.newBuilder().setUnbind(Unbind.newBuilder().setSource(source)).build());
        state = raft.submit(RaftCommand.newBuilder().setBind(Bind.newBuilder().setSource(source).setWorker(worker)).build());
        LOG.info("event=source_transferred source={} worker={} epoch={}", source, worker, state.getBindingsOrThrow(source).getEpoch());
        return state;
    }

    /** Applies the scheduler's decisions now and returns the state after them. */
    public synchronized ClusterState scheduleNow() {
        ClusterState state = raft.localState();
        List<RaftCommand> cmds = BindingScheduler.decide(state, liveness.alive(System.currentTimeMillis()));
        for (RaftCommand c : cmds) {
            LOG.info("event=binding_change {}", c.toString().replace('\n', ' ').trim());
            state = raft.submit(c);
        }
        return state;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
