package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.MasterErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of the HTTP API as DM's error body, whatever threw it. */
final class ApiErrorBody implements ExceptionHandlerFunction {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorBody.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxRequestLength;

    ApiErrorBody(long maxRequestLength) {
        this.maxRequestLength = maxRequestLength;
    }

    @Override
    public HttpResponse handleException(ServiceRequestContext ctx, HttpRequest req, Throwable cause) {
        ApiException e = toApi(cause);
        if (e.status().code() >= 500) {
            LOG.error("event=openapi_failed method={} path={}", req.method(), ctx.path(), cause);
        } else {
            LOG.warn("event=openapi_refused method={} path={} status={} code={}", req.method(), ctx.path(), e.status().code(), e.code());
        }
        return response(e);
    }

    static HttpResponse response(ApiException e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error_msg", e.getMessage());
        body.put("error_code", e.code());
        return HttpResponse.of(e.status(), MediaType.JSON_UTF_8, body.toString());
    }

    private ApiException toApi(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && !(t instanceof ApiException) && !(t instanceof SluiceException)
                && !(t instanceof ContentTooLargeException)) {
            t = t.getCause();
        }
        if (t instanceof ApiException a) {
            return a;
        }
        if (t instanceof SluiceException s) {
            return ApiException.of(s);
        }
        if (t instanceof ContentTooLargeException) {
            return ApiException.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, OpenApiErrors.BODY_TOO_LARGE.error(maxRequestLength));
        }
        return ApiException.of(HttpStatus.INTERNAL_SERVER_ERROR, MasterErrors.INTERNAL_ERROR.wrap(cause, "the HTTP request"));
    }
}
