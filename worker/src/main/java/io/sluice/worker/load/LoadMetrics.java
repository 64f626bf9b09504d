package io.sluice.worker.load;

import io.sluice.worker.metrics.FullPhaseMetrics;
import io.sluice.worker.subtask.SubtaskContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One load run's DM metrics: sizes when it starts, progress and per-table remaining time after
 * each committed file, the latency of each statement and of each chunk's transaction (one file,
 * or all the files of a keyless table). Remaining time is the table's bytes left over the run's
 * rate so far, as DM estimates it.
 */
final class LoadMetrics {
    private final String task;
    private final String source;
    private final String worker;
    private final long totalBytes;
    private final AtomicLong finishedBytes = new AtomicLong();
    private final AtomicLong loadedThisRun = new AtomicLong();
    private final Map<String, long[]> tableBytes = new HashMap<>(); // "db\0table" -> {total, finished}
    private final long startNanos = System.nanoTime();

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

    /** @param loaded the files already recorded as loaded by an earlier run */
    static LoadMetrics start(SubtaskContext ctx, List<DumpContents.DataFile> files, List<DumpContents.DataFile> loaded,
            int tables) {
        long total = files.stream().mapToLong(DumpContents.DataFile::size).sum();
        LoadMetrics m = new LoadMetrics(ctx.taskName(), ctx.sourceId(), ctx.workerName(), total);
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
        return m;
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
