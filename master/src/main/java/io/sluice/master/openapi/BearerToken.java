package io.sluice.master.openapi;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The master's optional API token: without {@code Authorization: Bearer <token>}, a 401 in DM's error body. */
final class BearerToken implements DecoratingHttpServiceFunction {
    private static final Logger LOG = LoggerFactory.getLogger(BearerToken.class);
    private static final String PREFIX = "Bearer ";

    private final byte[] token;

    BearerToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        byte[] given = auth.startsWith(PREFIX) ? auth.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        // constant time, so the answer's timing does not tell how much of a guess was right
        if (!MessageDigest.isEqual(token, given)) {
            LOG.warn("event=openapi_unauthorized method={} path={} remote={}", req.method(), ctx.path(), ctx.remoteAddress());
            return ApiErrorBody.response(ApiException.of(HttpStatus.UNAUTHORIZED, OpenApiErrors.UNAUTHORIZED.error()));
        }
        return delegate.serve(ctx, req);
    }
}
