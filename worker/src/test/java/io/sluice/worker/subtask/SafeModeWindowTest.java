package io.sluice.worker.subtask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.MigrationRules;
import io.sluice.proto.Stage;
import io.sluice.proto.SubTaskStatus;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.DataPathUnits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Safe mode for {@code safe-mode-duration} after each resume of the sync unit: a row already on
 * the target (put there by hand) is overwritten instead of pausing the task; with {@code 0s}
 * the same row pauses it with the target's duplicate-key error.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafeModeWindowTest {
    private MariaDbServer db;

    @BeforeAll
    void start() {
        db = MariaDbServer.start("safemode"); // upstream and target at once: schema `x` is routed to `x_dst`
    }

    @AfterAll
    void stop() {
        if (db != null) {
            db.close();
        }
    }

    private SubtaskRunner runner(String schema, String safeModeDuration) throws Exception {
        String host = OneServerTask.hostYaml(db);
        TaskConfig task = ConfigFiles.parseTask("name: " + schema + "\ntask-mode: incremental\n"
                + "target-database: " + host + "\n"
                + "mysql-instances:\n  - source-id: s1\n    block-allow-list: ba\n    route-rules: [r]\n    syncer-config-name: sync\n"
                + "    meta: " + OneServerTask.metaAtCurrentPosition(db) + "\n"
                + "block-allow-list:\n  ba: {do-dbs: [" + schema + "]}\n"
                + "routes:\n  r: {schema-pattern: " + schema + ", target-schema: " + schema + "_dst}\n"
                + "syncers:\n  sync: {worker-count: 2, batch: 10, checkpoint-flush-interval: 1, safe-mode-duration: \"" + safeModeDuration + "\"}\n");
        SourceConfig source = ConfigFiles.parseSource("source-id: s1\nfrom: " + host + "\n");
        return new SubtaskRunner(new SubtaskContext(task, task.instance("s1"), source, MigrationRules.of(task, task.instance("s1")),
                "w1", 1, Path.of("target", "safemode-dump")), new DataPathUnits());
    }

    private String value(String table, int id) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT v FROM " + table + " WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void await(String what, long seconds, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000;
        while (!ok.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    private boolean has(String table, int id, String v) {
        try {
            return v.equals(value(table, id));
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs, syncs row 1, pauses, puts row 2 on the target by hand and upstream, then resumes. */
    private SubtaskRunner resumeOverAHandWrittenRow(String schema, String safeModeDuration) throws Exception {
        db.execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE DATABASE " + schema + "_dst", "CREATE TABLE " + schema + "_dst.t (id INT PRIMARY KEY, v VARCHAR(20))");
        SubtaskRunner r = runner(schema, safeModeDuration);
        r.apply(Stage.Running, 0);
        db.execute("INSERT INTO " + schema + ".t VALUES (1, 'one')");
        await("row 1 on the target", 60, () -> has(schema + "_dst.t", 1, "one"));
        r.apply(Stage.Paused, 0);
        await("paused", 60, () -> r.stage() == Stage.Paused);
        db.execute("INSERT INTO " + schema + "_dst.t VALUES (2, 'by hand')", "INSERT INTO " + schema + ".t VALUES (2, 'upstream')");
        r.apply(Stage.Running, 1);
        return r;
    }

    @Test
    void withinTheWindowARowAlreadyDownstreamDoesNotPauseTheTask() throws Exception {
        SubtaskRunner r = resumeOverAHandWrittenRow("sm_on", "60s");
        long t0 = System.nanoTime();
        await("row 2 overwritten by the upstream's", 60, () -> has("sm_on_dst.t", 2, "upstream"));
        System.out.printf("safe-mode window: resumed row over a hand-written one in %.2f s%n", (System.nanoTime() - t0) / 1e9);
        SubTaskStatus st = r.status();
        assertEquals(Stage.Running, st.getStage(), st.toString());
        assertEquals(0, st.getResult().getErrorsCount(), st.toString());
        r.halt(Stage.Stopped);
    }

    @Test
    void withTheWindowOffTheSameRowPausesWithTheTargetsError() throws Exception {
        SubtaskRunner r = resumeOverAHandWrittenRow("sm_off", "0s");
        await("paused by the duplicate", 60, () -> r.status().getResult().getErrorsCount() > 0);
        SubTaskStatus st = r.status();
        assertEquals(Stage.Paused, st.getStage(), st.toString());
        assertEquals(SyncErrors.EXEC_DML.code(), st.getResult().getErrors(0).getErrCode(), st.toString());
        assertTrue(st.getResult().getErrors(0).getRawCause().contains("Duplicate"), st.toString());
        assertEquals("by hand", value("sm_off_dst.t", 2));
        r.halt(Stage.Stopped);
    }
}
