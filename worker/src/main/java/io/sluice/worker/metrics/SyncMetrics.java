package io.sluice.worker.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import java.util.List;

/**
 * The sync unit's metrics with DM v5.3's names, labels and buckets, behind the "Binlog
 * replication" row of DM's task dashboard. A sync unit binds one {@link Bound} set to its task,
 * source and worker once, so the hot path only observes into pre-resolved children: no label
 * lookup and no allocation per event or row.
 */
public final class SyncMetrics {
    public static final Histogram READ_BINLOG = Histogram.build("dm_syncer_read_binlog_duration",
            "bucketed histogram of read time (s) for single binlog event from the relay log or master.")
            .exponentialBuckets(0.000005, 2, 25).labelNames("task", "source_id").create();
    public static final Histogram EVENT_SIZE = Histogram.build("dm_syncer_binlog_event_size",
            "size of a binlog event").exponentialBuckets(16, 2, 20).labelNames("task", "worker", "source_id").create();
    public static final Histogram TRANSFORM = Histogram.build("dm_syncer_binlog_transform_cost",
            "cost of binlog event transform").exponentialBuckets(0.000005, 2, 25)
            .labelNames("type", "task", "worker", "source_id").create();
    public static final Histogram DISPATCH = Histogram.build("dm_syncer_dispatch_binlog_duration",
            "bucketed histogram of dispatch a binlog event time (s)").exponentialBuckets(0.000005, 2, 25)
            .labelNames("type", "task", "source_id").create();
    public static final Histogram SKIP = Histogram.build("dm_syncer_skip_binlog_duration",
            "bucketed histogram of skip a binlog event time (s)").exponentialBuckets(0.0000005, 2, 25)
            .labelNames("type", "task", "source_id").create();
    public static final Histogram TXN = Histogram.build("dm_syncer_txn_duration_time",
            "Bucketed histogram of processing time (s) of a txn.").exponentialBuckets(0.000005, 2, 25)
            .labelNames("task", "worker", "source_id").create();
    public static final Gauge QUEUE_SIZE = Gauge.build("dm_syncer_queue_size", "remain size of the DML queue")
            .labelNames("task", "queue_id", "source_id").create();
    public static final Gauge LAG_GAUGE = Gauge.build("dm_syncer_replication_lag_gauge",
            "replication lag gauge in second between mysql and syncer").labelNames("task", "source_id", "worker").create();
    public static final Histogram LAG = Histogram.build("dm_syncer_replication_lag",
            "replication lag histogram in second between mysql and syncer").exponentialBuckets(0.5, 2, 12)
            .labelNames("task", "source_id", "worker").create();
    public static final Gauge BINLOG_FILE = Gauge.build("dm_syncer_binlog_file", "current binlog file index")
            .labelNames("node", "task", "source_id").create();
    public static final Gauge BINLOG_POS = Gauge.build("dm_syncer_binlog_pos", "current binlog pos")
            .labelNames("node", "task", "source_id").create();
    public static final Counter FINISHED_TXN = Counter.build("dm_syncer_finished_transaction_total",
            "total number of finished transaction").labelNames("task", "worker", "source_id").create();
    public static final FullPhaseMetrics.Counters EXIT_WITH_ERROR = new FullPhaseMetrics.Counters(
            "dm_syncer_exit_with_error_count", "counter for syncer exits with error");

    /** The event kinds of DM's {@code type} label. */
    public enum EventKind {
        WRITE_ROWS("write_rows"), UPDATE_ROWS("update_rows"), DELETE_ROWS("delete_rows"), QUERY("query");

        final String label;

        EventKind(String label) {
            this.label = label;
        }
    }

    private SyncMetrics() {
    }

    /** Adds every sync metric to the worker's registry (once per process). */
    public static void registerTo(CollectorRegistry registry) {
        for (Collector c : List.of(READ_BINLOG, EVENT_SIZE, TRANSFORM, DISPATCH, SKIP, TXN, QUEUE_SIZE, LAG_GAUGE, LAG,
                BINLOG_FILE, BINLOG_POS, FINISHED_TXN, EXIT_WITH_ERROR)) {
            registry.register(c);
        }
    }

    /** The sync metrics of one subtask, label values resolved once. */
    public static Bound bind(String task, String sourceId, String worker, int queues) {
        return new Bound(task, sourceId, worker, queues);
    }

