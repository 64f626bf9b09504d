package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.DbConfig;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.SyncerConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.filter.MigrationRules;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.SyncStatus;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.metrics.SyncMetrics;
import io.sluice.worker.subtask.SubtaskContext;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DM's sync metrics and query-status sync fields while a real sync runs between two MariaDB
 * servers: rows written upstream before the unit starts (so their lag is known to be at least
 * the wait) and after it started.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncMetricsTest {
    private static final String TASK = "metrics";
    private static final String SOURCE = "src-1";
    private static final String WORKER = "worker-test";

    private MariaDbServer src;
    private MariaDbServer dst;
    private final CollectorRegistry registry = new CollectorRegistry();

    @BeforeAll
    void startServers() {
        src = MariaDbServer.start("metrics-src");
        dst = MariaDbServer.start("metrics-dst");
        SyncMetrics.registerTo(registry);
    }

    @AfterAll
    void stopServers() {
        if (src != null) {
            src.close();
        }
        if (dst != null) {
            dst.close();
        }
    }

    @Test
    void countersMoveAndLagAndStatusAreRight() throws Exception {
        src.execute("CREATE DATABASE m", "CREATE TABLE m.t (id INT PRIMARY KEY, v VARCHAR(20))");
        dst.execute("CREATE DATABASE m", "CREATE TABLE m.t (id INT PRIMARY KEY, v VARCHAR(20))");
        BinlogPosition start = masterPosition();
        for (int i = 0; i < 10; i++) {
            src.execute("INSERT INTO m.t VALUES (" + i + ", 'early')");
        }
        Thread.sleep(3_000); // these ten transactions are at least 2 s old when the unit reads them

        SyncUnit unit = new SyncUnit(start);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                unit.process(context());
            } catch (Throwable e) {
                error.set(e);
            }
        }, "sync-metrics-test");
        thread.start();
        try {
            await("early rows copied", () -> count() == 10, thread, error);
            double earlyLagSum = value("dm_syncer_replication_lag_sum", "task", TASK, "source_id", SOURCE, "worker", WORKER);
            double earlyLagCount = value("dm_syncer_replication_lag_count", "task", TASK, "source_id", SOURCE, "worker", WORKER);
            assertTrue(earlyLagCount >= 10, "lag observed per transaction: " + earlyLagCount);
            assertTrue(earlyLagSum / earlyLagCount >= 1.5 && earlyLagSum / earlyLagCount < 120,
                    "mean lag of transactions written 3 s before the start: " + earlyLagSum / earlyLagCount);

            for (int i = 10; i < 40; i++) {
                src.execute("INSERT INTO m.t VALUES (" + i + ", 'late')");
            }
            src.execute("UPDATE m.t SET v = 'changed' WHERE id < 5", "DELETE FROM m.t WHERE id >= 35",
                    "ALTER TABLE m.t ADD COLUMN n INT");
            await("late rows copied", () -> count() == 35 && changed() == 5, thread, error);

            BinlogPosition master = masterPosition();
            String gtid = gtidBinlogPos();
            // the status poll reads the upstream every 2 s, the checkpoint flushes every 1 s
            await("synced with the checkpoint at the upstream's position", () -> {
                SyncStatus s = status(unit);
                return s.getSynced() && s.getSyncerBinlog().equals(master.toString()) && s.getMasterBinlog().equals(master.toString());
            }, thread, error);
            SyncStatus s = status(unit);
            assertEquals(gtid, s.getMasterBinlogGtid());
            assertEquals(gtid, s.getSyncerBinlogGtid());
            assertEquals("remote", s.getBinlogType());
            assertEquals(0, s.getSecondsBehindMaster());
            assertTrue(s.getTotalEvents() >= 4 * 42 + 2, "events: " + s.getTotalEvents()); // GTID, table map, rows, XID per DML txn; GTID, query for the DDL
            assertTrue(s.getTotalTps() > 0, "totalTps " + s.getTotalTps());

            // events: one write_rows per insert transaction, one update_rows, one delete_rows, one DDL
            assertEquals(40, value("dm_syncer_binlog_transform_cost_count", "stage", "gen-write-rows", "task", TASK, "worker", WORKER,
                    "source_id", SOURCE));
            assertEquals(1, value("dm_syncer_binlog_transform_cost_count", "stage", "gen-update-rows", "task", TASK, "worker", WORKER,
                    "source_id", SOURCE));
            assertEquals(1, value("dm_syncer_binlog_transform_cost_count", "stage", "gen-delete-rows", "task", TASK, "worker", WORKER,
                    "source_id", SOURCE));
            assertEquals(1, value("dm_syncer_binlog_transform_cost_count", "stage", "gen-query", "task", TASK, "worker", WORKER,
                    "source_id", SOURCE));
            assertEquals(40, value("dm_syncer_dispatch_binlog_duration_count", "type", "insert", "task", TASK,
                    "source_id", SOURCE));
            // 40 inserts, the update, the delete and the DDL each end a transaction
            assertEquals(43, value("dm_syncer_finished_transaction_total", "task", TASK, "worker", WORKER, "source_id", SOURCE));
            double readCount = value("dm_syncer_read_binlog_duration_count", "task", TASK, "source_id", SOURCE);
            assertTrue(readCount >= s.getTotalEvents(), "read " + readCount + " of " + s.getTotalEvents() + " events");
            assertTrue(value("dm_syncer_binlog_event_size_sum", "task", TASK, "worker", WORKER, "source_id", SOURCE) > 0);
            // 40 single-row inserts, 5 updated and 5 deleted rows, in batches of at most 20 per queue
            double txns = value("dm_syncer_txn_duration_time_count", "task", TASK, "worker", WORKER, "source_id", SOURCE);
            assertTrue(txns >= 3 && txns <= 50, "writer transactions " + txns); // one per row at worst, on a loaded machine
            assertEquals(0, value("dm_syncer_queue_size", "task", TASK, "queue_id", "q_0", "source_id", SOURCE));
            assertEquals(0, value("dm_syncer_exit_with_error_count", "task", TASK, "source_id", SOURCE));

            // DM's job counters: every change counted once when queued and once when committed, by
            // kind and target table, over all queues; the DDL too
            assertEquals(40, sum("dm_syncer_added_jobs_total", "task", TASK, "source_id", SOURCE, "type", "insert", "target_table", "t"));
            assertEquals(40, sum("dm_syncer_finished_jobs_total", "task", TASK, "source_id", SOURCE, "type", "insert", "target_table", "t"));
            assertEquals(5, sum("dm_syncer_finished_jobs_total", "task", TASK, "source_id", SOURCE, "type", "update", "target_table", "t"));
            assertEquals(5, sum("dm_syncer_added_jobs_total", "task", TASK, "source_id", SOURCE, "type", "delete", "target_schema", "m"));
            assertEquals(5, sum("dm_syncer_finished_jobs_total", "task", TASK, "source_id", SOURCE, "type", "delete", "target_schema", "m"));
            assertEquals(1, sum("dm_syncer_finished_jobs_total", "task", TASK, "source_id", SOURCE, "type", "ddl", "target_table", "t"));
            assertEquals(50, sum("dm_syncer_add_job_duration_count", "task", TASK, "source_id", SOURCE));
            assertEquals(50, value("dm_syncer_conflict_detect_duration_count", "task", TASK, "source_id", SOURCE));
            // 40 single-row inserts, one 5-row update and one 5-row delete event
            assertEquals(42, value("dm_syncer_binlog_event_row_count", "worker", WORKER, "task", TASK, "source_id", SOURCE));
            assertEquals(50, value("dm_syncer_binlog_event_row_sum", "worker", WORKER, "task", TASK, "source_id", SOURCE));
            assertEquals(txns, sum("dm_syncer_replication_transaction_batch_count", "task", TASK, "source_id", SOURCE));
            assertEquals(50, sum("dm_syncer_replication_transaction_batch_sum", "task", TASK, "source_id", SOURCE));
            assertTrue(value("dm_syncer_ideal_qps", "task", TASK, "worker", WORKER, "source_id", SOURCE) > 0);
            assertTrue(value("dm_syncer_flush_checkpoints_time_interval_count", "worker", WORKER, "task", TASK,
                    "source_id", SOURCE) >= 1, "checkpoint saved more than once");
            // the DDL and each checkpoint save
            assertTrue(value("dm_syncer_query_duration_time_count", "task", TASK, "worker", WORKER, "source_id", SOURCE) >= 2);
            assertEquals(1, value("dm_syncer_binlog_transform_cost_count", "stage", "ddl-exec", "task", TASK, "worker", WORKER,
                    "source_id", SOURCE));
            assertEquals(0, value("dm_syncer_remaining_time", "task", TASK, "source_id", SOURCE, "worker", WORKER));

            long fileIndex = Long.parseLong(master.file().substring(master.file().lastIndexOf('.') + 1));
            assertEquals(fileIndex, value("dm_syncer_binlog_file", "node", "master", "task", TASK, "source_id", SOURCE));
            assertEquals(fileIndex, value("dm_syncer_binlog_file", "node", "syncer", "task", TASK, "source_id", SOURCE));
            assertEquals(master.pos(), value("dm_syncer_binlog_pos", "node", "master", "task", TASK, "source_id", SOURCE));
            assertEquals(master.pos(), value("dm_syncer_binlog_pos", "node", "syncer", "task", TASK, "source_id", SOURCE));
            // caught up and quiet: the gauge drops to zero
            await("lag gauge back to 0", () -> value("dm_syncer_replication_lag_gauge", "task", TASK, "source_id", SOURCE,
                    "worker", WORKER) == 0, thread, error);

            StringWriter text = new StringWriter();
            TextFormat.write004(text, registry.metricFamilySamples());
            String scraped = text.toString();
            assertTrue(scraped.contains("dm_syncer_finished_transaction_total{task=\"metrics\",worker=\"worker-test\",source_id=\"src-1\",} 43.0"),
                    scraped);
            assertTrue(scraped.contains("dm_syncer_replication_lag_bucket{task=\"metrics\",source_id=\"src-1\",worker=\"worker-test\",le=\"1024.0\",}"),
                    scraped);
        } finally {
            unit.stop();
            thread.join(30_000);
        }
        assertFalse(thread.isAlive(), "unit stopped");
        if (error.get() != null) {
            fail("unit failed", error.get());
        }
    }

    private double value(String name, String... labels) {
        String[] names = new String[labels.length / 2];
        String[] values = new String[labels.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = labels[2 * i];
            values[i] = labels[2 * i + 1];
        }
        Double v = registry.getSampleValue(name, names, values);
        assertNotNull(v, () -> "no sample " + name + " " + String.join(",", labels));
        return v;
    }

    /** The sum of a metric's samples whose labels include the given pairs (over queues and tables). */
    private double sum(String name, String... labels) {
        double total = 0;
        for (java.util.Enumeration<io.prometheus.client.Collector.MetricFamilySamples> e = registry.metricFamilySamples();
                e.hasMoreElements(); ) {
            for (io.prometheus.client.Collector.MetricFamilySamples.Sample sample : e.nextElement().samples) {
                if (!sample.name.equals(name)) {
                    continue;
                }
                boolean match = true;
                for (int i = 0; i < labels.length; i += 2) {
                    int at = sample.labelNames.indexOf(labels[i]);
                    match &= at >= 0 && sample.labelValues.get(at).equals(labels[i + 1]);
                }
                if (match) {
                    total += sample.value;
                }
            }
        }
        return total;
    }

    private static void await(String what, BooleanSupplier condition, Thread unit, AtomicReference<Throwable> error)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!unit.isAlive()) {
                fail("unit ended: " + error.get(), error.get());
            }
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (AssertionError e) {
                // a sample not there yet
            }
            Thread.sleep(200);
        }
        fail("timed out waiting: " + what);
    }

    private long count() {
        return query("SELECT COUNT(*) FROM m.t");
    }

    private long changed() {
        return query("SELECT COUNT(*) FROM m.t WHERE v = 'changed'");
    }

    private long query(String sql) {
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SyncStatus status(SyncUnit unit) {
        SubTaskStatus.Builder b = SubTaskStatus.newBuilder();
        unit.fillStatus(b);
        return b.getSync();
    }

    private SubtaskContext context() {
        TaskConfig tc = new TaskConfig();
        tc.name = TASK;
        tc.metaSchema = "dm_meta";
        tc.targetDatabase = db(dst);
        InstanceConfig ic = new InstanceConfig();
        ic.sourceId = SOURCE;
        ic.syncer = new SyncerConfig();
        ic.syncer.workerCount = 4;
        ic.syncer.batch = 20;
        ic.syncer.checkpointFlushInterval = 1;
        SourceConfig sc = new SourceConfig();
        sc.sourceId = SOURCE;
        sc.from = db(src);
        return new SubtaskContext(tc, ic, sc, MigrationRules.of(tc, ic), WORKER, 1, Path.of("target"));
    }

    private static DbConfig db(MariaDbServer s) {
        DbConfig d = new DbConfig();
        d.host = s.host();
        d.port = s.port();
        d.user = "root";
        d.password = MariaDbServer.ROOT_PASSWORD;
        return d;
    }

    private BinlogPosition masterPosition() throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new BinlogPosition(rs.getString(1), rs.getLong(2), "");
        }
    }

    private String gtidBinlogPos() throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
