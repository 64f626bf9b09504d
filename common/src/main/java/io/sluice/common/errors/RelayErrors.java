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

    // purge-relay (DM's 28003 and 30037-30039 where DM has the case; 3010x where Sluice refuses more)
    public static final ErrorCode SUB_DIR_NOT_FOUND = ErrorCode.define(28003, RELAY_EVENT_LIB, INTERNAL, HIGH,
            "no UUID (with suffix) matched %s found in %s, all UUIDs are %s",
            "Please name a sub-directory listed in server-uuid.index (query-status shows the current one as relaySubDir).");
    public static final ErrorCode PURGE_FORBIDDEN = ErrorCode.define(30037, RELAY_UNIT, INTERNAL, HIGH,
            "relay log purge is forbidden temporarily, because %s",
            "Please purge only up to the file the task reads (its syncerBinlog in query-status), or try again once it has moved on.");
    public static final ErrorCode NO_ACTIVE_RELAY_LOG = ErrorCode.define(30038, RELAY_UNIT, INTERNAL, HIGH,
            "no active relay log file found", "Please wait until the relay has written its first file (query-status shows relayStatus).");
    public static final ErrorCode PURGE_REQUEST_NOT_VALID = ErrorCode.define(30039, RELAY_UNIT, INTERNAL, HIGH,
            "request %s not valid", "Please give the relay file to purge up to with --filename.");
    public static final ErrorCode RELAY_FILE_NOT_FOUND = ErrorCode.define(30102, RELAY_UNIT, INTERNAL, HIGH,
            "relay file `%s` is not in the relay sub-directory %s (it holds %s)",
            "Please name a file the relay sub-directory holds; nothing was purged.");
    public static final ErrorCode RELAY_NOT_RUNNING_HERE = ErrorCode.define(30103, RELAY_UNIT, INTERNAL, HIGH,
            "the relay of source %s is not running on worker %s",
            "Please check which workers relay the source (query-status -s), or start-relay first.");
    public static final ErrorCode RELAY_WORKER_NOT_FOUND = ErrorCode.define(30104, RELAY_UNIT, INTERNAL, HIGH,
            "relay worker for source %s not found", "Please `start-relay` first.");
}
