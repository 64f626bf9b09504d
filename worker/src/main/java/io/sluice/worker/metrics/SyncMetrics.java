package io.sluice.worker.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sync unit's metrics with DM v5.3's names, labels and buckets, behind the "Binlog
 * replication" row of DM's task dashboard. A sync unit binds one {@link Bound} set to its task,
 * source and worker once, so the hot path observes into pre-resolved children: no label lookup
 * per row (the job counters, whose labels include the target table, are looked up once per
 * event and per writer batch).
 */
public final class SyncMetrics {
    public static final Histogram READ_BINLOG = Histogram.build("dm_syncer_read_binlog_duration",
            "Seconds spent waiting for one binlog event from the upstream or the relay log.")
            .exponentialBuckets(0.000005, 2, 25).labelNames("task", "source_id").create();
    public static final Histogram EVENT_SIZE = Histogram.build("dm_syncer_binlog_event_size",
            "Bytes of each binlog event read.").exponentialBuckets(16, 2, 20).labelNames("task", "worker", "source_id").create();
    public static final Histogram TRANSFORM = Histogram.build("dm_syncer_binlog_transform_cost",
            "Seconds spent turning one binlog event into row changes or DDL (stage gen-*), and from queueing a change"
                    + " to its execution (stage ddl-exec).").exponentialBuckets(0.000005, 2, 25)
            .labelNames("stage", "task", "worker", "source_id").create();
    public static final Histogram CONFLICT_DETECT = Histogram.build("dm_syncer_conflict_detect_duration",
            "Seconds spent choosing the writer queue of one row change by its key.").exponentialBuckets(0.000005, 2, 25)
            .labelNames("task", "source_id").create();
    public static final Histogram ADD_JOB = Histogram.build("dm_syncer_add_job_duration",
            "Seconds spent handing one change to its writer queue (long when the queue is full).")
            .exponentialBuckets(0.000005, 2, 25).labelNames("type", "task", "queueNo", "source_id").create();
    public static final Histogram DISPATCH = Histogram.build("dm_syncer_dispatch_binlog_duration",
            "Seconds spent handing the changes of one binlog event to the writer queues.").exponentialBuckets(0.000005, 2, 25)
            .labelNames("type", "task", "source_id").create();
    public static final Histogram SKIP = Histogram.build("dm_syncer_skip_binlog_duration",
            "Seconds spent on a binlog event that filters or routing left out.").exponentialBuckets(0.0000005, 2, 25)
            .labelNames("type", "task", "source_id").create();
    public static final Counter ADDED_JOBS = Counter.build("dm_syncer_added_jobs_total",
            "Row changes and DDL handed to the writers.")
            .labelNames("type", "task", "queueNo", "source_id", "worker", "target_schema", "target_table").create();
    public static final Counter FINISHED_JOBS = Counter.build("dm_syncer_finished_jobs_total",
            "Row changes and DDL committed on the target.")
            .labelNames("type", "task", "queueNo", "source_id", "worker", "target_schema", "target_table").create();
    public static final Gauge IDEAL_QPS = Gauge.build("dm_syncer_ideal_qps",
            "Statements per second the writers could run at the latest statement latency.")
            .labelNames("task", "worker", "source_id").create();
    public static final Histogram EVENT_ROWS = Histogram.build("dm_syncer_binlog_event_row",
            "Rows in each rows event.").linearBuckets(0, 100, 101).labelNames("worker", "task", "source_id").create();
    public static final Counter SQL_RETRIES = Counter.build("dm_syncer_sql_retries_total",
            "Target transactions run again after a deadlock or lock wait timeout.").labelNames("type", "task").create();
    public static final Histogram TXN = Histogram.build("dm_syncer_txn_duration_time",
            "Seconds of one writer transaction on the target.").exponentialBuckets(0.000005, 2, 25)
            .labelNames("task", "worker", "source_id").create();
    public static final Histogram QUERY = Histogram.build("dm_syncer_query_duration_time",
            "Seconds of one DDL or checkpoint statement on the target.").exponentialBuckets(0.000005, 2, 25)
            .labelNames("task", "worker", "source_id").create();
    public static final Gauge QUEUE_SIZE = Gauge.build("dm_syncer_queue_size", "Row changes waiting in a writer queue.")
            .labelNames("task", "queue_id", "source_id").create();
    public static final Gauge LAG_GAUGE = Gauge.build("dm_syncer_replication_lag_gauge",
            "Seconds between the upstream commit and the target write of the latest transaction.")
            .labelNames("task", "source_id", "worker").create();
    public static final Histogram LAG = Histogram.build("dm_syncer_replication_lag",
            "Seconds between the upstream commit and the target write, per transaction.").exponentialBuckets(0.5, 2, 12)
            .labelNames("task", "source_id", "worker").create();
    public static final Gauge REMAINING_TIME = Gauge.build("dm_syncer_remaining_time",
            "Estimated seconds until the sync reaches the upstream's current position at the recent read rate.")
            .labelNames("task", "source_id", "worker").create();
    public static final Gauge BINLOG_FILE = Gauge.build("dm_syncer_binlog_file", "Sequence number of the current binlog file.")
            .labelNames("node", "task", "source_id").create();
    public static final Gauge BINLOG_POS = Gauge.build("dm_syncer_binlog_pos", "Offset in the current binlog file.")
            .labelNames("node", "task", "source_id").create();
    public static final Counter FINISHED_TXN = Counter.build("dm_syncer_finished_transaction_total",
            "Upstream transactions fully handed to the writers.").labelNames("task", "worker", "source_id").create();
    public static final Histogram TXN_BATCH = Histogram.build("dm_syncer_replication_transaction_batch",
            "Row changes per writer transaction.").linearBuckets(1, 50, 21).labelNames("worker", "task", "source_id", "queueNo")
            .create();
    public static final Histogram FLUSH_INTERVAL = Histogram.build("dm_syncer_flush_checkpoints_time_interval",
            "Seconds between two saves of the global checkpoint.").linearBuckets(1, 50, 21)
            .labelNames("worker", "task", "source_id").create();
    public static final FullPhaseMetrics.Counters EXIT_WITH_ERROR = new FullPhaseMetrics.Counters(
            "dm_syncer_exit_with_error_count", "Times the sync unit stopped on an error.");

