package io.sluice.worker.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.sluice.common.cli.ProcessCpu;
import io.sluice.proto.SubTaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The worker-level metrics of DM v5.3: {@code dm_worker_task_state} (one sample per subtask, the
 * stage's number: Running 2, Paused 3, Stopped 4, Finished 5 — DM's {@code DM_task_state} alert
 * fires on 3) and {@code dm_worker_cpu_usage}. Read from the running subtasks at scrape time, so
 * a subtask that is gone has no sample left behind.
 */
public final class WorkerStateMetrics extends Collector {
    private static final List<String> TASK_LABELS = List.of("task", "source_id", "worker");

    private final String worker;
    private final Supplier<String> source;
    private final Supplier<List<SubTaskStatus>> subtasks;

    public WorkerStateMetrics(String worker, Supplier<String> source, Supplier<List<SubTaskStatus>> subtasks) {
        this.worker = worker;
        this.source = source;
        this.subtasks = subtasks;
    }

    public void registerTo(CollectorRegistry registry) {
        registry.register(this);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples.Sample> states = new ArrayList<>();
        String sourceId = source.get();
        for (SubTaskStatus s : subtasks.get()) {
            states.add(new MetricFamilySamples.Sample("dm_worker_task_state", TASK_LABELS,
                    List.of(s.getName(), sourceId, worker), s.getStageValue()));
        }
        return List.of(
                new MetricFamilySamples("dm_worker_task_state", Type.GAUGE,
                        "Stage of each subtask on this worker (2 Running, 3 Paused, 4 Stopped, 5 Finished).", states),
                new MetricFamilySamples("dm_worker_cpu_usage", Type.GAUGE, "CPU use of the worker process, in percent.",
                        List.of(new MetricFamilySamples.Sample("dm_worker_cpu_usage", List.of(), List.of(), ProcessCpu.percent()))));
    }
}
