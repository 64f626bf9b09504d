package io.sluice.worker.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The dump and load metrics of DM's worker, with DM's names, labels and buckets, so DM's
 * Grafana dashboards (Dump/Load unit row) and alert rules work on Sluice's {@code /metrics}:
 * {@code dm_loader_*} of DM's loader and the {@code dumpling_*} series DM's dump unit exports.
 * One set per process, as in DM; the worker adds them to its registry at start.
 */
public final class FullPhaseMetrics {
    private static final String[] TASK_SOURCE = {"task", "source_id"};

    public static final Histogram LOADER_QUERY = Histogram.build("dm_loader_query_duration_time",
            "Bucketed histogram of query time (s) of a txn.").exponentialBuckets(0.000005, 2, 25)
            .labelNames(TASK_SOURCE).create();
    public static final Histogram LOADER_TXN = Histogram.build("dm_loader_txn_duration_time",
            "Bucketed histogram of processing time (s) of a txn.").exponentialBuckets(0.000005, 2, 25)
            .labelNames("task", "worker", "source_id", "target_schema", "target_table").create();
    public static final Histogram LOADER_STMT = Histogram.build("dm_loader_stmt_duration_time",
            "Bucketed histogram of every statement query time (s).").exponentialBuckets(0.000005, 2, 25)
            .labelNames("type", "task").create();
    public static final Gauge LOADER_DATA_FILES = Gauge.build("dm_loader_data_file_gauge", "data files in total")
            .labelNames(TASK_SOURCE).create();
    public static final Gauge LOADER_TABLES = Gauge.build("dm_loader_table_gauge", "tables in total")
            .labelNames(TASK_SOURCE).create();
    public static final Gauge LOADER_DATA_SIZE = Gauge.build("dm_loader_data_size_gauge", "data size in total")
            .labelNames(TASK_SOURCE).create();
    public static final Gauge LOADER_PROGRESS = Gauge.build("dm_loader_progress",
            "the processing progress of loader in percentage").labelNames(TASK_SOURCE).create();
    public static final Gauge LOADER_REMAINING = Gauge.build("dm_loader_remaining_time",
            "the remaining time in second to finish load process")
            .labelNames("task", "worker", "source_id", "source_schema", "source_table").create();
    public static final Counters LOADER_EXIT_WITH_ERROR = new Counters("dm_loader_exit_with_error_count",
            "counter for loader exits with error");

    public static final Gauge DUMP_FINISHED_SIZE = Gauge.build("dumpling_dump_finished_size",
            "counter for dumpling finished file size").labelNames(TASK_SOURCE).create();
    public static final Gauge DUMP_FINISHED_ROWS = Gauge.build("dumpling_dump_finished_rows",
            "counter for dumpling finished rows").labelNames(TASK_SOURCE).create();
    public static final Counters DUMP_ESTIMATE_TOTAL_ROWS = new Counters("dumpling_dump_estimate_total_rows",
            "estimate total rows for dumpling tables");
    public static final Counters DUMP_FINISHED_TABLES = new Counters("dumpling_dump_finished_tables",
            "counter for dumpling finished tables");
    public static final Histogram DUMP_WRITE = Histogram.build("dumpling_write_write_duration_time",
            "Bucketed histogram of write time (s) of files").exponentialBuckets(0.00005, 2, 20)
            .labelNames(TASK_SOURCE).create();
    public static final Counters DUMP_EXIT_WITH_ERROR = new Counters("dm_dumpling_exit_with_error_count",
            "counter for dumpling exit with error");

    private FullPhaseMetrics() {
    }

    /** Adds every dump and load metric to the worker's registry (once per process). */
    public static void registerTo(CollectorRegistry registry) {
        for (Collector c : List.of(LOADER_QUERY, LOADER_TXN, LOADER_STMT, LOADER_DATA_FILES, LOADER_TABLES,
                LOADER_DATA_SIZE, LOADER_PROGRESS, LOADER_REMAINING, LOADER_EXIT_WITH_ERROR, DUMP_FINISHED_SIZE,
                DUMP_FINISHED_ROWS, DUMP_ESTIMATE_TOTAL_ROWS, DUMP_FINISHED_TABLES, DUMP_WRITE, DUMP_EXIT_WITH_ERROR)) {
            registry.register(c);
        }
    }

    /**
     * Counters by (task, source_id) exposed under their exact DM name. They are typed "untyped":
     * the Java client renames every counter family to {@code *_total}, which DM's dashboards and
     * alert rules do not query.
     */
    public static final class Counters extends Collector {
        private final String name;
        private final String help;
        private final Map<List<String>, DoubleAdder> values = new ConcurrentHashMap<>();

        Counters(String name, String help) {
            this.name = name;
            this.help = help;
        }

        public void inc(String task, String sourceId, double by) {
            values.computeIfAbsent(List.of(task, sourceId), k -> new DoubleAdder()).add(by);
        }

        public double get(String task, String sourceId) {
            DoubleAdder v = values.get(List.of(task, sourceId));
            return v == null ? 0 : v.sum();
        }

        @Override
        public List<MetricFamilySamples> collect() {
            List<MetricFamilySamples.Sample> samples = new ArrayList<>();
            values.forEach((labels, v) -> samples.add(new MetricFamilySamples.Sample(name, List.of(TASK_SOURCE), labels, v.sum())));
            return List.of(new MetricFamilySamples(name, Type.UNKNOWN, help, samples));
        }
    }
}
