package io.sluice.worker.sync.shard;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.sluice.common.errors.OptimisticShardDdlErrors;
import io.sluice.common.tls.ComponentTls;
import io.sluice.proto.OptimisticShardDdlRequest;
import io.sluice.proto.OptimisticShardDdlResponse;
import io.sluice.proto.OptimisticShardTablesRequest;
import io.sluice.proto.PessimisticShardDdlRequest;
import io.sluice.proto.PessimisticShardDdlResponse;
import io.sluice.proto.WorkerLinkGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's calls to the master leader for shard DDL coordination, both shard modes. The
 * masters of --join are tried in turn until one answers as leader; while there is none (an
 * election after the leader died) the call keeps trying for {@link #PATIENCE}, as the change
 * cannot go on without a decision.
 */
public final class MasterShardLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterShardLink.class);
    static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);
    private static final Duration RETRY_DELAY = Duration.ofMillis(300);

    private final List<WorkerLinkGrpc.WorkerLinkBlockingStub> masters = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private final ClientFactory factory = ComponentTls.configure(ClientFactory.builder().connectTimeout(Duration.ofSeconds(3))).build();
    /** The master that answered as leader last; shared by every subtask's calls, which run concurrently. */
    private volatile int current;

    /** @param join the master client addresses, comma separated */
    public MasterShardLink(String join) {
        for (String a : join.split(",")) {
            String addr = a.trim().replaceFirst("^https?://", "");
            addresses.add(addr);
            masters.add(GrpcClients.builder(ComponentTls.url(addr)).factory(factory).responseTimeout(CALL_DEADLINE)
                    .build(WorkerLinkGrpc.WorkerLinkBlockingStub.class));
        }
    }

    public OptimisticShardDdlResponse tables(OptimisticShardTablesRequest r) {
        return call("tables", s -> s.optimisticShardTables(r));
    }

    public OptimisticShardDdlResponse trySync(OptimisticShardDdlRequest r) {
        return trySync(r, () -> false);
    }

    /** As {@link #pessimistic}, {@code stopping} ends the wait for a leader. */
    public OptimisticShardDdlResponse trySync(OptimisticShardDdlRequest r, BooleanSupplier stopping) {
        return call("try_sync", s -> s.optimisticShardDdl(r), OptimisticShardDdlResponse::getLeader, OptimisticShardDdlResponse::getMsg,
                stopping);
    }

    public OptimisticShardDdlResponse done(OptimisticShardDdlRequest r) {
        return done(r, () -> false);
    }

    public OptimisticShardDdlResponse done(OptimisticShardDdlRequest r, BooleanSupplier stopping) {
        return call("done", s -> s.optimisticShardDdlDone(r), OptimisticShardDdlResponse::getLeader, OptimisticShardDdlResponse::getMsg,
                stopping);
    }

    /**
     * shard-mode pessimistic: this source's shards all ran the DDLs; the answer says what to do now.
     * While no leader answers, the call gives up as soon as {@code stopping} says so (null when
     * the subtask is stopping: a stop must not wait out an election).
     */
    public PessimisticShardDdlResponse pessimistic(PessimisticShardDdlRequest r, BooleanSupplier stopping) {
        return call("pessimistic_try_sync", s -> s.pessimisticShardDdl(r), PessimisticShardDdlResponse::getLeader,
                PessimisticShardDdlResponse::getMsg, stopping);
    }

    /** shard-mode pessimistic: the operation the leader gave was carried out. */
    public PessimisticShardDdlResponse pessimisticDone(PessimisticShardDdlRequest r) {
        return call("pessimistic_done", s -> s.pessimisticShardDdlDone(r), PessimisticShardDdlResponse::getLeader,
                PessimisticShardDdlResponse::getMsg);
    }

    private OptimisticShardDdlResponse call(String what, Function<WorkerLinkGrpc.WorkerLinkBlockingStub, OptimisticShardDdlResponse> rpc) {
        return call(what, rpc, OptimisticShardDdlResponse::getLeader, OptimisticShardDdlResponse::getMsg);
    }

    /** The subtask stopped while the call waited for a leader. */
    public static final class Stopped extends RuntimeException {
        Stopped(String what) {
            super("stopped while the " + what + " call waited for a master leader");
        }
    }

    /** No master answered as the leader in one round over the masters. */
    private static final class NoLeader extends RuntimeException {
        NoLeader(String last) {
            super(last, null, false, false);
        }
    }

    private <T> T call(String what, Function<WorkerLinkGrpc.WorkerLinkBlockingStub, T> rpc, Predicate<T> fromLeader,
            Function<T, String> msg) {
        return call(what, rpc, fromLeader, msg, () -> false);
    }

    private <T> T call(String what, Function<WorkerLinkGrpc.WorkerLinkBlockingStub, T> rpc, Predicate<T> fromLeader,
            Function<T, String> msg, BooleanSupplier stopping) {
        RetryPolicy<T> untilALeaderAnswers = RetryPolicy.<T>builder().handle(NoLeader.class).withDelay(RETRY_DELAY)
                .withMaxRetries(-1).withMaxDuration(PATIENCE).abortIf((result, failure) -> stopping.getAsBoolean()).build();
        try {
            return Failsafe.with(untilALeaderAnswers).get(() -> oneRound(what, rpc, fromLeader, msg));
        } catch (NoLeader e) {
            if (stopping.getAsBoolean()) {
                throw new Stopped(what);
            }
            throw OptimisticShardDdlErrors.NOT_COORDINATED.error("no master leader answered the " + what + " call: " + e.getMessage());
        } catch (FailsafeException e) {
            throw OptimisticShardDdlErrors.NOT_COORDINATED.error("the " + what + " call was interrupted: " + e.getMessage());
        }
    }

    /** Asks each master in turn, starting with the last leader; the leader's answer, or NoLeader. */
    private <T> T oneRound(String what, Function<WorkerLinkGrpc.WorkerLinkBlockingStub, T> rpc, Predicate<T> fromLeader,
            Function<T, String> msg) {
        String last = "no master answered";
        for (int i = 0; i < masters.size(); i++) {
            int idx = (current + i) % masters.size();
            try {
                T resp = rpc.apply(masters.get(idx));
                if (fromLeader.test(resp)) {
                    current = idx;
                    return resp;
                }
                last = msg.apply(resp);
            } catch (RuntimeException e) {
                last = e.getMessage();
                LOG.debug("event=shard_ddl_call_failed call={} master={} msg=\"{}\"", what, addresses.get(idx), e.getMessage());
            }
        }
        throw new NoLeader(last);
    }

    @Override
    public void close() {
        factory.closeAsync();
    }
}