    /** The binlog event kinds, with the label values DM gives each in its metrics. */
    public enum EventKind {
        WRITE_ROWS("insert", "rows", "gen-write-rows"), UPDATE_ROWS("update", "rows", "gen-update-rows"),
        DELETE_ROWS("delete", "rows", "gen-delete-rows"), QUERY("ddl", "query", "gen-query");

        /** The {@code type} of dispatch, add-job and job counters. */
        final String jobType;
        /** The {@code type} of skipped events. */
        final String skipType;
        /** The {@code stage} of the transform cost. */
        final String stage;

        EventKind(String jobType, String skipType, String stage) {
            this.jobType = jobType;
            this.skipType = skipType;
            this.stage = stage;
        }
    }

    private SyncMetrics() {
    }

    /** Adds every sync metric to the worker's registry (once per process). */
    public static void registerTo(CollectorRegistry registry) {
        for (Collector c : List.of(READ_BINLOG, EVENT_SIZE, TRANSFORM, CONFLICT_DETECT, ADD_JOB, DISPATCH, SKIP, ADDED_JOBS,
                FINISHED_JOBS, IDEAL_QPS, EVENT_ROWS, SQL_RETRIES, TXN, QUERY, QUEUE_SIZE, LAG_GAUGE, LAG, REMAINING_TIME,
                BINLOG_FILE, BINLOG_POS, FINISHED_TXN, TXN_BATCH, FLUSH_INTERVAL, EXIT_WITH_ERROR)) {
            registry.register(c);
        }
    }

    /** The sync metrics of one subtask, label values resolved once. */
    public static Bound bind(String task, String sourceId, String worker, int queues) {
        return new Bound(task, sourceId, worker, queues);
    }

    /** DM's {@code queueNo}/{@code queue_id} of writer {@code q}: its dashboards show q_0..q_7. */
    static String queueName(int q) {
        return "q_" + q % 8;
    }

    /** One subtask's children of every sync metric. */
    public static final class Bound {
        private final String task;
        private final String sourceId;
        private final String worker;
        private final int queues;
        private final Histogram.Child read;
        private final Histogram.Child eventSize;
        private final Histogram.Child[] transform = new Histogram.Child[EventKind.values().length];
        private final Histogram.Child[] dispatch = new Histogram.Child[EventKind.values().length];
        private final Histogram.Child[] skip = new Histogram.Child[EventKind.values().length];
        /** By kind, then queue. */
        private final Histogram.Child[][] addJob;
        private final Histogram.Child ddlExec;
        private final Histogram.Child conflict;
        private final Histogram.Child eventRows;
        private final Histogram.Child txn;
        private final Histogram.Child query;
        private final Histogram.Child[] txnBatch;
        private final Histogram.Child flushInterval;
        private final Gauge.Child idealQps;
        private final Counter.Child retries;
        private final Gauge.Child[] queueSize;
        private final Gauge.Child lagGauge;
        private final Histogram.Child lag;
        private final Gauge.Child remaining;
        private final Gauge.Child masterFile;
        private final Gauge.Child masterPos;
        private final Gauge.Child syncerFile;
        private final Gauge.Child syncerPos;
        private final Counter.Child finishedTxn;
        /** Job counters by kind, queue and target table, made on first use (the table set is open). */
        private final Map<JobKey, Counter.Child[]> jobs = new ConcurrentHashMap<>();
        private String lastSyncerFile = "";
        private volatile long bytesRead;

