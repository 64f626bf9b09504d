package io.sluice.worker.process;

import io.grpc.stub.StreamObserver;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.TableName;
import io.sluice.worker.sync.shard.MasterShardLink;
import io.sluice.worker.sync.shard.optimism.OptimisticSchemaSync;
import io.sluice.proto.OperateWorkerSchemaRequest;
import io.sluice.proto.OperateWorkerSchemaResponse;
import io.sluice.proto.PurgeRelayRequest;
import io.sluice.proto.PurgeRelayResponse;
import io.sluice.proto.WorkerControlGrpc;
import io.sluice.worker.subtask.SubtaskRunner;
import io.sluice.worker.subtask.WorkerErrors;
import io.sluice.worker.sync.TrackedSchemas;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the master leader asks this worker directly (served next to /metrics). Replies carry
 * {@code result: false} and the coded message on failure, never a gRPC error, so the master
 * passes DM's JSON through unchanged.
 */
final class WorkerControlService extends WorkerControlGrpc.WorkerControlImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerControlService.class);

    private final String workerName;
    private final BoundSource bound;

    private final MasterShardLink shardLink;

    /** @param shardLink the master leader, for operate-schema set --sync in shard-mode optimistic */
    WorkerControlService(String workerName, BoundSource bound, MasterShardLink shardLink) {
        this.workerName = workerName;
        this.bound = bound;
        this.shardLink = shardLink;
    }

    @Override
    public void operateSchema(OperateWorkerSchemaRequest req, StreamObserver<OperateWorkerSchemaResponse> out) {
        OperateWorkerSchemaResponse.Builder r = OperateWorkerSchemaResponse.newBuilder().setResult(true);
        try {
            SubtaskRunner subtask = bound.source().equals(req.getSource()) ? bound.subtask(req.getTask()) : null;
            if (subtask == null) {
                throw WorkerErrors.SUBTASK_NOT_FOUND.error(req.getTask(), workerName);
            }
            TrackedSchemas schemas = new TrackedSchemas(subtask.context(), bound.schemaEdits(req.getTask()));
            TableName table = new TableName(req.getDatabase(), req.getTable());
            String msg = subtask.whilePaused(() -> switch (req.getOp()) {
                case GetSchema -> schemas.get(table);
                case SetSchema -> {
                    if (req.getSync() && "optimistic".equalsIgnoreCase(subtask.context().task().shardMode)) {
                        if (shardLink == null) {
                            // refusing beats changing only half of what the user asked for
                            throw WorkerErrors.SCHEMA_SYNC_UNSUPPORTED.error();
                        }
                        OptimisticSchemaSync.push(shardLink, subtask.context(), table, schemas.get(table), req.getSchema());
                    }
                    schemas.set(table, req.getSchema(), req.getFlush());
                    yield "";
                }
                case RemoveSchema -> {
                    schemas.remove(table);
                    yield "";
                }
                default -> throw new IllegalArgumentException("unknown schema operation " + req.getOp());
            });
            r.setMsg(msg);
        } catch (SluiceException e) {
            LOG.warn("event=operate_schema_failed worker={} task={} source={} op={} table={}.{} code={} msg={}", workerName,
                    req.getTask(), req.getSource(), req.getOp(), req.getDatabase(), req.getTable(), e.code().code(), e.getMessage());
            r.setResult(false).setMsg(e.getMessage());
        } catch (java.sql.SQLException e) {
            SluiceException coded = SyncErrors.CHECKPOINT_IO.wrap(e, "use", req.getTask() + "_syncer_checkpoint");
            LOG.warn("event=operate_schema_failed worker={} task={} source={} op={} code={} msg={}", workerName, req.getTask(),
                    req.getSource(), req.getOp(), coded.code().code(), coded.getMessage());
            r.setResult(false).setMsg(coded.getMessage());
        } catch (Exception e) {
            LOG.error("event=operate_schema_failed worker={} task={} source={} op={}", workerName, req.getTask(), req.getSource(),
                    req.getOp(), e);
            r.setResult(false).setMsg(WorkerErrors.SUBTASK_FAILED.wrap(e).getMessage());
        }
        out.onNext(r.build());
        out.onCompleted();
    }

    @Override
    public void purgeRelay(PurgeRelayRequest req, StreamObserver<PurgeRelayResponse> out) {
        PurgeRelayResponse.Builder r = PurgeRelayResponse.newBuilder().setResult(true);
        try {
            List<String> deleted = bound.purgeRelay(req.getSource(), req.getFilename(), req.getSubDir());
            LOG.info("event=purge_relay worker={} source={} filename={} subDir={} deleted={}", workerName, req.getSource(),
                    req.getFilename(), req.getSubDir(), deleted.size());
        } catch (SluiceException e) {
            LOG.warn("event=purge_relay_failed worker={} source={} filename={} subDir={} code={} msg={}", workerName, req.getSource(),
                    req.getFilename(), req.getSubDir(), e.code().code(), e.getMessage());
            r.setResult(false).setMsg(e.getMessage());
        }
        out.onNext(r.build());
        out.onCompleted();
    }
}
