package io.sluice.master.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.sluice.common.cli.ProcessCpu;
import io.sluice.master.shardddl.DdlLockView;
import io.sluice.master.shardddl.ShardDdlErrorCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The master metrics of DM v5.3 that its alert rules and dashboards read:
 * {@code dm_master_worker_state} (per worker: offline 0, free 1, bound 2; DM's
 * {@code DM_worker_offline} alert fires on 0), {@code dm_master_start_leader_counter} and
 * {@code dm_master_cpu_usage}; the shard DDL locks by state ({@code dm_master_ddl_state_number},
 * DM's {@code DM_pending_DDL} alert) and refused shard DDLs ({@code dm_master_shard_ddl_error},
 * {@code DM_DDL_error}). As in DM, only the leader reports worker states and locks: a follower's
 * view is not authoritative, and two masters reporting would double every alert.
 */
public final class MasterMetrics extends Collector {
    /** DM's numbers for a worker's stage. */
    private static final Map<String, Double> STAGE_NUMBERS = Map.of("offline", 0.0, "free", 1.0, "bound", 2.0, "relay", 1.5);

    /** A plain number rather than a client Counter: that would be exposed as {@code ..._total}, not DM's name. */
    private final AtomicLong startLeader = new AtomicLong();
    private final BooleanSupplier leader;
    private final Supplier<Map<String, String>> workerStages;
    private volatile Supplier<List<DdlLockView>> locks = List::of;

    /** @param workerStages worker name → stage ("offline", "free", "bound") as the leader sees it */
    public MasterMetrics(BooleanSupplier leader, Supplier<Map<String, String>> workerStages) {
        this.leader = leader;
        this.workerStages = workerStages;
    }

    /** Where the shard DDL locks come from (set once the client API exists). */
    public void locksFrom(Supplier<List<DdlLockView>> source) {
        this.locks = source;
    }

    public void registerTo(CollectorRegistry registry) {
        registry.register(this);
    }

    public void leaderStarted() {
        startLeader.incrementAndGet();
    }

    private List<DdlLockView> safeLocks() {
        try {
            return locks.get();
        } catch (RuntimeException e) {
            return List.of(); // leadership lost mid-scrape: report nothing rather than fail the scrape
        }
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples.Sample> states = new ArrayList<>();
        if (leader.getAsBoolean()) {
            workerStages.get().forEach((worker, stage) -> states.add(new MetricFamilySamples.Sample("dm_master_worker_state",
                    List.of("worker"), List.of(worker), STAGE_NUMBERS.getOrDefault(stage, 0.0))));
        }
        double cpu = ProcessCpu.percent();
        List<MetricFamilySamples.Sample> lockStates = new ArrayList<>();
        if (leader.getAsBoolean()) {
            // DM's states: Un-synced while a source has not run the DDL, Synced while it runs downstream
            Map<List<String>, Integer> byState = new TreeMap<>(Comparator.comparing(Object::toString));
            for (DdlLockView l : safeLocks()) {
                byState.merge(List.of(l.task(), l.unsynced().isEmpty() ? "Synced" : "Un-synced"), 1, Integer::sum);
            }
            byState.forEach((k, n) -> lockStates.add(new MetricFamilySamples.Sample("dm_master_ddl_state_number", List.of("task", "type"), k,
                    n)));
        }
        List<MetricFamilySamples.Sample> ddlErrors = new ArrayList<>();
        ShardDdlErrorCounts.snapshot().forEach((k, n) -> ddlErrors.add(
                new MetricFamilySamples.Sample("dm_master_shard_ddl_error", List.of("task", "type"), k, n)));
        return List.of(
                new MetricFamilySamples("dm_master_ddl_state_number", Type.GAUGE,
                        "Shard DDL locks by state (Un-synced: waiting for sources; Synced: all arrived, running downstream).", lockStates),
                // a plain number: a client counter would be exposed as ..._total, which DM's alert does not read
                new MetricFamilySamples("dm_master_shard_ddl_error", Type.UNKNOWN, "Shard DDL reports the leader refused, by task and type.",
                        ddlErrors),
                new MetricFamilySamples("dm_master_worker_state", Type.GAUGE,
                        "Stage of each worker as the leader sees it (0 offline, 1 free, 2 bound).", states),
                new MetricFamilySamples("dm_master_start_leader_counter", Type.UNKNOWN,
                        "Times this master became the leader and started the leader's components.",
                        List.of(new MetricFamilySamples.Sample("dm_master_start_leader_counter", List.of(), List.of(),
                                startLeader.get()))),
                new MetricFamilySamples("dm_master_cpu_usage", Type.GAUGE, "CPU use of the master process, in percent.",
                        List.of(new MetricFamilySamples.Sample("dm_master_cpu_usage", List.of(), List.of(), cpu))));
    }
}
