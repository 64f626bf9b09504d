package io.sluice.common.errors;

import io.sluice.proto.ProcessError;

/**
 * An error carrying a stable {@link ErrorCode}. Its message reads as DM's do:
 * {@code [code=...] description: root cause}, and where the code has a workaround it follows.
 */
public class SluiceException extends RuntimeException {
    private final ErrorCode code;
    private final String description;

    SluiceException(ErrorCode code, Throwable cause, Object... args) {
        super(render(code, cause, args), cause);
        this.code = code;
        this.description = args.length == 0 ? code.message() : String.format(code.message(), args);
    }

    private static String render(ErrorCode code, Throwable cause, Object[] args) {
        String desc = args.length == 0 ? code.message() : String.format(code.message(), args);
        StringBuilder sb = new StringBuilder(code.tag()).append(' ').append(desc);
        if (cause != null) {
            sb.append(": ").append(rootMessage(cause));
        }
        if (!code.workaround().isEmpty()) {
            sb.append("\nWorkaround: ").append(code.workaround());
        }
        return sb.toString();
    }

    static String rootMessage(Throwable t) {
        if (t instanceof SluiceException se) {
            return se.getMessage();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }

    public ErrorCode code() {
        return code;
    }

    public String description() {
        return description;
    }

    public String rawCause() {
        return getCause() == null ? "" : rootMessage(getCause());
    }

    /** The error as query-status shows it inside a subtask's result. */
    public ProcessError toProcessError() {
        return ProcessError.newBuilder()
                .setErrCode(code.code())
                .setErrClass(code.errorClass().label())
                .setErrScope(code.scope().label())
                .setErrLevel(code.level().label())
                .setMessage(code.tag() + " " + description)
                .setRawCause(rawCause())
                .setWorkaround(code.workaround())
                .build();
    }

    /** Any throwable as a ProcessError; one without a code is reported under {@code fallback}. */
    public static ProcessError toProcessError(Throwable t, ErrorCode fallback) {
        if (t instanceof SluiceException se) {
            return se.toProcessError();
        }
        return fallback.wrap(t).toProcessError();
    }
}
