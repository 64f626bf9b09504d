package io.sluice.worker.dump;

import io.sluice.worker.metrics.FullPhaseMetrics;
import io.sluice.worker.subtask.SubtaskContext;

/** One dump run's dumpling metrics, labelled with DM's {@code task} and {@code source_id}. */
final class DumpMetrics {
    private final String task;
    private final String source;

    DumpMetrics(SubtaskContext ctx) {
        this.task = ctx.taskName();
        this.source = ctx.sourceId();
        FullPhaseMetrics.DUMP_EXIT_WITH_ERROR.inc(task, source, 0);
        FullPhaseMetrics.DUMP_FINISHED_SIZE.labels(task, source).set(0);
        FullPhaseMetrics.DUMP_FINISHED_ROWS.labels(task, source).set(0);
    }

    void planned(long estimatedRows) {
        FullPhaseMetrics.DUMP_ESTIMATE_TOTAL_ROWS.inc(task, source, estimatedRows);
    }

    void fileWritten(DumpFileWriter w, long finishedBytes, long finishedRows) {
        FullPhaseMetrics.DUMP_FINISHED_SIZE.labels(task, source).set(finishedBytes);
        FullPhaseMetrics.DUMP_FINISHED_ROWS.labels(task, source).set(finishedRows);
        if (w.rows() > 0) { // an empty chunk leaves no file
            FullPhaseMetrics.DUMP_WRITE.labels(task, source).observe(w.writeSeconds());
        }
    }

    void tableFinished() {
        FullPhaseMetrics.DUMP_FINISHED_TABLES.inc(task, source, 1);
    }

    void failed() {
        FullPhaseMetrics.DUMP_EXIT_WITH_ERROR.inc(task, source, 1);
    }
}
