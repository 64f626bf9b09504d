package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Patch;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import io.sluice.master.MasterErrors;
import io.sluice.master.api.MasterApiService;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.OperateSourceRequest;
import io.sluice.proto.OperateSourceResponse;
import io.sluice.proto.OperateTaskRequest;
import io.sluice.proto.OperateTaskResponse;
import io.sluice.proto.SourceOp;
import io.sluice.proto.TaskOp;
import io.sluice.proto.TransferSourceRequest;
import io.sluice.proto.TransferSourceResponse;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutSource;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.TaskEntry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/sources/...} of both generations: sources and their binding (relay: {@link RelayEndpoints}). */
@Blocking
final class SourceEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(SourceEndpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MasterApiService api;
    private final RaftGroup raft;

    SourceEndpoints(MasterApiService api, RaftGroup raft) {
        this.api = api;
        this.raft = raft;
    }

    @Post("/sources")
    public HttpResponse create(AggregatedHttpRequest req) {
        JsonBody body = JsonBody.parse(JsonBody.text(req)).requireObject("source");
        String yaml = SourceObject.toYaml(body);
        boolean enable = body.bool("enable", true);
        String id = body.requiredText("source_name");
        MasterCalls.<OperateSourceResponse>call(o -> api.operateSource(OperateSourceRequest.newBuilder().setOp(SourceOp.StartSource).addConfig(yaml).build(), o));
        if (!enable) {
            setEnabled(id, false);
        }
        LOG.info("event=openapi_source_created source={} enabled={}", id, enable);
        return ClusterEndpoints.json(view(raft.readState(), id, true));
    }

    /** The newer API's update: {@code {"source": {...}}} (a bare source object is taken too); no task may use the source. */
    @Put("/sources/{source-name}")
    public HttpResponse update(@Param("source-name") String id, AggregatedHttpRequest req) {
        JsonBody whole = JsonBody.parse(JsonBody.text(req)).requireObject("body");
        JsonBody body = whole.has("source") ? whole.object("source") : whole;
        if (!id.equals(body.requiredText("source_name"))) {
            throw OpenApiErrors.COMMON.error("source_name " + body.requiredText("source_name") + " is not the source of the path, " + id);
        }
        existing(raft.readState(), id);
        String yaml = SourceObject.toYaml(body);
        MasterCalls.<OperateSourceResponse>call(o -> api.operateSource(OperateSourceRequest.newBuilder().setOp(SourceOp.UpdateSource).addConfig(yaml).build(), o));
        LOG.info("event=openapi_source_updated source={}", id);
        return ClusterEndpoints.json(view(raft.readState(), id, true));
    }

    @Get("/sources")
    public HttpResponse list(@Param("with_status") @Default("false") boolean withStatus) {
        ClusterState state = raft.readState();
        ArrayNode data = JSON.createArrayNode();
        state.getSourcesMap().keySet().stream().sorted().forEach(id -> data.add(view(state, id, withStatus)));
        return ClusterEndpoints.list(data);
    }

    @Get("/sources/{source-name}")
    public HttpResponse get(@Param("source-name") String id, @Param("with_status") @Default("false") boolean withStatus) {
        ClusterState state = raft.readState();
        ObjectNode o = view(state, existing(state, id).getSourceId(), withStatus);
        ArrayNode tasks = o.putArray("task_name_list");
        tasksOf(state, id).forEach(tasks::add);
        return ClusterEndpoints.json(o);
    }

    @Delete("/sources/{source-name}")
    public HttpResponse delete(@Param("source-name") String id, @Param("force") @Default("false") boolean force) {
        ClusterState state = raft.readState();
        existing(state, id);
        if (force) {
            // DM's force: the source's subtasks go first, so the source can be removed
            for (String task : tasksOf(state, id)) {
                MasterCalls.<OperateTaskResponse>call(o -> api.operateTask(OperateTaskRequest.newBuilder().setOp(TaskOp.Stop).setName(task).addSources(id).build(), o));
                LOG.info("event=openapi_subtask_removed task={} source={} reason=force_delete_source", task, id);
            }
        }
        MasterCalls.<OperateSourceResponse>call(o -> api.operateSource(OperateSourceRequest.newBuilder().setOp(SourceOp.StopSource).addSourceID(id).build(), o));
        LOG.info("event=openapi_source_deleted source={} force={}", id, force);
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    @Get("/sources/{source-name}/status")
    public HttpResponse status(@Param("source-name") String id) {
        ClusterState state = raft.readState();
        existing(state, id);
        ArrayNode data = JSON.createArrayNode();
        ObjectNode st = status(state, id);
        io.sluice.proto.RelayStatus relay = api.relayStatus(state, id);
        if (relay != null) {
            ObjectNode r = st.putObject("relay_status");
            r.put("master_binlog", relay.getMasterBinlog());
            r.put("master_binlog_gtid", relay.getMasterBinlogGtid());
            r.put("relay_dir", relay.getRelaySubDir());
            r.put("relay_binlog_gtid", relay.getRelayBinlogGtid());
            r.put("relay_catch_up_master", relay.getRelayCatchUpMaster());
            r.put("stage", relay.getStage().name());
            if (relay.hasResult() && !relay.getResult().getErrorsList().isEmpty()) {
                st.put("error_msg", relay.getResult().getErrors(0).getMessage());
            }
        }
        data.add(st);
        return ClusterEndpoints.list(data);
    }

    @Post("/sources/{source-name}/enable")
    public HttpResponse enable(@Param("source-name") String id) {
        setEnabled(id, true);
        return HttpResponse.of(HttpStatus.OK);
    }

    @Post("/sources/{source-name}/disable")
    public HttpResponse disable(@Param("source-name") String id) {
        setEnabled(id, false);
        return HttpResponse.of(HttpStatus.OK);
    }

    @Post("/sources/{source-name}/transfer")
    public HttpResponse transfer(@Param("source-name") String id, AggregatedHttpRequest req) {
        String worker = JsonBody.parse(JsonBody.text(req)).requireObject("body").requiredText("worker_name");
        existing(raft.readState(), id);
        MasterCalls.<TransferSourceResponse>call(o -> api.transferSource(TransferSourceRequest.newBuilder().setSource(id).setWorker(worker).build(), o));
        LOG.info("event=openapi_source_transferred source={} worker={}", id, worker);
        return HttpResponse.of(HttpStatus.OK);
    }

    /** v5.3's spelling of the transfer. */
    @Patch("/sources/{source-name}/transfer")
    public HttpResponse transferV53(@Param("source-name") String id, AggregatedHttpRequest req) {
        return transfer(id, req);
    }

    private void setEnabled(String id, boolean enabled) {
        SourceEntry s = existing(raft.readState(), id);
        raft.submit(RaftCommand.newBuilder().setPutSource(PutSource.newBuilder().setSource(s.toBuilder().setEnabled(enabled))).build());
        LOG.info("event=openapi_source_{} source={}", enabled ? "enabled" : "disabled", id);
    }

    private static SourceEntry existing(ClusterState state, String id) {
        SourceEntry s = state.getSourcesOrDefault(id, null);
        if (s == null) {
            throw MasterErrors.SOURCE_NOT_EXIST.error(id);
        }
        return s;
    }

    private static List<String> tasksOf(ClusterState state, String id) {
        return state.getTasksMap().values().stream().filter(t -> t.containsStages(id)).map(TaskEntry::getName).sorted().toList();
    }

    private static ObjectNode view(ClusterState state, String id, boolean withStatus) {
        SourceEntry s = existing(state, id);
        ObjectNode o = SourceObject.of(s.getConfig(), s.getEnabled());
        if (withStatus) {
            o.putArray("status_list").add(status(state, id));
        }
        return o;
    }

    private static ObjectNode status(ClusterState state, String id) {
        ObjectNode st = JSON.createObjectNode();
        st.put("source_name", id);
        st.put("worker_name", ClusterMeta.workerOf(state, id));
        return st;
    }
}
