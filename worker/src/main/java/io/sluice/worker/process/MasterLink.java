package io.sluice.worker.process;

import com.linecorp.armeria.client.grpc.GrpcClients;
import io.sluice.proto.KeepAliveRequest;
import io.sluice.proto.KeepAliveResponse;
import io.sluice.proto.WorkerLinkGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's line to the master group: a keepalive every second to the leader (found by
 * trying the --join addresses in turn), whose reply is the worker's assignment. When no
 * master has answered for the keepalive TTL, the worker stops its subtasks by itself: by then
 * the leader may have given the source to another worker.
 */
public final class MasterLink implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
    private static final long INTERVAL_MS = 1000;

    private final WorkerOptions opts;
    private final BoundSource bound;
    private final List<WorkerLinkGrpc.WorkerLinkBlockingStub> masters = new ArrayList<>();
    private final List<String> addrs = new ArrayList<>();
    private int current;
    private volatile boolean running = true;
    private long lastAnswer = System.currentTimeMillis();
    private boolean selfFenced;

    public MasterLink(WorkerOptions opts, BoundSource bound) {
        this.opts = opts;
        this.bound = bound;
        for (String a : opts.join.split(",")) {
            String addr = a.trim().replaceFirst("^https?://", "");
            addrs.add(addr);
            masters.add(GrpcClients.builder("http://" + addr)
                    .responseTimeout(Duration.ofSeconds(3)).writeTimeout(Duration.ofSeconds(3))
                    .build(WorkerLinkGrpc.WorkerLinkBlockingStub.class));
        }
    }

    @Override
    public void run() {
        while (running) {
            long started = System.currentTimeMillis();
            tick();
            long sleep = INTERVAL_MS - (System.currentTimeMillis() - started);
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    void tick() {
        KeepAliveRequest req = KeepAliveRequest.newBuilder().setName(opts.name).setAddress(opts.advertiseAddr)
                .setBoundSource(bound.source()).setBoundEpoch(bound.epoch())
                .addAllSubTasks(bound.statuses()).setSourceStatus(bound.sourceStatus())
                .setKeepaliveTtl(opts.keepaliveTtl).setRelayKeepaliveTtl(opts.relayKeepaliveTtl).build();
        for (int i = 0; i < masters.size(); i++) {
            int idx = (current + i) % masters.size();
            try {
                KeepAliveResponse resp = masters.get(idx).keepAlive(req);
                if (!resp.getLeader() || !resp.getResult()) {
                    continue;
                }
                current = idx;
                lastAnswer = System.currentTimeMillis();
                if (selfFenced) {
                    LOG.info("event=master_reachable_again worker={} master={}", opts.name, addrs.get(idx));
                    selfFenced = false;
                }
                bound.reconcile(resp.getAssignment());
                return;
            } catch (RuntimeException e) {
                LOG.debug("event=keepalive_failed worker={} master={} msg={}", opts.name, addrs.get(idx), e.getMessage());
            }
        }
        long silent = System.currentTimeMillis() - lastAnswer;
        if (!selfFenced && silent > opts.keepaliveTtl * 1000 && !bound.source().isEmpty()) {
            LOG.warn("event=self_fence worker={} source={} silent_ms={}", opts.name, bound.source(), silent);
            selfFenced = true;
            bound.unbind();
        }
    }

    public void close() {
        running = false;
    }
}
