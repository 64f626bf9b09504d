package io.sluice.master.openapi;

import static io.sluice.common.errors.ErrorClass.DM_MASTER;
import static io.sluice.common.errors.ErrorLevel.LOW;
import static io.sluice.common.errors.ErrorLevel.MEDIUM;
import static io.sluice.common.errors.ErrorScope.INTERNAL;
import static io.sluice.common.errors.ErrorScope.NOT_SET;

import io.sluice.common.errors.ErrorCode;

/** Codes of the HTTP API, in DM's OpenAPI range (49xxx). */
public final class OpenApiErrors {
    private OpenApiErrors() {
    }

    public static final ErrorCode COMMON = ErrorCode.define(49001, DM_MASTER, NOT_SET, LOW,
            "invalid request: %s", "Please check the request against the spec at /api/v1/dm.yaml.");
    public static final ErrorCode TASK_SOURCE_NOT_FOUND = ErrorCode.define(49002, DM_MASTER, NOT_SET, LOW,
            "task %s has no source %s", "Please use `GET /api/v1/tasks/{task-name}/status` to see the task's sources.");
    public static final ErrorCode MALFORMED_BODY = ErrorCode.define(49003, DM_MASTER, NOT_SET, LOW,
            "the request body is not valid JSON: %s", "Please send a JSON body with Content-Type: application/json.");
    public static final ErrorCode WRONG_TYPE = ErrorCode.define(49004, DM_MASTER, NOT_SET, LOW,
            "field %s must be %s", "Please check the request against the spec at /api/v1/dm.yaml.");
    public static final ErrorCode BODY_TOO_LARGE = ErrorCode.define(49005, DM_MASTER, NOT_SET, LOW,
            "the request body is larger than %d bytes", "Task and source bodies are small: check that the right file was sent.");
    public static final ErrorCode UNAUTHORIZED = ErrorCode.define(49006, DM_MASTER, NOT_SET, MEDIUM,
            "the request has no valid bearer token", "Send the header `Authorization: Bearer <token>` with the master's --openapi-token.");
    public static final ErrorCode TASK_NOT_STOPPED = ErrorCode.define(49008, DM_MASTER, NOT_SET, LOW,
            "task %s can be updated only while stopped, but source %s is %s", "Please stop the task (POST /api/v1/tasks/{task-name}/stop) first.");
    // 49007 (TLS material in a body not supported) is retired: ssl_*_content is taken now
}
