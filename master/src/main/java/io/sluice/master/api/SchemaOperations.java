package io.sluice.master.api;

import io.sluice.common.errors.SluiceException;
import io.sluice.common.schema.CreateTableText;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.CommonWorkerResponse;
import io.sluice.proto.OperateSchemaRequest;
import io.sluice.proto.OperateSchemaResponse;
import io.sluice.proto.OperateWorkerSchemaRequest;
import io.sluice.proto.OperateWorkerSchemaResponse;
import io.sluice.proto.SchemaOp;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.TaskEntry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * operate-schema: checks the request as a whole (task, sources, names, the schema text), then
 * asks the worker of each source, which acts on its subtask only while that subtask is paused.
 * Each source's answer (for get, the CREATE TABLE) comes back in its {@code sources} entry; the
 * reply's {@code result} is true only when every source succeeded.
 */
final class SchemaOperations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaOperations.class);
    /** A worker answers from its target database: generous, yet bounded. */
    static final Duration WORKER_DEADLINE = Duration.ofSeconds(30);

    private final RaftGroup raft;
    private final WorkerControlLink workers;

    SchemaOperations(RaftGroup raft, WorkerControlLink workers) {
        this.raft = raft;
        this.workers = workers;
    }

    OperateSchemaResponse operate(OperateSchemaRequest req) {
        ClusterState state = raft.readState();
        TaskEntry task = state.getTasksOrDefault(req.getTask(), null);
        if (task == null) {
            throw MasterErrors.TASK_NOT_EXIST.error(req.getTask());
        }
        if (req.getOp() != SchemaOp.GetSchema && req.getOp() != SchemaOp.SetSchema && req.getOp() != SchemaOp.RemoveSchema) {
            throw MasterErrors.INVALID_ARGS.error("operate-schema needs get, set or remove");
        }
        if (req.getSourcesCount() == 0) {
            throw MasterErrors.INVALID_ARGS.error("must specify at least one source (`-s` / `--source`)");
        }
        if (req.getDatabase().isBlank() || req.getTable().isBlank()) {
            throw MasterErrors.INVALID_ARGS.error("must specify 'database' and 'table'");
        }
        if (req.getOp() == SchemaOp.SetSchema) {
            CreateTableText.parse(req.getSchema()); // a malformed file reaches no worker
        } else if (req.getFlush() || req.getSync()) {
            throw MasterErrors.INVALID_ARGS.error("--flush and --sync are only used to set schema");
        }
        for (String s : req.getSourcesList()) {
            if (!task.containsStages(s)) {
                throw MasterErrors.INVALID_ARGS.error("task " + task.getName() + " has no subtask on source " + s);
            }
        }
        OperateSchemaResponse.Builder r = OperateSchemaResponse.newBuilder().setResult(true);
        for (String source : req.getSourcesList()) {
            CommonWorkerResponse.Builder one = CommonWorkerResponse.newBuilder().setSource(source);
            try {
                String worker = WorkerControlLink.workerOf(state, source);
                one.setWorker(worker);
                OperateWorkerSchemaRequest toWorker = OperateWorkerSchemaRequest.newBuilder().setOp(req.getOp())
                        .setTask(task.getName()).setSource(source).setDatabase(req.getDatabase()).setTable(req.getTable())
                        .setSchema(req.getSchema()).setFlush(req.getFlush()).setSync(req.getSync()).build();
                OperateWorkerSchemaResponse answer = workers.call(state, worker, "OperateSchema", stub -> stub.operateSchema(toWorker));
                one.setResult(answer.getResult()).setMsg(answer.getMsg());
            } catch (SluiceException e) {
                one.setResult(false).setMsg(e.getMessage());
            }
            r.setResult(r.getResult() && one.getResult());
            r.addSources(one);
        }
        LOG.info("event=operate_schema task={} sources={} op={} table={}.{} flush={} result={}", task.getName(),
                req.getSourcesList(), req.getOp(), req.getDatabase(), req.getTable(), req.getFlush(), r.getResult());
        return r.build();
    }
}
