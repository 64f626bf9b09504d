package io.sluice.master.datacheck;

import io.grpc.stub.StreamObserver;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.CheckDataRequest;
import io.sluice.proto.CheckDataResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs check-data on the master that receives it, leader or follower: the state it needs (task
 * and source configs) comes through a read-index read, and the databases are queried from two
 * threads of its own, so a check of large tables never holds a gRPC thread, the raft node or the
 * leader's scheduler. The master rather than the workers runs it because a merged table's chunk
 * needs every shard's checksum, and shards live on sources bound to different workers.
 */
public final class DataCheckService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataCheckService.class);
    /** Checks beyond these wait; beyond the queue they are refused rather than pile up. */
    private static final int THREADS = 2;
    private static final int QUEUE = 16;
    static final Duration RECHECK_WAIT = Duration.ofSeconds(2);

    private final RaftGroup raft;
    private final ExecutorService executor;

    public DataCheckService(RaftGroup raft) {
        this.raft = raft;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "check-data-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void serve(CheckDataRequest req, StreamObserver<CheckDataResponse> out) {
        try {
            executor.execute(() -> reply(out, run(req)));
        } catch (RejectedExecutionException e) {
            reply(out, failure(CheckDataErrors.INVALID_REQUEST.error(req.getTask(), "too many checks are running on this master; retry later")));
        }
    }

    private CheckDataResponse run(CheckDataRequest req) {
        try {
            return DataCheck.of(req, raft.readState(), RECHECK_WAIT).run();
        } catch (SluiceException e) {
            LOG.warn("event=check_data_failed task={} code={} msg={}", req.getTask(), e.code().code(), e.getMessage());
            return failure(e);
        } catch (RuntimeException e) {
            LOG.error("event=check_data_failed task={}", req.getTask(), e);
            return failure(MasterErrors.INTERNAL_ERROR.wrap(e, "check-data"));
        }
    }

    private static CheckDataResponse failure(SluiceException e) {
        return CheckDataResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build();
    }

    private static void reply(StreamObserver<CheckDataResponse> out, CheckDataResponse resp) {
        out.onNext(resp);
        out.onCompleted();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
