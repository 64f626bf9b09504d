package io.sluice.master.openapi;

import com.linecorp.armeria.server.ServerBuilder;
import io.sluice.master.api.MasterApiService;
import io.sluice.master.raft.RaftGroup;

/**
 * The HTTP API under {@code /api/v1} on the master's client port: DM's OpenAPI of both
 * generations, the spec and its page. Armeria's annotated services route; every failure leaves
 * as DM's error body.
 */
public final class OpenApiRoutes {
    /** Task and source bodies are a few KiB; anything this large is a mistake, refused before parsing. */
    public static final long MAX_REQUEST_LENGTH = 1024 * 1024;
    /**
     * What Armeria reads at most. Above {@link #MAX_REQUEST_LENGTH} and up to this, the body is read
     * and refused with DM's error body; above this Armeria resets the stream (an HTTP/2 client
     * then sees no reply at all), which only a runaway client meets.
     */
    static final long TRANSPORT_LIMIT = 16 * MAX_REQUEST_LENGTH;
    private static final String PREFIX = "/api/v1";

    private OpenApiRoutes() {
    }

    /** {@code token} empty or null: no token is asked for. */
    public static void addTo(ServerBuilder sb, MasterApiService api, RaftGroup raft, String masterName, String token) {
        TaskStatusObject status = new TaskStatusObject(api);
        LeaderForwarding forwarding = new LeaderForwarding(raft, masterName);
        ApiErrorBody errors = new ApiErrorBody(TRANSPORT_LIMIT);
        for (Object endpoints : new Object[] {new ClusterEndpoints(api), new SourceEndpoints(api, raft), new RelayEndpoints(api, raft),
                new TaskEndpoints(api, raft, status), new TaskProgressEndpoints(status), new CheckDataEndpoint(api), new SchemaEndpoints(api, raft)}) {
            var binding = sb.annotatedService().pathPrefix(PREFIX).maxRequestLength(TRANSPORT_LIMIT)
                    .exceptionHandlers(errors).decorator(forwarding);
            if (token != null && !token.isEmpty()) {
                binding.decorator(new BearerToken(token));
            }
            binding.build(endpoints);
        }
        sb.errorHandler(new ApiStatusPages(TRANSPORT_LIMIT));
        // the spec and its page hold no cluster data, so a browser reaches them without the token
        sb.annotatedService().pathPrefix(PREFIX).exceptionHandlers(errors).build(new ApiDocs());
    }
}
