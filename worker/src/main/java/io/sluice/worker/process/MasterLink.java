package io.sluice.worker.process;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.sluice.common.config.PasswordCipher;
import io.sluice.common.tls.ComponentTls;
import io.sluice.proto.KeepAliveRequest;
import io.sluice.proto.KeepAliveResponse;
import io.sluice.proto.WorkerLinkGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's line to the master group. Keepalives go to the leader (found by trying the
 * --join addresses in turn) as long polls: the leader holds each one while the worker's
 * assignment is unchanged and answers at once when it changes, so the worker is told of a new
 * binding without delay, and checks in once per hold (a tenth of the TTL, at most a second).
 *
 * <p>Self-fencing: the leader rebinds a source after one TTL without a keepalive from its
 * worker. The worker counts its own TTL from the moment it <em>sent</em> the last keepalive the
 * leader answered, which is no later than the moment the leader heard it; so when no leader
 * has answered for a TTL, the worker stops its subtasks before, or as, the leader gives its
 * source away. A watchdog thread does this, so a keepalive hanging on a dead network (packets
 * dropped, no error) cannot delay it; every call also has a deadline.
 */
public final class MasterLink implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
    private static final long MAX_HOLD_MS = 1000;
    private static final long RETRY_MS = 200;
    /** How long past its hold a keepalive may take before the master counts as unreachable. */
    private static final long DEADLINE_SLACK_MS = 1500;
    private static final long WATCHDOG_MS = 50;

    private final WorkerOptions opts;
    private final BoundSource bound;
    private final List<MasterClient> masters = new ArrayList<>();
    private final long ttlMillis;
    private final long holdMillis;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "self-fence-watchdog");
        t.setDaemon(true);
        return t;
    });
    private int current;
    private volatile boolean running = true;
    /** Send time of the last keepalive a leader answered. */
    private volatile long lastAnsweredSend = System.currentTimeMillis();
    private volatile String heldAssignment = "";
    private boolean selfFenced;

    public MasterLink(WorkerOptions opts, BoundSource bound) {
        this.opts = opts;
        this.bound = bound;
        this.ttlMillis = opts.keepaliveTtl * 1000;
        // The leader counts a worker alive from the arrival of its last keepalive, and the worker
        // counts from the send of its last answered one; a long hold would leave both a hold's
        // length less of the TTL to ride out a leader election. A tenth of the TTL keeps that small.
        this.holdMillis = Math.max(100, Math.min(MAX_HOLD_MS, ttlMillis / 10));
        for (String a : opts.join.split(",")) {
            masters.add(new MasterClient(a.trim().replaceFirst("^https?://", ""), holdMillis + DEADLINE_SLACK_MS));
        }
    }

    @Override
    public void run() {
        watchdog.scheduleWithFixedDelay(this::fenceIfSilent, WATCHDOG_MS, WATCHDOG_MS, TimeUnit.MILLISECONDS);
        while (running) {
            long started = System.currentTimeMillis();
            long pause = tick();
            long sleep = pause - (System.currentTimeMillis() - started);
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One keepalive, to the leader; returns how long after its start the next one should go. */
    long tick() {
        KeepAliveRequest.Builder req = KeepAliveRequest.newBuilder().setName(opts.name).setAddress(opts.advertiseAddr)
                .setBoundSource(bound.source()).setBoundEpoch(bound.epoch())
                .addAllSubTasks(bound.statuses()).setSourceStatus(bound.sourceStatus())
                .setKeepaliveTtl(opts.keepaliveTtl).setRelayKeepaliveTtl(opts.relayKeepaliveTtl).setHeldAssignment(heldAssignment);
        for (int i = 0; i < masters.size() && running; i++) {
            int idx = (current + i) % masters.size();
            MasterClient master = masters.get(idx);
            long sent = System.currentTimeMillis();
            // hold only at the master that led last time: a follower answers at once anyway
            KeepAliveRequest r = req.setHoldMillis(idx == current ? holdMillis : 0).build();
            KeepAliveResponse resp;
            try {
                resp = master.keepAlive(r);
            } catch (RuntimeException e) {
                LOG.debug("event=keepalive_failed worker={} master={} msg={}", opts.name, master.addr, e.getMessage());
                if (System.currentTimeMillis() - sent >= master.deadline.toMillis()) {
                    master.reconnect(); // it ran into its deadline: the connection may have silently stopped carrying bytes
                }
                continue;
            }
            if (!resp.getLeader() || !resp.getResult()) {
                continue;
            }
            current = idx;
            boolean changed = !resp.getAssignmentDigest().equals(heldAssignment);
            // before the assignment: its configs' passwords are sealed with these keys
            PasswordCipher.installClusterKeys(resp.getPasswordKeysList().stream().map(com.google.protobuf.ByteString::toByteArray).toList());
            accept(resp, sent);
            // a reply that brought news calls for the next poll at once; an unchanged one came
            // after the hold (or from a master that does not hold: then we wait it out here)
            return changed ? 0 : holdMillis;
        }
        // no leader found: look again soon, one may be elected any moment
        return RETRY_MS;
    }

    /**
     * Applies a leader's reply, unless the keepalive that drew it was sent more than a TTL ago:
     * by now the leader may have moved the source, and the watchdog will have stopped it here.
     */
    private synchronized void accept(KeepAliveResponse resp, long sent) {
        if (System.currentTimeMillis() - sent > ttlMillis) {
            LOG.info("event=stale_keepalive_reply worker={} sent_ms_ago={}", opts.name, System.currentTimeMillis() - sent);
            return;
        }
        lastAnsweredSend = sent;
        if (selfFenced) {
            LOG.info("event=master_reachable_again worker={} master={}", opts.name, masters.get(current).addr);
            selfFenced = false;
        }
        bound.reconcile(resp.getAssignment());
        heldAssignment = resp.getAssignmentDigest();
    }

    private synchronized void fenceIfSilent() {
        long silent = System.currentTimeMillis() - lastAnsweredSend;
        if (!selfFenced && silent > ttlMillis && !bound.source().isEmpty()) {
            LOG.warn("event=self_fence worker={} source={} epoch={} silent_ms={} ttl_ms={}", opts.name, bound.source(),
                    bound.epoch(), silent, ttlMillis);
            selfFenced = true;
            heldAssignment = "";
            bound.unbind();
            LOG.warn("event=self_fenced worker={} subtasks=stopped", opts.name);
        }
    }

    public void close() {
        running = false;
        watchdog.shutdownNow();
        masters.forEach(MasterClient::close);
    }

    /**
     * One master's address with its own connection, so a connection that stopped carrying
     * bytes (a dropped network, no reset) can be thrown away and dialled afresh.
     */
    private static final class MasterClient {
        final String addr;
        final Duration deadline;
        private ClientFactory factory;
        private WorkerLinkGrpc.WorkerLinkBlockingStub stub;

        MasterClient(String addr, long deadlineMillis) {
            this.addr = addr;
            this.deadline = Duration.ofMillis(deadlineMillis);
            connect();
        }

        private void connect() {
            factory = ComponentTls.configure(ClientFactory.builder().connectTimeout(deadline)).build();
            stub = GrpcClients.builder(ComponentTls.url(addr)).factory(factory)
                    .responseTimeout(deadline).writeTimeout(deadline)
                    .build(WorkerLinkGrpc.WorkerLinkBlockingStub.class);
        }

        KeepAliveResponse keepAlive(KeepAliveRequest req) {
            return stub.keepAlive(req);
        }

        void reconnect() {
            factory.closeAsync();
            connect();
        }

        void close() {
            factory.closeAsync();
        }
    }
}