    /** One subtask's children of every sync metric. */
    public static final class Bound {
        private final String task;
        private final String sourceId;
        private final Histogram.Child read;
        private final Histogram.Child eventSize;
        private final Histogram.Child[] transform = new Histogram.Child[EventKind.values().length];
        private final Histogram.Child[] dispatch = new Histogram.Child[EventKind.values().length];
        private final Histogram.Child[] skip = new Histogram.Child[EventKind.values().length];
        private final Histogram.Child txn;
        private final Gauge.Child[] queueSize;
        private final Gauge.Child lagGauge;
        private final Histogram.Child lag;
        private final Gauge.Child masterFile;
        private final Gauge.Child masterPos;
        private final Gauge.Child syncerFile;
        private final Gauge.Child syncerPos;
        private final Counter.Child finishedTxn;
        private String lastSyncerFile = "";

        private Bound(String task, String sourceId, String worker, int queues) {
            this.task = task;
            this.sourceId = sourceId;
            read = READ_BINLOG.labels(task, sourceId);
            eventSize = EVENT_SIZE.labels(task, worker, sourceId);
            for (EventKind k : EventKind.values()) {
                transform[k.ordinal()] = TRANSFORM.labels(k.label, task, worker, sourceId);
                dispatch[k.ordinal()] = DISPATCH.labels(k.label, task, sourceId);
                skip[k.ordinal()] = SKIP.labels(k.label, task, sourceId);
            }
            txn = TXN.labels(task, worker, sourceId);
            queueSize = new Gauge.Child[queues];
            for (int q = 0; q < queues; q++) {
                // DM's dashboard legend: q_0..q_7, the writer's index mod 8
                queueSize[q] = QUEUE_SIZE.labels(task, "q_" + q % 8, sourceId);
            }
            lagGauge = LAG_GAUGE.labels(task, sourceId, worker);
            lag = LAG.labels(task, sourceId, worker);
            masterFile = BINLOG_FILE.labels("master", task, sourceId);
            masterPos = BINLOG_POS.labels("master", task, sourceId);
            syncerFile = BINLOG_FILE.labels("syncer", task, sourceId);
            syncerPos = BINLOG_POS.labels("syncer", task, sourceId);
            finishedTxn = FINISHED_TXN.labels(task, worker, sourceId);
            EXIT_WITH_ERROR.inc(task, sourceId, 0);
        }

        public void eventRead(long nanos, long eventBytes) {
            read.observe(nanos / 1e9);
            if (eventBytes > 0) {
                eventSize.observe(eventBytes);
            }
        }

        public void transformed(EventKind kind, long nanos) {
            transform[kind.ordinal()].observe(nanos / 1e9);
        }

        public void dispatched(EventKind kind, long nanos) {
            dispatch[kind.ordinal()].observe(nanos / 1e9);
        }

        public void skipped(EventKind kind, long nanos) {
            skip[kind.ordinal()].observe(nanos / 1e9);
        }

        public void transactionWritten(long nanos) {
            txn.observe(nanos / 1e9);
        }

        public void queueRemain(int queue, int rows) {
            queueSize[queue].set(rows);
        }

        /** A transaction handed to the writers; {@code lagSeconds} from its upstream commit time. */
        public void transactionFinished(double lagSeconds) {
            finishedTxn.inc();
            lagGauge.set(lagSeconds);
            lag.observe(lagSeconds);
        }

        /** Everything read is written and the stream is quiet: nothing lags. */
        public void caughtUp() {
            lagGauge.set(0);
        }

        public void master(String file, long pos) {
            masterFile.set(fileIndex(file));
            masterPos.set(pos);
        }

        /** Called by the single pipeline thread at each transaction end. */
        public void syncer(String file, long pos) {
            if (!file.equals(lastSyncerFile)) {
                lastSyncerFile = file;
                syncerFile.set(fileIndex(file));
            }
            syncerPos.set(pos);
        }

        public void exitedWithError() {
            EXIT_WITH_ERROR.inc(task, sourceId, 1);
        }
    }

    /** The sequence number of a binlog file ({@code mysql-bin.000042} → 42); 0 when it has none. */
    static long fileIndex(String file) {
        int dot = file == null ? -1 : file.lastIndexOf('.');
        if (dot < 0 || dot == file.length() - 1) {
            return 0;
        }
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
