package io.sluice.master.openapi;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.sluice.common.errors.SluiceException;

/**
 * Statuses Armeria answers by itself under {@code /api/} (a body over the limit refused before
 * any service runs, an unknown path or method) in DM's error body too; other paths keep
 * Armeria's own pages.
 */
final class ApiStatusPages implements ServerErrorHandler {
    private final long maxRequestLength;

    ApiStatusPages(long maxRequestLength) {
        this.maxRequestLength = maxRequestLength;
    }

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        return null;
    }

    @Override
    public AggregatedHttpResponse onProtocolViolation(ServiceConfig config, RequestHeaders headers, HttpStatus status,
            String description, Throwable cause) {
        return render(headers, status);
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
            HttpStatus status, String description, Throwable cause) {
        return render(headers, status);
    }

    private AggregatedHttpResponse render(RequestHeaders headers, HttpStatus status) {
        if (headers == null || !headers.path().startsWith("/api/") || status.code() < 400) {
            return null;
        }
        SluiceException e = status == HttpStatus.REQUEST_ENTITY_TOO_LARGE ? OpenApiErrors.BODY_TOO_LARGE.error(maxRequestLength)
                : OpenApiErrors.COMMON.error(status.code() + " " + status.reasonPhrase() + ": " + headers.method() + " " + headers.path());
        return ApiErrorBody.response(ApiException.of(status, e)).aggregate().join();
    }
}
