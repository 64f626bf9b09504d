package io.sluice.worker.sync.shard.pessimism;

import io.sluice.common.errors.OptimisticShardDdlErrors;
import io.sluice.common.errors.ShardLockErrors;
import io.sluice.common.filter.TableName;
import io.sluice.proto.PessimisticShardDdlRequest;
import io.sluice.proto.PessimisticShardDdlResponse;
import io.sluice.worker.sync.shard.MasterShardLink;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subtask's side of the cluster-level DDL lock (shard-mode pessimistic): once every local shard
 * of a target table ran the DDLs, the leader is told and asked until it answers: this source runs
 * them on the target (it owns the lock), or skips them (the owner ran them). The sync waits here,
 * as DM's does; while it waits, query-status shows the lock and the DDLs.
 */
public final class ShardDdlLock {
    private static final Logger LOG = LoggerFactory.getLogger(ShardDdlLock.class);
    private static final long POLL_MS = 300;

    /** The unit was stopped while it waited; nothing was decided, the checkpoint stays before the DDL. */
    public static final class WaitStopped extends RuntimeException {
        WaitStopped(String lockId) {
            super("stopped while waiting for DDL lock " + lockId);
        }
    }

    /** Where the waiting subtask is, for query-status. */
    public record Waiting(String lockId, List<String> ddls) {
    }

    private final MasterShardLink link;
    private final String task;
    private final String source;
    private final String logTags;
    private volatile Waiting waiting;

    public ShardDdlLock(MasterShardLink link, String task, String source, String logTags) {
        this.link = link;
        this.task = task;
        this.source = source;
        this.logTags = logTags;
    }

    /** True: run the DDLs on the target; false: skip them (another source's worker ran or runs them). */
    public boolean await(TableName target, List<String> ddls, String position, BooleanSupplier stopping) throws InterruptedException {
        ddls = ddls.stream().map(ShardDdlLock::oneLine).toList();
        PessimisticShardDdlRequest r = request(target, ddls, position);
        long started = System.nanoTime();
        boolean logged = false;
        while (true) {
            PessimisticShardDdlResponse resp;
            try {
                resp = link.pessimistic(r, stopping);
            } catch (MasterShardLink.Stopped e) {
                waiting = null;
                throw new WaitStopped(target.quoted());
            }
            if (!resp.getResult()) {
                waiting = null;
                if (resp.getMsg().contains("code=" + ShardLockErrors.DDLS_DIFFER.code())) {
                    throw ShardLockErrors.DDLS_DIFFER.error(resp.getLockId(), ddls);
                }
                throw OptimisticShardDdlErrors.NOT_COORDINATED.error(resp.getMsg());
            }
            String op = resp.getOperation();
            if (!op.equals("WAIT")) {
                waiting = null;
                LOG.info("event=shard_ddl_lock_operation {} lock=\"{}\" operation={} waitedMs={}", logTags, resp.getLockId(), op,
                        (System.nanoTime() - started) / 1_000_000);
                return op.equals("EXECUTE");
            }
            waiting = new Waiting(resp.getLockId(), List.copyOf(ddls));
            if (!logged) {
                LOG.info("event=shard_ddl_lock_waiting {} lock=\"{}\" ddls=\"{}\" position={}", logTags, resp.getLockId(), String.join("; ", ddls),
                        position);
                logged = true;
            }
            if (stopping.getAsBoolean()) {
                waiting = null;
                throw new WaitStopped(resp.getLockId());
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** The operation the leader gave was carried out. */
    public void done(TableName target, List<String> ddls, String position) {
        PessimisticShardDdlResponse resp = link.pessimisticDone(request(target, ddls.stream().map(ShardDdlLock::oneLine).toList(), position));
        LOG.info("event=shard_ddl_lock_done {} lock=\"{}\" result={}", logTags, resp.getLockId(), resp.getResult());
    }

    /** The lock this subtask waits for, or null. */
    public Waiting waiting() {
        return waiting;
    }

    /** As the lock shows and compares them: one line each (the routed statement keeps the parser's line breaks). */
    private static String oneLine(String ddl) {
        return ddl.replaceAll("\\s+", " ").trim();
    }

    private PessimisticShardDdlRequest request(TableName target, List<String> ddls, String position) {
        return PessimisticShardDdlRequest.newBuilder().setTask(task).setSource(source).setTargetSchema(target.schema())
                .setTargetTable(target.table()).addAllDdls(ddls).setPosition(position).build();
    }
}
