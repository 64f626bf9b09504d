package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import io.sluice.master.api.MasterApiService;
import io.sluice.proto.CheckDataRequest;
import io.sluice.proto.CheckDataResponse;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code POST /api/v1/tasks/{task-name}/check-data}: sluicectl check-data over HTTP (not a DM
 * endpoint; DM needs a separate tool). The reply is the comparison with DM's snake_case field
 * names; differing chunks are a result (200, {@code result: false}), not an error — a bad request
 * or an unknown task gets DM's error body.
 */
@Blocking
final class CheckDataEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MasterApiService api;

    CheckDataEndpoint(MasterApiService api) {
        this.api = api;
    }

    @Post("/tasks/{task-name}/check-data")
    public HttpResponse checkData(@Param("task-name") String task, AggregatedHttpRequest req) throws Exception {
        CheckDataRequest.Builder r = CheckDataRequest.newBuilder().setTask(task);
        String text = JsonBody.text(req);
        if (!text.isBlank()) {
            JsonBody body = JsonBody.parse(text).requireObject("check-data request");
            r.addAllSources(body.texts("source_name_list")).addAllTables(body.texts("table_list"))
                    .setChunkSize(body.integer("chunk_size", 0));
        }
        ServiceRequestContext.current().clearRequestTimeout(); // a large table takes minutes
        CheckDataResponse resp = MasterCalls.<CheckDataResponse>reply(o -> api.checkData(r.build(), o));
        // differing chunks also carry a coded message (38174), but with the tables compared
        if (!resp.getResult() && resp.getTablesCount() == 0 && resp.getMsg().contains("[code=")) {
            throw ApiException.fromReply(resp.getMsg());
        }
        JsonNode camel = JSON.readTree(JsonFormat.printer().includingDefaultValueFields().print(resp));
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, JSON.writeValueAsString(snakeCase(camel)));
    }

    /** The proto's camelCase names as DM's OpenAPI spells fields. */
    static JsonNode snakeCase(JsonNode n) {
        if (n.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            n.forEach(e -> out.add(snakeCase(e)));
            return out;
        }
        if (!n.isObject()) {
            return n;
        }
        ObjectNode out = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT), snakeCase(e.getValue()));
        }
        return out;
    }
}
