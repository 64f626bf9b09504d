package io.sluice.common.errors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stable error code. Codes are never reused: every constructed code registers itself, and
 * a second registration of the same number is a programming error caught at class load.
 * The message is a {@link String#format} pattern.
 */
public final class ErrorCode {
    private static final Map<Integer, ErrorCode> REGISTRY = new ConcurrentHashMap<>();

    private final int code;
    private final ErrorClass errorClass;
    private final ErrorScope scope;
    private final ErrorLevel level;
    private final String message;
    private final String workaround;

    private ErrorCode(int code, ErrorClass errorClass, ErrorScope scope, ErrorLevel level, String message, String workaround) {
        this.code = code;
        this.errorClass = errorClass;
        this.scope = scope;
        this.level = level;
        this.message = message;
        this.workaround = workaround == null ? "" : workaround;
    }

    public static ErrorCode define(int code, ErrorClass cls, ErrorScope scope, ErrorLevel level, String message, String workaround) {
        ErrorCode c = new ErrorCode(code, cls, scope, level, message, workaround);
        ErrorCode prev = REGISTRY.putIfAbsent(code, c);
        if (prev != null) {
            throw new IllegalStateException("error code " + code + " defined twice");
        }
        return c;
    }

    public static ErrorCode define(int code, ErrorClass cls, ErrorScope scope, ErrorLevel level, String message) {
        return define(code, cls, scope, level, message, "");
    }

    public static ErrorCode lookup(int code) {
        return REGISTRY.get(code);
    }

    /** Every code registered so far, by number; a code exists once its defining class is loaded. */
    public static java.util.List<ErrorCode> all() {
        return REGISTRY.values().stream().sorted(java.util.Comparator.comparingInt(ErrorCode::code)).toList();
    }

    public SluiceException error(Object... args) {
        return new SluiceException(this, null, args);
    }

    public SluiceException wrap(Throwable cause, Object... args) {
        return new SluiceException(this, cause, args);
    }

    public int code() {
        return code;
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    public ErrorScope scope() {
        return scope;
    }

    public ErrorLevel level() {
        return level;
    }

    public String message() {
        return message;
    }

    public String workaround() {
        return workaround;
    }

    /** The DM-style prefix: {@code [code=20005:class=config:scope=internal:level=medium]}. */
    public String tag() {
        return "[code=" + code + ":class=" + errorClass.label() + ":scope=" + scope.label() + ":level=" + level.label() + "]";
    }
}