        private Bound(String task, String sourceId, String worker, int queues) {
            this.task = task;
            this.sourceId = sourceId;
            this.worker = worker;
            this.queues = queues;
            read = READ_BINLOG.labels(task, sourceId);
            eventSize = EVENT_SIZE.labels(task, worker, sourceId);
            addJob = new Histogram.Child[EventKind.values().length][queues];
            for (EventKind k : EventKind.values()) {
                transform[k.ordinal()] = TRANSFORM.labels(k.stage, task, worker, sourceId);
                dispatch[k.ordinal()] = DISPATCH.labels(k.jobType, task, sourceId);
                skip[k.ordinal()] = SKIP.labels(k.skipType, task, sourceId);
                for (int q = 0; q < queues; q++) {
                    addJob[k.ordinal()][q] = ADD_JOB.labels(k.jobType, task, queueName(q), sourceId);
                }
            }
            ddlExec = TRANSFORM.labels("ddl-exec", task, worker, sourceId);
            conflict = CONFLICT_DETECT.labels(task, sourceId);
            eventRows = EVENT_ROWS.labels(worker, task, sourceId);
            txn = TXN.labels(task, worker, sourceId);
            query = QUERY.labels(task, worker, sourceId);
            txnBatch = new Histogram.Child[queues];
            queueSize = new Gauge.Child[queues];
            for (int q = 0; q < queues; q++) {
                txnBatch[q] = TXN_BATCH.labels(worker, task, sourceId, queueName(q));
                queueSize[q] = QUEUE_SIZE.labels(task, queueName(q), sourceId);
            }
            flushInterval = FLUSH_INTERVAL.labels(worker, task, sourceId);
            idealQps = IDEAL_QPS.labels(task, worker, sourceId);
            retries = SQL_RETRIES.labels("stmt_exec", task);
            lagGauge = LAG_GAUGE.labels(task, sourceId, worker);
            lag = LAG.labels(task, sourceId, worker);
            remaining = REMAINING_TIME.labels(task, sourceId, worker);
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
                bytesRead += eventBytes; // one reader thread
            }
        }

        /** Binlog bytes read since the unit started: the rate behind the remaining-time estimate. */
        public long bytesRead() {
            return bytesRead;
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

        public void rowsEvent(int rows) {
            eventRows.observe(rows);
        }

        public void queueChosen(long nanos) {
            conflict.observe(nanos / 1e9);
        }

        public void jobAdded(EventKind kind, int queue, long nanos) {
            addJob[kind.ordinal()][queue].observe(nanos / 1e9);
        }

        /** {@code count} changes of one kind for one target table handed to queue {@code queue}. */
        public void jobsAdded(EventKind kind, int queue, String targetSchema, String targetTable, int count) {
            jobCounters(kind, targetSchema, targetTable)[queue].inc(count);
        }

        /** {@code count} changes of one kind for one target table committed by queue {@code queue}. */
        public void jobsFinished(EventKind kind, int queue, String targetSchema, String targetTable, int count) {
            jobCounters(kind, targetSchema, targetTable)[queues + queue].inc(count);
        }

        /** A DDL (not queued: it runs on the pipeline thread) ran on the target. */
        public void ddlExecuted(String targetSchema, String targetTable, long nanos) {
            query.observe(nanos / 1e9);
            ddlExec.observe(nanos / 1e9);
            Counter.Child[] c = jobCounters(EventKind.QUERY, targetSchema, targetTable);
            c[0].inc();
            c[queues].inc();
        }

        private Counter.Child[] jobCounters(EventKind kind, String targetSchema, String targetTable) {
            return jobs.computeIfAbsent(new JobKey(kind, targetSchema, targetTable), k -> {
                Counter.Child[] c = new Counter.Child[2 * queues];
                for (int q = 0; q < queues; q++) {
                    c[q] = ADDED_JOBS.labels(kind.jobType, task, queueName(q), sourceId, worker, targetSchema, targetTable);
                    c[queues + q] = FINISHED_JOBS.labels(kind.jobType, task, queueName(q), sourceId, worker, targetSchema, targetTable);
                }
                return c;
            });
        }

        /** One writer transaction of {@code rows} changes committed in {@code nanos}. */
        public void transactionWritten(int queue, int rows, long nanos) {
            txn.observe(nanos / 1e9);
            txnBatch[queue].observe(rows);
            if (nanos > 0) {
                // DM's ideal rate: every writer running statements back to back at this latency
                idealQps.set(queues * rows / (nanos / 1e9));
            }
        }

        public void transactionRetried() {
            retries.inc();
        }

        public void checkpointSaved(long nanos, long sinceLastMillis) {
            query.observe(nanos / 1e9);
            if (sinceLastMillis > 0) {
                flushInterval.observe(sinceLastMillis / 1000.0);
            }
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
            remaining.set(0);
        }

        public void remainingSeconds(double seconds) {
            remaining.set(seconds);
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

    private record JobKey(EventKind kind, String schema, String table) {
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
