package io.sluice.master.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Patch;
import com.linecorp.armeria.server.annotation.Post;
import io.sluice.common.config.ConfigFiles;
import io.sluice.master.MasterErrors;
import io.sluice.master.api.MasterApiService;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.OperateRelayRequest;
import io.sluice.proto.OperateRelayResponse;
import io.sluice.proto.OperateWorkerRelayRequest;
import io.sluice.proto.OperateWorkerRelayResponse;
import io.sluice.proto.PurgeWorkerRelayRequest;
import io.sluice.proto.PurgeWorkerRelayResponse;
import io.sluice.proto.RelayOp;
import io.sluice.proto.RelayOpV2;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutSource;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.SourceEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay of a source over HTTP, both generations: v5.3's {@code PATCH .../start-relay},
 * {@code stop-relay}, {@code pause-relay}, {@code resume-relay} and the newer
 * {@code POST .../relay/enable}, {@code disable}, {@code purge}. Each runs the same client-API
 * method as sluicectl's command, so the rules and error codes are the same; the body is checked
 * whole before anything changes.
 */
@Blocking
final class RelayEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(RelayEndpoints.class);
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Body field → source file key, for the relay start point a start-relay body may set. */
    private static final Map<String, String> START_KEYS = new LinkedHashMap<>();

    static {
        START_KEYS.put("relay_binlog_name", "relay-binlog-name");
        START_KEYS.put("relay_binlog_gtid", "relay-binlog-gtid");
        START_KEYS.put("relay_dir", "relay-dir");
    }

    private final MasterApiService api;
    private final RaftGroup raft;

    RelayEndpoints(MasterApiService api, RaftGroup raft) {
        this.api = api;
        this.raft = raft;
    }

    @Patch("/sources/{source-name}/start-relay")
    public HttpResponse startRelay(@Param("source-name") String id, AggregatedHttpRequest req) {
        JsonBody body = body(req);
        List<String> workers = body.texts("worker_name_list");
        SourceEntry source = existing(id);
        Map<String, String> start = new LinkedHashMap<>();
        START_KEYS.forEach((field, key) -> {
            if (body.has(field)) {
                start.put(key, body.text(field, ""));
            }
        });
        String yaml = withRelayStart(source.getConfig(), start);
        if (!yaml.equals(source.getConfig())) {
            ConfigFiles.parseSource(yaml); // a start point the source file cannot hold is refused before anything changes
            raft.submit(RaftCommand.newBuilder().setPutSource(PutSource.newBuilder().setSource(source.toBuilder().setConfig(yaml))).build());
            LOG.info("event=openapi_relay_start_point source={} keys={}", id, start.keySet());
        }
        MasterCalls.<OperateRelayResponse>call(o -> api.operateRelay(OperateRelayRequest.newBuilder().setOp(RelayOpV2.StartRelayV2)
                .setSource(id).addAllWorker(workers).build(), o));
        LOG.info("event=openapi_relay_started source={} workers={}", id, workers);
        return HttpResponse.of(HttpStatus.OK);
    }

    @Patch("/sources/{source-name}/stop-relay")
    public HttpResponse stopRelay(@Param("source-name") String id, AggregatedHttpRequest req) {
        List<String> workers = body(req).texts("worker_name_list");
        existing(id);
        MasterCalls.<OperateRelayResponse>call(o -> api.operateRelay(OperateRelayRequest.newBuilder().setOp(RelayOpV2.StopRelayV2)
                .setSource(id).addAllWorker(workers).build(), o));
        LOG.info("event=openapi_relay_stopped source={} workers={}", id, workers);
        return HttpResponse.of(HttpStatus.OK);
    }

    @Patch("/sources/{source-name}/pause-relay")
    public HttpResponse pauseRelay(@Param("source-name") String id) {
        return stage(id, RelayOp.PauseRelay);
    }

    @Patch("/sources/{source-name}/resume-relay")
    public HttpResponse resumeRelay(@Param("source-name") String id) {
        return stage(id, RelayOp.ResumeRelay);
    }

    @Post("/sources/{source-name}/relay/enable")
    public HttpResponse enable(@Param("source-name") String id, AggregatedHttpRequest req) {
        return startRelay(id, req);
    }

    @Post("/sources/{source-name}/relay/disable")
    public HttpResponse disable(@Param("source-name") String id, AggregatedHttpRequest req) {
        return stopRelay(id, req);
    }

    @Post("/sources/{source-name}/relay/purge")
    public HttpResponse purge(@Param("source-name") String id, AggregatedHttpRequest req) {
        JsonBody body = JsonBody.parse(JsonBody.text(req)).requireObject("body");
        String file = body.requiredText("relay_binlog_name");
        String subDir = body.text("relay_dir", "");
        existing(id);
        MasterCalls.<PurgeWorkerRelayResponse>call(o -> api.purgeWorkerRelay(PurgeWorkerRelayRequest.newBuilder().addSources(id)
                .setFilename(file).setSubDir(subDir).build(), o));
        LOG.info("event=openapi_relay_purged source={} filename={} subDir={}", id, file, subDir);
        return HttpResponse.of(HttpStatus.OK);
    }

    private HttpResponse stage(String id, RelayOp op) {
        existing(id);
        MasterCalls.<OperateWorkerRelayResponse>call(o -> api.operateWorkerRelayTask(OperateWorkerRelayRequest.newBuilder().setOp(op)
                .addSources(id).build(), o));
        LOG.info("event=openapi_relay_stage source={} op={}", id, op);
        return HttpResponse.of(HttpStatus.OK);
    }

    /** An optional body: none is {@code {}}; one that is there must be a JSON object. */
    private static JsonBody body(AggregatedHttpRequest req) {
        String text = JsonBody.text(req);
        return JsonBody.parse(text.isBlank() ? "{}" : text).requireObject("body");
    }

    private SourceEntry existing(String id) {
        ClusterState state = raft.readState();
        SourceEntry s = state.getSourcesOrDefault(id, null);
        if (s == null) {
            throw MasterErrors.SOURCE_NOT_EXIST.error(id);
        }
        return s;
    }

    /** The source file with the relay start keys set (other keys and their values kept). */
    private static String withRelayStart(String yaml, Map<String, String> start) {
        if (start.isEmpty()) {
            return yaml;
        }
        try {
            JsonNode tree = YAML.readTree(yaml);
            ObjectNode o = (ObjectNode) tree;
            boolean changed = false;
            for (Map.Entry<String, String> e : start.entrySet()) {
                if (!e.getValue().equals(o.path(e.getKey()).asText(""))) {
                    o.put(e.getKey(), e.getValue());
                    changed = true;
                }
            }
            return changed ? YAML.writeValueAsString(o) : yaml;
        } catch (JsonProcessingException | ClassCastException e) {
            throw OpenApiErrors.COMMON.error("cannot update the relay start point of the source file: " + e.getMessage());
        }
    }
}
