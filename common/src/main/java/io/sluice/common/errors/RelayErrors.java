package io.sluice.common.errors;

import static io.sluice.common.errors.ErrorClass.RELAY_EVENT_LIB;
import static io.sluice.common.errors.ErrorClass.RELAY_UNIT;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorScope.INTERNAL;
import static io.sluice.common.errors.ErrorScope.UPSTREAM;

/** Codes of the relay unit (30xxx) and of its files on disk (28xxx). */
public final class RelayErrors {
    private RelayErrors() {
    }

    public static final ErrorCode PARSE_INDEX = ErrorCode.define(28001, RELAY_EVENT_LIB, INTERNAL, HIGH,
            "parse server-uuid.index `%s`: %s", "Please check the file in the relay directory; stop-relay and start-relay rebuilds it.");
    public static final ErrorCode RELAY_IO = ErrorCode.define(28101, RELAY_EVENT_LIB, INTERNAL, HIGH,
            "cannot %s the relay log `%s`", "Please check the disk of the relay directory (space, permissions), then resume-relay.");
    public static final ErrorCode CHECKSUM_MISMATCH = ErrorCode.define(28102, RELAY_EVENT_LIB, UPSTREAM, HIGH,
            "binlog checksum mismatch, data may be corrupted: event at %s:%d", "Please check the upstream binlog and the network; resume-relay pulls the event again.");
    public static final ErrorCode GAP_IN_STREAM = ErrorCode.define(28103, RELAY_EVENT_LIB, UPSTREAM, HIGH,
            "event from the upstream at %s:%d does not follow the relay log's position %d",
            "Please resume-relay; it pulls again from the last complete transaction.");
    public static final ErrorCode NOT_IN_RELAY = ErrorCode.define(28104, RELAY_EVENT_LIB, INTERNAL, HIGH,
            "the relay log of source %s does not hold %s (it holds %s)",
            "The relay started after this position: stop-relay, then start-relay with relay-binlog-name at or before it.");

    public static final ErrorCode TCP_READER_1236 = ErrorCode.define(30015, RELAY_UNIT, UPSTREAM, HIGH,
            "TCPReader get event: ERROR 1236 from %s: %s",
            "The upstream purged the binlog the relay needs; start-relay again from a position the upstream still has.");
    public static final ErrorCode READ_UPSTREAM = ErrorCode.define(30101, RELAY_UNIT, UPSTREAM, HIGH,
            "relay cannot read the binlog of the upstream at %s", "Please check the upstream is reachable; the relay retries.");
}
