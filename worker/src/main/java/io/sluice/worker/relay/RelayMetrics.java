package io.sluice.worker.relay;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.sluice.common.binlog.BinlogPosition;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The relay unit's metrics with DM's names ({@code dm_relay_*}) and buckets, behind the "Relay
 * log" rows of DM's dashboards and its relay alert rules. One set per worker process, as in DM
 * (a worker relays one source). {@code node} is {@code master} or {@code relay}.
 */
public final class RelayMetrics {
    static final Gauge BINLOG_POS = Gauge.build("dm_relay_binlog_pos", "Offset in the current binlog file, upstream and relayed.")
            .labelNames("node").create();
    static final Gauge BINLOG_FILE = Gauge.build("dm_relay_binlog_file",
            "Sequence number of the current binlog file, upstream and relayed.").labelNames("node").create();
    static final Gauge SUB_DIR_INDEX = Gauge.build("dm_relay_sub_dir_index",
            "Sequence number of the relay sub-directory being written.").labelNames("node", "uuid").create();
    static final Gauge SPACE = Gauge.build("dm_relay_space", "Bytes of the relay directory's disk: capacity and available.")
            .labelNames("type").create();
    // The counts below are gauges only in name: a client Counter would be exposed as ..._total,
    // and DM's alert rules read these exact names with changes().
    static final Gauge DATA_CORRUPTION = Gauge.build("dm_relay_data_corruption",
            "Relay events that failed their checksum or left a gap.").create();
    static final Histogram WRITE_SIZE = Histogram.build("dm_relay_write_size", "Bytes of each write to a relay log file.")
            .exponentialBuckets(16, 2, 20).create();
    static final Histogram WRITE_DURATION = Histogram.build("dm_relay_write_duration",
            "Seconds of each write to a relay log file.").exponentialBuckets(0.00005, 2, 18).create();
    static final Gauge WRITE_ERRORS = Gauge.build("dm_relay_write_error_count", "Failed writes to relay log files.").create();
    static final Gauge READ_ERRORS = Gauge.build("dm_relay_read_error_count", "Failed reads of the upstream binlog.").create();
    static final Histogram READ_DURATION = Histogram.build("dm_relay_read_binlog_duration",
            "Seconds spent waiting for one binlog event from the upstream.").exponentialBuckets(0.00005, 2, 18).create();
    static final Gauge EXIT_WITH_ERROR = Gauge.build("dm_relay_exit_with_error_count", "Times the relay unit stopped on an error.")
            .create();

    private RelayMetrics() {
    }

    public static void registerTo(CollectorRegistry registry) {
        for (Collector c : List.of(BINLOG_POS, BINLOG_FILE, SUB_DIR_INDEX, SPACE, DATA_CORRUPTION, WRITE_SIZE, WRITE_DURATION,
                WRITE_ERRORS, READ_ERRORS, READ_DURATION, EXIT_WITH_ERROR)) {
            registry.register(c);
        }
    }

    static void written(RawEvent e, BinlogPosition relay, long writeNanos) {
        WRITE_SIZE.observe(e.bytes().length);
        WRITE_DURATION.observe(writeNanos / 1e9);
        BINLOG_POS.labels("relay").set(relay.pos());
        BINLOG_FILE.labels("relay").set(fileIndex(relay.file()));
    }

    static void master(BinlogPosition master) {
        BINLOG_POS.labels("master").set(master.pos());
        BINLOG_FILE.labels("master").set(fileIndex(master.file()));
    }

    static void subDir(String subDir) {
        SUB_DIR_INDEX.labels("relay", RelayDirectory.uuidOf(subDir)).set(RelayDirectory.sequenceOf(subDir));
    }

    /** Capacity and free space of the disk holding the relay directory. */
    static void space(Path relayDir) {
        try {
            FileStore store = Files.getFileStore(Files.exists(relayDir) ? relayDir : relayDir.toAbsolutePath().getParent());
            SPACE.labels("capacity").set(store.getTotalSpace());
            SPACE.labels("available").set(store.getUsableSpace());
        } catch (IOException | NullPointerException e) {
            // no figure this time
        }
    }

    /** {@code mysql-bin.000042} → 42. */
    static long fileIndex(String file) {
        int dot = file.lastIndexOf('.');
        try {
            return dot < 0 ? 0 : Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
