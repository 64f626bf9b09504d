package io.sluice.master.membership;

import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.sluice.common.tls.ComponentTls;
import io.sluice.master.MasterErrors;
import io.sluice.proto.JoinMasterRequest;
import io.sluice.proto.JoinMasterResponse;
import io.sluice.proto.MasterGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A starting master makes itself known to the group, in the background until it succeeds: a new
 * master started with --join asks to be added (its raft node already runs with an empty
 * configuration and learns the real one from the leader's log); any other master, restarted or
 * initial, records its client address. The data dir keeps a marker once the join succeeded, so a
 * restart with the same flags never asks to be added again, and a master that was offlined is
 * not silently re-added by restarting it.
 */
public final class SelfRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(SelfRegistration.class);
    private static final String JOINED_MARKER = "joined";

    private final JoinMasterRequest request;
    private final List<String> targets;
    private final Path marker;
    private volatile boolean done;

    /**
     * @param joinAddrs the --join client addresses (empty for an --initial-cluster member)
     * @param selfAddr  this master's own client address: it forwards to the leader like any follower
     */
    public SelfRegistration(String name, String incarnation, String peerUrl, String clientUrl, Path dataDir, List<String> joinAddrs,
            String selfAddr) {
        this.marker = dataDir.resolve(JOINED_MARKER);
        boolean addPeer = !joinAddrs.isEmpty() && !Files.exists(marker);
        this.request = JoinMasterRequest.newBuilder().setName(name).setPeerUrl(peerUrl).setClientUrl(clientUrl)
                .setAddPeer(addPeer).setIncarnation(incarnation).build();
        this.targets = new ArrayList<>();
        if (!addPeer) {
            targets.add(selfAddr);
        }
        targets.addAll(joinAddrs);
    }

    /** True when this master asks to be added to the group (a first start with --join). */
    public boolean joining() {
        return request.getAddPeer();
    }

    public boolean done() {
        return done;
    }

    public void start() {
        Thread t = new Thread(this::run, "self-registration");
        t.setDaemon(true);
        t.start();
    }

    /** No master took the registration this round; {@code getMessage()} is the last answer. */
    private static final class NotYet extends RuntimeException {
        NotYet(String last) {
            super(last, null, false, false);
        }
    }

    private void run() {
        RetryPolicy<Void> untilTaken = RetryPolicy.<Void>builder().handle(NotYet.class).withDelay(Duration.ofSeconds(1)).withMaxRetries(-1)
                .onRetry(e -> {
                    if (e.getAttemptCount() % 10 == 1) {
                        LOG.warn("event=master_registration_retry master={} join={} attempt={} msg={}", request.getName(),
                                request.getAddPeer(), e.getAttemptCount(), e.getLastException().getMessage());
                    }
                }).build();
        try {
            Failsafe.with(untilTaken).run(this::oneRound);
        } catch (dev.failsafe.FailsafeException interrupted) {
            // the master is shutting down
        }
    }

    /** Asks each target once: registered (done), refused for good (logged, no retry), or NotYet. */
    private void oneRound() {
        String lastError = "";
        for (String addr : targets) {
            try {
                JoinMasterResponse r = stub(addr).joinMaster(request);
                if (r.getResult()) {
                    if (request.getAddPeer()) {
                        writeMarker();
                    }
                    LOG.info("event=master_registered master={} joined={} via={} members={}", request.getName(),
                            request.getAddPeer(), addr, r.getPeerURLsList());
                    done = true;
                    return;
                }
                lastError = r.getMsg();
                if (lastError.contains("code=" + MasterErrors.MASTER_NOT_MEMBER.code())
                        || lastError.contains("code=" + MasterErrors.MASTER_NAME_TAKEN.code())) {
                    LOG.error("event=master_registration_refused master={} via={} msg={}", request.getName(), addr, lastError);
                    return;
                }
            } catch (RuntimeException e) {
                lastError = e.getMessage();
            }
        }
        throw new NotYet(lastError);
    }

    private void writeMarker() {
        try {
            Files.writeString(marker, request.getName() + "\n");
        } catch (IOException e) {
            // harmless: the next start asks to join again, which a member's leader answers with success
            LOG.warn("event=join_marker_unwritten path={} msg={}", marker, e.getMessage());
        }
    }

    private static MasterGrpc.MasterBlockingStub stub(String addr) {
        return GrpcClients.builder(ComponentTls.url(addr)).factory(ComponentTls.clientFactory()).responseTimeout(Duration.ofSeconds(90)).build(MasterGrpc.MasterBlockingStub.class);
    }
}
