package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.MigrationRules;
import io.sluice.proto.ErrorOp;
import io.sluice.proto.ErrorOperation;
import io.sluice.proto.SubTaskStatus;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.load.LoadUnit;
import io.sluice.worker.subtask.SubtaskContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code online-ddl: true} against the two tools' real statement sequences while the table takes
 * writes: pt-online-schema-change itself (Debian's percona-toolkit), and gh-ost's statements
 * replayed by the test (gh-ost is not packaged). The target must end with the new column and the
 * source's rows, and never hold one of the tools' tables.
 */
@Tag("integration")
class OnlineDdlSyncTest extends SyncUnitFixture {
    private static final String PT_OSC = "/usr/bin/pt-online-schema-change";

    OnlineDdlSyncTest() {
        super("oddl");
    }

    @Test
    void ptOnlineSchemaChangeDuringWritesBecomesOneAlterDownstream() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PT_OSC)),
                "pt-online-schema-change is not installed: run scripts/install-deps.sh (Debian's percona-toolkit)");
        BinlogPosition start = masterPosition();
        src.execute("CREATE DATABASE od_pt", "CREATE TABLE od_pt.t (id INT PRIMARY KEY, v INT NOT NULL)");
        insertRows("od_pt.t", 1, 20000);
        Running unit = start(new SyncUnit(start), context("od_pt", true));
        try (ToolTableWatch watch = new ToolTableWatch(dst, "od_pt"); Writes writes = new Writes(src, "od_pt.t", 20000)) {
            awaitRowCount(unit, "od_pt.t", 20000);
            long started = System.nanoTime();
            int writesBefore = writes.count();
            Process pt = new ProcessBuilder(PT_OSC, "--alter", "ADD COLUMN c2 INT", "--execute", "--recursion-method=none",
                    "--chunk-size=1000",
                    "D=od_pt,t=t,h=127.0.0.1,P=" + src.port() + ",u=root,p=" + MariaDbServer.ROOT_PASSWORD)
                    .redirectErrorStream(true).start();
            String out = new String(pt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(pt.waitFor(120, TimeUnit.SECONDS), "pt-osc finished");
            assertEquals(0, pt.exitValue(), out);
            int writesDuring = writes.count() - writesBefore;
            System.out.printf("pt-online-schema-change copied 20000 rows in %d ms with %d concurrent writes%n",
                    (System.nanoTime() - started) / 1_000_000, writesDuring);
            assertTrue(writesDuring > 0, "the table took writes while pt-osc ran");
            writes.useNewColumn();
            Thread.sleep(500); // a few writes that carry c2
            writes.close();
            awaitSameRows(unit, "od_pt.t", "id, v, c2");
            assertEquals(Set.of(), watch.seen(), "no pt-osc table ever appeared on the target");
        }
        assertTrue(columns(dst, "od_pt", "t").contains("c2"), "the ALTER ran on the real table");
        assertEquals(0, count(dst, "SELECT COUNT(*) FROM dm_meta.od_pt_onlineddl"), "the finished run's record is gone");
        unit.stopAndJoin();
    }

    @Test
    void ghostStatementSequenceDuringWritesSurvivesACrashMidRun() throws Exception {
        BinlogPosition start = masterPosition();
        src.execute("CREATE DATABASE od_gh", "CREATE TABLE od_gh.t (id INT PRIMARY KEY, v INT NOT NULL)");
        insertRows("od_gh.t", 1, 2000);
        SubtaskContext ctx = context("od_gh", true);
        Running first = start(new SyncUnit(start), ctx);
        Running second;
        try (ToolTableWatch watch = new ToolTableWatch(dst, "od_gh"); Writes writes = new Writes(src, "od_gh.t", 2000)) {
            awaitRowCount(first, "od_gh.t", 2000);
            // gh-ost's statements, in its order (names as gh-ost writes them)
            src.execute("DROP TABLE IF EXISTS `od_gh`.`_t_gho`", "DROP TABLE IF EXISTS `od_gh`.`_t_del`",
                    "CREATE TABLE `od_gh`.`_t_gho` LIKE `od_gh`.`t`", "ALTER TABLE `od_gh`.`_t_gho` ADD COLUMN c2 INT",
                    "DROP TABLE IF EXISTS `od_gh`.`_t_ghc`",
                    "CREATE TABLE `od_gh`.`_t_ghc` (id BIGINT AUTO_INCREMENT, last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP"
                            + " ON UPDATE CURRENT_TIMESTAMP, hint VARCHAR(64) CHARSET ascii NOT NULL, value VARCHAR(4096) CHARSET ascii"
                            + " NOT NULL, PRIMARY KEY (id), UNIQUE KEY hint_uidx (hint)) AUTO_INCREMENT=256",
                    "INSERT INTO `od_gh`.`_t_ghc` (id, hint, value) VALUES (2, 'state', 'GhostTableMigrated')"
                            + " ON DUPLICATE KEY UPDATE last_update = NOW(), value = VALUES(value)");
            writes.mirrorTo("od_gh._t_gho"); // gh-ost applies the table's binlog to the ghost as it copies

            // the worker dies in the middle of the run (no drain, no last checkpoint): the recorded
            // ALTER comes back from the table, saved with the checkpoint it belongs to
            awaitRecordedAlter("od_gh", "_t_gho");
            first.unit().halt();
            first.join();
            second = start(new SyncUnit(null), ctx);

            for (int from = 1; from <= writes.maxId(); from += 500) {
                src.execute("INSERT /* gh-ost `od_gh`.`t` */ IGNORE INTO `od_gh`.`_t_gho` (`id`, `v`) (SELECT `id`, `v` FROM `od_gh`.`t`"
                        + " FORCE INDEX (`PRIMARY`) WHERE `id` BETWEEN " + from + " AND " + (from + 499) + " LOCK IN SHARE MODE)",
                        "INSERT INTO `od_gh`.`_t_ghc` (id, hint, value) VALUES (1, 'heartbeat', NOW()) ON DUPLICATE KEY UPDATE value = NOW()");
            }
            // cut-over: writes wait (gh-ost holds them with LOCK TABLES), the sentry table comes and goes, one RENAME swaps
            writes.cutOver(() -> src.execute(
                    "CREATE TABLE `od_gh`.`_t_del` (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB COMMENT='ghost-cut-over-sentry'",
                    "DROP TABLE IF EXISTS `od_gh`.`_t_del`",
                    "RENAME TABLE `od_gh`.`t` TO `od_gh`.`_t_del`, `od_gh`.`_t_gho` TO `od_gh`.`t`"));
            src.execute("DROP TABLE IF EXISTS `od_gh`.`_t_ghc`", "DROP TABLE IF EXISTS `od_gh`.`_t_del`");
            Thread.sleep(500); // writes that carry c2: the tracked schema must have followed
            writes.close();
            System.out.printf("gh-ost sequence replayed with %d concurrent writes%n", writes.count());
            awaitSameRows(second, "od_gh.t", "id, v, c2");
            assertEquals(Set.of(), watch.seen(), "no gh-ost table ever appeared on the target");
        }
        assertEquals(0, count(dst, "SELECT COUNT(*) FROM dm_meta.od_gh_onlineddl"), "the finished run's record is gone");
        second.stopAndJoin();
    }

    @Test
    void withoutOnlineDdlTheToolTablesAreMigratedLikeAnyTable() throws Exception {
        BinlogPosition start = masterPosition();
        src.execute("CREATE DATABASE od_off", "CREATE TABLE od_off.t (id INT PRIMARY KEY, v INT NOT NULL)");
        Running unit = start(new SyncUnit(start), context("od_off", false));
        src.execute("CREATE TABLE `od_off`.`_t_gho` LIKE `od_off`.`t`", "ALTER TABLE `od_off`.`_t_gho` ADD COLUMN c2 INT",
                "INSERT INTO `od_off`.`_t_gho` (id, v, c2) VALUES (1, 10, 100), (2, 20, 200)");
        awaitPairs(unit, "od_off._t_gho", "id, c2", List.of("1|100", "2|200"));
        unit.stopAndJoin();
    }

    @Test
    void aSyncStartedInsideARunStopsAt36046AndHandleErrorReplaceRunsTheAlter() throws Exception {
        for (MariaDbServer s : List.of(src, dst)) { // the table as a full copy would have left it
            s.execute("CREATE DATABASE od_mid", "CREATE TABLE od_mid.t (id INT PRIMARY KEY, v INT NOT NULL)",
                    "INSERT INTO od_mid.t VALUES (1, 1), (2, 2)");
        }
        src.execute("CREATE TABLE `od_mid`.`_t_gho` LIKE `od_mid`.`t`", "ALTER TABLE `od_mid`.`_t_gho` ADD COLUMN c2 INT");
        BinlogPosition insideTheRun = masterPosition(); // after the ghost's ALTER: the sync never sees it
        ErrorOperations ops = new ErrorOperations();
        SubtaskContext ctx = context("od_mid", true);
        Running first = start(new SyncUnit(insideTheRun).withErrorOperations(ops), ctx);
        src.execute("INSERT IGNORE INTO `od_mid`.`_t_gho` (id, v) SELECT id, v FROM `od_mid`.`t`",
                "RENAME TABLE `od_mid`.`t` TO `od_mid`.`_t_del`, `od_mid`.`_t_gho` TO `od_mid`.`t`",
                "INSERT INTO od_mid.t VALUES (3, 3, 33)");
        String cutOver = eventPosition("RENAME TABLE `od_mid`.`t`");
        SluiceException e = awaitFailure(first);
        assertEquals(SyncErrors.ONLINE_DDL_ON_GHOST, e.code());
        assertTrue(e.getMessage().contains("`od_mid`.`_t_gho`"), e.getMessage());
        SubTaskStatus.Builder status = SubTaskStatus.newBuilder();
        first.unit().fillStatus(status);
        assertEquals(cutOver, status.getSync().getErrorStartLocation(), "query-status shows the cut-over as the failing event");

        ops.update(List.of(ErrorOperation.newBuilder().setTask("od_mid").setSource(SOURCE_ID).setOp(ErrorOp.Replace)
                .setPosition(cutOver).addSqls("ALTER TABLE od_mid.t ADD COLUMN c2 INT").build()));
        Running replaced = start(new SyncUnit(null).withErrorOperations(ops), ctx);
        awaitSameRows(replaced, "od_mid.t", "id, v, c2");
        replaced.stopAndJoin();
    }

    @Test
    void withOnlineDdlTheFullCopyLeavesTheToolTablesOut() throws Exception {
        // gh-ost keeps its _t_del by default, pt-osc its _t_old with --no-drop-old-table
        src.execute("CREATE DATABASE od_dump", "CREATE TABLE od_dump.t (id INT PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO od_dump.t VALUES (1, 1), (2, 2)", "CREATE TABLE od_dump._t_del LIKE od_dump.t",
                "INSERT INTO od_dump._t_del VALUES (9, 9)", "CREATE TABLE od_dump._u_old LIKE od_dump.t");
        TaskConfig tc = ConfigFiles.parseTask("""
                name: od_dump
                task-mode: full
                online-ddl: true
                target-database: %s
                mysql-instances:
                  - source-id: %s
                    block-allow-list: bal
                block-allow-list:
                  bal: {do-dbs: ["od_dump"]}
                """.formatted(targetDatabaseYaml(), SOURCE_ID));
        SourceConfig sc = new SourceConfig();
        sc.sourceId = SOURCE_ID;
        sc.from = db(src);
        InstanceConfig ic = tc.mysqlInstances.get(0);
        SubtaskContext ctx = new SubtaskContext(tc, ic, sc, MigrationRules.of(tc, ic), "worker-test", 1,
                Files.createTempDirectory("dump-od"));
        new DumpUnit().process(ctx);
        new LoadUnit().process(ctx);
        assertEquals(List.of("t"), tableNames(dst, "od_dump"));
        assertEquals(List.of("1|1", "2|2"), pairs(dst, "od_dump.t", "id, v"));
    }

    // --- the writes that go on while a tool runs ----------------------------------------

    /**
     * One writer thread inserting, updating and deleting rows of a table, as an application
     * would; with {@link #mirrorTo} it also applies each change to a ghost table afterwards, in
     * its own transaction, as gh-ost's binlog applier does.
     */
    private static final class Writes implements AutoCloseable {
        private final Thread thread;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger nextId;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final ReentrantLock cutOver = new ReentrantLock();
        private volatile boolean stop;
        private volatile String ghost;
        private volatile boolean newColumn;

        Writes(MariaDbServer s, String table, int maxId) {
            nextId = new AtomicInteger(maxId + 1);
            thread = new Thread(() -> {
                Random random = new Random(42);
                try (Connection c = s.connect(); Statement st = c.createStatement()) {
                    while (!stop) {
                        cutOver.lock();
                        try {
                            int id = write(st, table, random);
                            String g = ghost;
                            if (g != null) {
                                // REPLACE, as gh-ost's applier: the row copy may have put the row there already
                                st.execute("REPLACE INTO " + g + " (id, v) SELECT id, v FROM " + table + " WHERE id = " + id);
                                st.execute("DELETE FROM " + g + " WHERE id = " + id + " AND id NOT IN (SELECT id FROM " + table
                                        + " WHERE id = " + id + ")");
                            }
                        } finally {
                            cutOver.unlock();
                        }
                        done.incrementAndGet();
                        Thread.sleep(2);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "online-ddl-writes");
            thread.start();
        }

        private int write(Statement st, String table, Random random) throws SQLException {
            int op = random.nextInt(10);
            if (op < 5) {
                int id = nextId.getAndIncrement();
                st.execute(newColumn ? "INSERT INTO " + table + " (id, v, c2) VALUES (" + id + ", " + id + ", " + (id * 7) + ")"
                        : "INSERT INTO " + table + " (id, v) VALUES (" + id + ", " + id + ")");
                return id;
            }
            int id = 1 + random.nextInt(nextId.get() - 1);
            if (op < 9) {
                st.execute("UPDATE " + table + " SET v = v + 1" + (newColumn ? ", c2 = " + id : "") + " WHERE id = " + id);
            } else {
                st.execute("DELETE FROM " + table + " WHERE id = " + id);
            }
            return id;
        }

        void mirrorTo(String ghostTable) {
            ghost = ghostTable;
        }

        /** Runs the cut-over while no write is in flight; writes go to the new table shape after it. */
        void cutOver(Runnable swap) {
            cutOver.lock();
            try {
                swap.run();
                ghost = null;
                newColumn = true;
            } finally {
                cutOver.unlock();
            }
        }

        void useNewColumn() {
            newColumn = true;
        }

        int maxId() {
            return nextId.get();
        }

        int count() {
            return done.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(30_000);
            if (failure.get() != null) {
                fail("the writes failed", failure.get());
            }
        }
    }

    /** Polls the target's schema for tables named like a tool's and remembers every one it saw. */
    private static final class ToolTableWatch implements AutoCloseable {
        private final Set<String> seen = new ConcurrentSkipListSet<>();
        private final Thread thread;
        private volatile boolean stop;

        ToolTableWatch(MariaDbServer dst, String schema) {
            thread = new Thread(() -> {
                while (!stop) {
                    try (Connection c = dst.connect(); Statement st = c.createStatement()) {
                        while (!stop) {
                            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                                    + schema + "' AND table_name REGEXP '^_.+_(gho|ghc|del|new|old)$'")) {
                                while (rs.next()) {
                                    seen.add(rs.getString(1));
                                }
                            }
                            Thread.sleep(20);
                        }
                    } catch (SQLException | InterruptedException e) {
                        // reconnect unless stopping
                    }
                }
            }, "tool-table-watch");
            thread.setDaemon(true);
            thread.start();
        }

        Set<String> seen() {
            return new TreeSet<>(seen);
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(5_000);
        }
    }

    // --- helpers -------------------------------------------------------------------------

    private SubtaskContext context(String task, boolean onlineDdl) {
        return contextOf("""
                name: %s
                task-mode: incremental
                online-ddl: %s
                target-database: %s
                mysql-instances:
                  - source-id: %s
                    block-allow-list: bal
                    syncer: {worker-count: 4, batch: 50, checkpoint-flush-interval: 1, safe-mode-duration: 0s}
                block-allow-list:
                  bal: {do-dbs: ["%s"]}
                """.formatted(task, onlineDdl, targetDatabaseYaml(), SOURCE_ID, task));
    }

    private void insertRows(String table, int from, int to) throws SQLException {
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (id, v) VALUES ");
            for (int i = from; i <= to; i++) {
                sql.append(i == from ? "" : ",").append('(').append(i).append(',').append(i).append(')');
            }
            st.execute(sql.toString());
        }
    }

    private void awaitRecordedAlter(String task, String ghost) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (count(dst, "SELECT COUNT(*) FROM dm_meta." + task + "_onlineddl WHERE ghost_table = '" + ghost
                        + "' AND ddls LIKE '%c2%'") == 1) {
                    return;
                }
            } catch (SQLException notYet) {
                // the unit has not created the table yet
            }
            Thread.sleep(100);
        }
        fail("the ALTER of " + ghost + " was not recorded in dm_meta." + task + "_onlineddl");
    }

    private void awaitRowCount(Running unit, String table, long want) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            try {
                if (count(dst, "SELECT COUNT(*) FROM " + table) >= want) {
                    return;
                }
            } catch (SQLException notYet) {
                // not created yet
            }
            Thread.sleep(100);
        }
        fail(table + " did not reach " + want + " rows on the target");
    }

    private void awaitSameRows(Running unit, String table, String columns) throws Exception {
        List<String> want = rows(src, table, columns);
        long deadline = System.currentTimeMillis() + 90_000;
        List<String> got = List.of();
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            try {
                got = rows(dst, table, columns);
                if (got.equals(want)) {
                    return;
                }
            } catch (SQLException notYet) {
                // the column may not be there yet
            }
            Thread.sleep(200);
        }
        fail(table + " differs: source " + want.size() + " rows, target " + got.size() + " rows; first difference at "
                + firstDifference(want, got));
    }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "source " + a.get(i) + " target " + b.get(i);
            }
        }
        return "row " + Math.min(a.size(), b.size());
    }

    private static List<String> rows(MariaDbServer s, String table, String columns) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + columns + " FROM " + table + " ORDER BY 1")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static long count(MariaDbServer s, String sql) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code file:pos} of the upstream event whose statement contains {@code fragment}. */
    private String eventPosition(String fragment) throws SQLException {
        BinlogPosition now = masterPosition();
        try (Connection c = src.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW BINLOG EVENTS IN '" + now.file() + "'")) {
            while (rs.next()) {
                if (rs.getString("Info").contains(fragment)) {
                    return now.file() + ":" + rs.getLong("Pos");
                }
            }
        }
        throw new AssertionError("no event with " + fragment);
    }

    private static List<String> tableNames(MariaDbServer s, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> columns(MariaDbServer s, String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema + "' AND table_name = '" + table + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
