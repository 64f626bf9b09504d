package io.sluice.worker.sync;

import io.sluice.proto.ErrorOperation;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The handle-error operations of one subtask, by the binlog position ({@code file:pos}) of the
 * event each waits for. The master's copy arrives with every keepalive reply and replaces this
 * one whole; the sync pipeline asks it about each DDL and rows event. An operation stays until
 * the master drops it (revert, stop-task), so an event replayed after a restart gets the same
 * treatment again.
 */
public final class ErrorOperations {
    public static final ErrorOperations NONE = new ErrorOperations();

    private volatile Map<String, ErrorOperation> byPosition = Map.of();

    public void update(List<ErrorOperation> operations) {
        byPosition = operations.stream().collect(Collectors.toUnmodifiableMap(ErrorOperation::getPosition, Function.identity(), (a, b) -> b));
    }

    /** The operation waiting for the event at {@code file:pos}, or null. */
    ErrorOperation at(String file, long pos) {
        Map<String, ErrorOperation> m = byPosition;
        return m.isEmpty() ? null : m.get(file + ":" + pos);
    }
}
