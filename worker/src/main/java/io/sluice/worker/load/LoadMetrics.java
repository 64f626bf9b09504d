package io.sluice.worker.load;

import io.sluice.worker.metrics.FullPhaseMetrics;
import io.sluice.worker.subtask.SubtaskContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One load run's DM metrics: sizes when it starts, progress and per-table remaining time after
 * each committed file, the latency of each statement and of each chunk's transaction (one file,
 * or all the files of a keyless table). Remaining time is the table's bytes left over the run's
 * rate so far, as DM estimates it; like DM it is also refreshed every few seconds while the load
 * runs, so a long chunk shows the estimate growing instead of a value frozen at the last commit.
 * {@link #close} stops that refresh when the load ends.
 */
final class LoadMetrics implements AutoCloseable {
    static final Duration REFRESH_PERIOD = Duration.ofSeconds(5);

    private final String task;
    private final String source;
    private final String worker;
    private final long totalBytes;
    private final AtomicLong finishedBytes = new AtomicLong();
    private final AtomicLong loadedThisRun = new AtomicLong();
    private final Map<String, long[]> tableBytes = new HashMap<>(); // "db\0table" -> {total, finished}
    private final long startNanos = System.nanoTime();
    private ScheduledExecutorService refresher;

    private LoadMetrics(String task, String source, String worker, long totalBytes) {
        this.task = task;
        this.source = source;
        this.worker = worker;
        this.totalBytes = totalBytes;
    }

    /** Metrics that record nothing: for loaders used outside a load unit. */
    static LoadMetrics none() {
        return new LoadMetrics(null, null, null, 0);
    }

    /**
     * Statement and transaction latencies only, for chunks loaded while the dump still runs: the
     * load's size and progress are not known before the dump ends, and the load unit counts
     * those chunks as loaded when it starts.
     */
    static LoadMetrics latencies(SubtaskContext ctx) {
        return new LoadMetrics(ctx.taskName(), ctx.sourceId(), ctx.workerName(), 0);
    }

    /** @param loaded the files already recorded as loaded by an earlier run */
    static LoadMetrics start(SubtaskContext ctx, List<DumpContents.DataFile> files, List<DumpContents.DataFile> loaded,
            int tables) {
        return start(ctx.taskName(), ctx.sourceId(), ctx.workerName(), files, loaded, tables, REFRESH_PERIOD);
    }

    /** @param refresh how often the remaining time is published between commits */
    static LoadMetrics start(String task, String source, String worker, List<DumpContents.DataFile> files,
            List<DumpContents.DataFile> loaded, int tables, Duration refresh) {
        long total = files.stream().mapToLong(DumpContents.DataFile::size).sum();
        LoadMetrics m = new LoadMetrics(task, source, worker, total);
        for (DumpContents.DataFile f : files) {
            m.tableBytes.computeIfAbsent(key(f), k -> new long[2])[0] += f.size();
        }
        for (DumpContents.DataFile f : loaded) {
            m.tableBytes.get(key(f))[1] += f.size();
            m.finishedBytes.addAndGet(f.size());
        }
        FullPhaseMetrics.LOADER_TABLES.labels(m.task, m.source).set(tables);
        FullPhaseMetrics.LOADER_DATA_FILES.labels(m.task, m.source).set(files.size());
        FullPhaseMetrics.LOADER_DATA_SIZE.labels(m.task, m.source).set(total);
        FullPhaseMetrics.LOADER_EXIT_WITH_ERROR.inc(m.task, m.source, 0);
        m.publishProgress();
        m.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-metrics-" + task + "-" + source);
            t.setDaemon(true);
            return t;
        });
        long periodMillis = Math.max(1, refresh.toMillis());
        m.refresher.scheduleAtFixedRate(m::publishProgress, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return m;
    }

    /** Stops the periodic refresh; the gauges keep the values of the last publish. */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** Whether the periodic refresh still runs. */
    boolean refreshing() {
        return refresher != null && !refresher.isTerminated();
    }

    void fileLoaded(DumpContents.DataFile f) {
        if (task == null) {
            return;
        }
        finishedBytes.addAndGet(f.size());
        loadedThisRun.addAndGet(f.size());
        synchronized (tableBytes) {
            tableBytes.get(key(f))[1] += f.size();
        }
        publishProgress();
    }

    void exitedWithError() {
        if (task != null) {
            FullPhaseMetrics.LOADER_EXIT_WITH_ERROR.inc(task, source, 1);
        }
    }

    void statement(double seconds) {
        if (task != null) {
            FullPhaseMetrics.LOADER_STMT.labels("stmt", task).observe(seconds);
            FullPhaseMetrics.LOADER_QUERY.labels(task, source).observe(seconds);
        }
    }

    void transaction(String targetSchema, String targetTable, double seconds) {
        if (task != null) {
            FullPhaseMetrics.LOADER_TXN.labels(task, worker, source, targetSchema, targetTable).observe(seconds);
        }
    }

    private void publishProgress() {
        FullPhaseMetrics.LOADER_PROGRESS.labels(task, source).set(totalBytes == 0 ? 1.0 : finishedBytes.get() / (double) totalBytes);
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = secs > 0 ? loadedThisRun.get() / secs : 0;
        synchronized (tableBytes) {
            for (Map.Entry<String, long[]> e : tableBytes.entrySet()) {
                long left = e.getValue()[0] - e.getValue()[1];
                if (left == 0 || rate > 0) {
                    String[] t = e.getKey().split("\0", 2);
                    FullPhaseMetrics.LOADER_REMAINING.labels(task, worker, source, t[0], t[1]).set(left == 0 ? 0 : left / rate);
                }
            }
        }
    }

    private static String key(DumpContents.DataFile f) {
        return f.table().schema() + "\0" + f.table().table();
    }
}
