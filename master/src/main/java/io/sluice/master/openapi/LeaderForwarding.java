package io.sluice.master.openapi;

import com.linecorp.armeria.client.WebClient;
import io.sluice.common.tls.ComponentTls;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.RaftGroup;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any master answers the API: a follower passes the request on to the leader as it came, so
 * reads are the leader's and writes go through the one place that may write. A request that
 * was forwarded once is never forwarded again (no loops while leadership moves).
 */
final class LeaderForwarding implements DecoratingHttpServiceFunction {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderForwarding.class);
    static final String FORWARDED = "x-sluice-forwarded-by";

    private final RaftGroup raft;
    private final String self;
    private final Map<String, WebClient> clients = new ConcurrentHashMap<>();

    LeaderForwarding(RaftGroup raft, String self) {
        this.raft = raft;
        this.self = self;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (raft.isLeader()) {
            return delegate.serve(ctx, req);
        }
        if (req.headers().contains(FORWARDED)) {
            return ApiErrorBody.response(ApiException.of(HttpStatus.SERVICE_UNAVAILABLE,
                    MasterErrors.NOT_LEADER.error("forwarded by " + req.headers().get(FORWARDED) + ", but leadership moved")));
        }
        String leader;
        try {
            leader = raft.leaderClientUrl();
        } catch (RuntimeException e) {
            return ApiErrorBody.response(ApiException.of(HttpStatus.SERVICE_UNAVAILABLE, MasterErrors.NOT_LEADER.error("none known yet")));
        }
        LOG.debug("event=openapi_forwarded method={} path={} leader={}", req.method(), ctx.path(), leader);
        WebClient client = clients.computeIfAbsent(leader, url -> WebClient.builder(ComponentTls.url(url)).factory(ComponentTls.clientFactory()).responseTimeout(Duration.ofMinutes(2)).build());
        return client.execute(req.withHeaders(req.headers().toBuilder().set(FORWARDED, self).authority(hostPort(leader))));
    }

    private static String hostPort(String url) {
        String s = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
