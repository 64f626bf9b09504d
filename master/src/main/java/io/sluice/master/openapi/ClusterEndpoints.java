package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import io.sluice.master.api.MasterApiService;
import io.sluice.proto.ListMemberRequest;
import io.sluice.proto.ListMemberResponse;
import io.sluice.proto.MasterInfo;
import io.sluice.proto.Members;
import io.sluice.proto.OfflineMemberRequest;
import io.sluice.proto.OfflineMemberResponse;
import io.sluice.proto.WorkerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/cluster/...}: the masters and workers, and taking a stopped one out. */
@Blocking
final class ClusterEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEndpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MasterApiService api;

    ClusterEndpoints(MasterApiService api) {
        this.api = api;
    }

    @Get("/cluster/masters")
    public HttpResponse masters() {
        ListMemberResponse r = MasterCalls.call(o -> api.listMember(ListMemberRequest.newBuilder().setLeader(true).setMaster(true).build(), o));
        String leader = "";
        ArrayNode data = JSON.createArrayNode();
        for (Members m : r.getMembersList()) {
            if (m.hasLeader()) {
                leader = m.getLeader().getName();
            }
        }
        for (Members m : r.getMembersList()) {
            if (m.hasMaster()) {
                for (MasterInfo info : m.getMaster().getMastersList()) {
                    ObjectNode o = data.addObject();
                    o.put("name", info.getName());
                    o.put("alive", info.getAlive());
                    o.put("leader", info.getName().equals(leader));
                    o.put("addr", info.getClientURLsCount() == 0 ? "" : hostPort(info.getClientURLs(0)));
                }
            }
        }
        return list(data);
    }

    @Delete("/cluster/masters/{master-name}")
    public HttpResponse offlineMaster(@Param("master-name") String name) {
        MasterCalls.<OfflineMemberResponse>call(o -> api.offlineMember(OfflineMemberRequest.newBuilder().setType("master").setName(name).build(), o));
        LOG.info("event=openapi_master_offlined master={}", name);
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    @Get("/cluster/workers")
    public HttpResponse workers() {
        ListMemberResponse r = MasterCalls.call(o -> api.listMember(ListMemberRequest.newBuilder().setWorker(true).build(), o));
        ArrayNode data = JSON.createArrayNode();
        for (Members m : r.getMembersList()) {
            if (m.hasWorker()) {
                for (WorkerInfo w : m.getWorker().getWorkersList()) {
                    ObjectNode o = data.addObject();
                    o.put("name", w.getName());
                    o.put("addr", w.getAddr());
                    o.put("bound_stage", w.getStage());
                    o.put("bound_source_name", w.getSource());
                }
            }
        }
        return list(data);
    }

    @Delete("/cluster/workers/{worker-name}")
    public HttpResponse offlineWorker(@Param("worker-name") String name) {
        MasterCalls.<OfflineMemberResponse>call(o -> api.offlineMember(OfflineMemberRequest.newBuilder().setType("worker").setName(name).build(), o));
        LOG.info("event=openapi_worker_offlined worker={}", name);
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    /** DM's list envelope {@code {total, data}}. */
    static HttpResponse list(ArrayNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("total", data.size());
        body.set("data", data);
        return json(body);
    }

    static HttpResponse json(Object body) {
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, body.toString());
    }

    private static String hostPort(String url) {
        return url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
    }
}
