package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.DbConfig;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.MigrationRules;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.subtask.SubtaskContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the sync unit tests share: a real source and target MariaDB for the test class, subtask
 * contexts of source {@value #SOURCE_ID} reading the source and writing the target, a sync unit
 * run on its own thread, and reading positions and rows back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SyncUnitFixture {
    static final String SOURCE_ID = "src-1";

    private final String serverName;
    protected MariaDbServer src;
    protected MariaDbServer dst;

    /** @param serverName prefix of the two servers' names, so their data directories tell the test class */
    protected SyncUnitFixture(String serverName) {
        this.serverName = serverName;
    }

    @BeforeAll
    void startServers() {
        src = MariaDbServer.start(serverName + "-src");
        dst = MariaDbServer.start(serverName + "-dst");
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

    /** A sync unit running {@code process} on its own thread, and what it threw. */
    record Running(SyncUnit unit, Thread thread, AtomicReference<Throwable> error) {
        void join() throws InterruptedException {
            thread.join(30_000);
            assertFalse(thread.isAlive(), "unit returned");
        }

        void stopAndJoin() throws InterruptedException {
            unit.stop();
            join();
            if (error.get() != null) {
                fail("unit failed", error.get());
            }
        }
    }

    static Running start(SyncUnit unit, SubtaskContext ctx) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                unit.process(ctx);
            } catch (Throwable e) {
                error.set(e);
            }
        }, "sync-unit-test");
        t.start();
        return new Running(unit, t, error);
    }

    /** Waits for the unit to stop on its own, with a coded error. */
    static SluiceException awaitFailure(Running r) throws InterruptedException {
        r.thread().join(60_000);
        assertFalse(r.thread().isAlive(), "the unit stops on the error");
        if (!(r.error().get() instanceof SluiceException e)) {
            throw new AssertionError("expected a coded error", r.error().get());
        }
        return e;
    }

    static DbConfig db(MariaDbServer s) {
        DbConfig d = new DbConfig();
        d.host = s.host();
        d.port = s.port();
        d.user = "root";
        d.password = MariaDbServer.ROOT_PASSWORD;
        return d;
    }

    /** The target as a task file's {@code target-database} value. */
    String targetDatabaseYaml() {
        return "{host: %s, port: %d, user: root, password: %s}".formatted(dst.host(), dst.port(), MariaDbServer.ROOT_PASSWORD);
    }

    /** A context of the task file's first instance, read and checked as start-task reads it. */
    SubtaskContext contextOf(String taskYaml) {
        TaskConfig tc = ConfigFiles.parseTask(taskYaml);
        return contextOf(tc, tc.mysqlInstances.get(0), 1);
    }

    SubtaskContext contextOf(TaskConfig tc, InstanceConfig ic, long epoch) {
        SourceConfig sc = new SourceConfig();
        sc.sourceId = SOURCE_ID;
        sc.from = db(src);
        return new SubtaskContext(tc, ic, sc, MigrationRules.of(tc, ic), "worker-test", epoch, Path.of("target"));
    }

    BinlogPosition masterPosition() throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new BinlogPosition(rs.getString(1), rs.getLong(2), "");
        }
    }

    /** Waits until the target's table holds exactly {@code want}, as {@link #pairs} reads it. */
    void awaitPairs(Running unit, String table, String columns, List<String> want) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        List<String> got = null;
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            try {
                got = pairs(dst, table, columns);
                if (got.equals(want)) {
                    return;
                }
            } catch (SQLException notYet) {
                // table not created on the target yet
            }
            Thread.sleep(200);
        }
        fail(table + ": want " + want + " got " + got);
    }

    /** The first two of {@code columns} of every row as {@code a|b}, ordered by the first. */
    static List<String> pairs(MariaDbServer s, String table, String columns) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + columns + " FROM " + table + " ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2));
            }
        }
        return out;
    }
}
