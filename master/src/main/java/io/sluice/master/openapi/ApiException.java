package io.sluice.master.openapi;

import com.linecorp.armeria.common.HttpStatus;
import io.sluice.common.errors.ErrorCode;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.MasterErrors;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A failed API request: its HTTP status and DM's error body {@code {error_msg, error_code}}. */
final class ApiException extends RuntimeException {
    private static final Pattern CODE = Pattern.compile("\\[code=(\\d+)");
    /** Codes that name a thing that is not there: 404, every other refusal is a 400. */
    private static final Set<Integer> NOT_FOUND = Set.of(MasterErrors.SOURCE_NOT_EXIST.code(), MasterErrors.TASK_NOT_EXIST.code(),
            MasterErrors.WORKER_NOT_EXIST.code(), MasterErrors.MASTER_NAME_NOT_EXIST.code(), OpenApiErrors.TASK_SOURCE_NOT_FOUND.code());

    private final HttpStatus status;
    private final int code;

    private ApiException(HttpStatus status, int code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static ApiException of(SluiceException e) {
        return of(e.code(), e.getMessage());
    }

    static ApiException of(ErrorCode code, String message) {
        return new ApiException(NOT_FOUND.contains(code.code()) ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST, code.code(), message);
    }

    static ApiException of(HttpStatus status, SluiceException e) {
        return new ApiException(status, e.code().code(), e.getMessage());
    }

    /** A refusal the client API gave as text ({@code [code=NNNNN:...] ...}): its code decides the status. */
    static ApiException fromReply(String msg) {
        Matcher m = CODE.matcher(msg);
        int code = m.find() ? Integer.parseInt(m.group(1)) : MasterErrors.INTERNAL_ERROR.code();
        ErrorCode known = ErrorCode.lookup(code);
        if (known == null) {
            return new ApiException(HttpStatus.BAD_REQUEST, code, msg);
        }
        return of(known, msg);
    }

    HttpStatus status() {
        return status;
    }

    int code() {
        return code;
    }
}
