package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.MariaDbServer;
import java.nio.file.Path;

/**
 * A source and a target MariaDB, a cluster of real processes, and one task of mode {@code all}
 * that has reached the sync unit: the starting point of every failover test.
 */
final class SyncingTask implements AutoCloseable {
    static final String SOURCE = "mysql-01";

    final MariaDbServer src;
    final MariaDbServer dst;
    final Cluster cluster;
    final String task;

    private SyncingTask(MariaDbServer src, MariaDbServer dst, Cluster cluster, String task) {
        this.src = src;
        this.dst = dst;
        this.cluster = cluster;
        this.task = task;
    }

    static SyncingTask start(String name, int masters, int workers) throws Exception {
        return start(name, () -> Cluster.start(name, masters, workers));
    }

    interface ClusterStart {
        Cluster start() throws Exception;
    }

    /** The same, on a cluster the caller starts (workers behind proxies, say). */
    static SyncingTask start(String name, ClusterStart clusterStart) throws Exception {
        SyncingTask t = begin(name, clusterStart, 2_000, 2_000);
        t.cluster.await("sync running", 120, () -> "Sync".equals(t.cluster.subtask(name).path("unit").asText()));
        return t;
    }

    /** The same, returning as soon as the task is started (still in its full phase). */
    static SyncingTask begin(String name, int masters, int workers, int orders, int users) throws Exception {
        return begin(name, () -> Cluster.start(name, masters, workers), orders, users);
    }

    /** The same, with the task file edited by {@code editTask} first (a dumper key, say). */
    static SyncingTask begin(String name, int masters, int workers, int orders, int users,
            java.util.function.UnaryOperator<String> editTask) throws Exception {
        return begin(name, () -> Cluster.start(name, masters, workers), orders, users, editTask);
    }

    private static SyncingTask begin(String name, ClusterStart clusterStart, int orders, int users) throws Exception {
        return begin(name, clusterStart, orders, users, yaml -> yaml);
    }

    private static SyncingTask begin(String name, ClusterStart clusterStart, int orders, int users,
            java.util.function.UnaryOperator<String> editTask) throws Exception {
        MariaDbServer src = MariaDbServer.start(name + "-src");
        MariaDbServer dst = MariaDbServer.start(name + "-dst");
        Cluster cluster = clusterStart.start();
        SyncingTask t = new SyncingTask(src, dst, cluster, name);
        SampleData.create(src, orders, 500, 2_000, users);
        src.execute("ANALYZE TABLE shop.orders, app.users");
        Path source = cluster.writeFile("source.yaml", SampleData.sourceYaml(SOURCE, src));
        Path task = cluster.writeFile("task.yaml", editTask.apply(SampleData.taskYaml(name, "all", SOURCE, dst)));
        assertTrue(cluster.ctlJson("operate-source", "create", source.toString()).path("result").asBoolean());
        assertTrue(cluster.ctlJson("start-task", task.toString()).path("result").asBoolean());
        return t;
    }

    WriteLoad writes() {
        return WriteLoad.start(src, 100_000, 2_000, 2_000);
    }

    /** The worker process bound to the source now. */
    SluiceProcess boundWorker() throws Exception {
        String[] name = {""};
        cluster.await("the source bound", 30, () -> !(name[0] = cluster.workerOf(SOURCE)).isEmpty());
        return cluster.workers.stream().filter(w -> w.name().equals(name[0])).findFirst().orElseThrow();
    }

    /** Waits until the source is bound to a worker other than {@code previous}; returns that worker. */
    String awaitMovedOffFrom(String previous) throws Exception {
        String[] now = {""};
        cluster.await("the source rebound away from " + previous, 60, () -> {
            now[0] = cluster.workerOf(SOURCE);
            return !now[0].isEmpty() && !now[0].equals(previous);
        });
        return now[0];
    }

    /** Waits until the subtask, bound to {@code worker} by now, reports its sync unit Running. */
    void awaitSyncingOn(String worker) throws Exception {
        cluster.await("sync running on " + worker, 60, () -> "Sync".equals(cluster.subtask(task).path("unit").asText())
                && "Running".equals(cluster.subtask(task).path("stage").asText()));
    }

    void awaitEqual(String when) throws Exception {
        cluster.await("target equals source " + when, 180, () ->
                TableChecksum.of(src, SampleData.SCHEMAS).equals(TableChecksum.of(dst, SampleData.SCHEMAS)));
    }

    @Override
    public void close() {
        cluster.close();
        src.close();
        dst.close();
    }
}
