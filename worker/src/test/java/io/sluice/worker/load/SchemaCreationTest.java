package io.sluice.worker.load;

import static io.sluice.worker.load.FullPhaseFixture.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.dump.DumpLayout;
import io.sluice.worker.subtask.SubtaskContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target schemas and tables of a dump are created over several connections: many tables, four
 * shards of two schemas routed into one target table, a second run over existing tables, and a
 * table the target refuses.
 */
class SchemaCreationTest {
    private static final int TABLES = 40;
    private static final String ROUTES = "routes:\n  merge:\n    schema-pattern: \"sh*\"\n    table-pattern: \"t*\"\n"
            + "    target-schema: merged\n    target-table: allt\n"
            + "  merge-schema:\n    schema-pattern: \"sh*\"\n    target-schema: merged\n";
    private static MariaDbServer dst;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        dst = MariaDbServer.start("schema-dst");
        FullPhaseFixture.defineEncodedUtcZone(dst);
    }

    @AfterAll
    static void close() {
        if (dst != null) {
            dst.close();
        }
    }

    @Test
    void manyTablesAndAShardMergeAreCreatedOverSeveralConnectionsAndAgainHarmlessly() throws Exception {
        writeSchema("bulk");
        for (int i = 0; i < TABLES; i++) {
            writeTable("bulk", "p" + i, "CREATE TABLE `p" + i + "` (`id` int(11) NOT NULL, `v` varchar(20), PRIMARY KEY (`id`))");
        }
        for (String db : List.of("sha", "shb")) {
            writeSchema(db);
            for (String t : List.of("t1", "t2")) {
                writeTable(db, t, "CREATE TABLE `" + t + "` (`id` bigint NOT NULL, `shard` varchar(8), PRIMARY KEY (`id`))");
            }
        }
        SubtaskContext ctx = context("create-many");
        try (HikariDataSource ds = DbConnector.pool(ctx.task().targetDatabase, "test-schemas", 8)) {
            ConcurrencyProbe probe = new ConcurrencyProbe(ds);
            long t0 = System.nanoTime();
            new SchemaCreator(ctx.rules()).create(probe.dataSource(), DumpContents.scan(dir), 8);
            System.out.printf("created 3 schemas and %d table files (%d targets) over 8 connections in %.2f s%n",
                    TABLES + 4, TABLES + 1, (System.nanoTime() - t0) / 1e9);
            assertTrue(probe.mostAtOnce() > 1, "connections at once: " + probe.mostAtOnce());
            assertTrue(probe.mostAtOnce() <= 8, "connections at once: " + probe.mostAtOnce());

            assertEquals(TABLES, scalar(dst, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='bulk'"));
            assertEquals(List.of("allt"), FullPhaseFixture.tables(dst, "merged"));
            assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('sha','shb')"));
            assertEquals(2, scalar(dst, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='merged'"
                    + " AND TABLE_NAME='allt'"));

            // a resumed load creates everything again over tables that now hold rows
            dst.execute("INSERT INTO bulk.p7 VALUES (1, 'kept')", "INSERT INTO merged.allt VALUES (5, 'sha')");
            new SchemaCreator(ctx.rules()).create(ds, DumpContents.scan(dir), 8);
            assertEquals(1, scalar(dst, "SELECT COUNT(*) FROM bulk.p7"));
            assertEquals(1, scalar(dst, "SELECT COUNT(*) FROM merged.allt"));
        }
    }

    @Test
    void aTableTheTargetRefusesFailsWithTheSchemaErrorNamingItsFile() throws Exception {
        writeSchema("badload");
        for (int i = 0; i < 10; i++) {
            writeTable("badload", "ok" + i, "CREATE TABLE `ok" + i + "` (`id` int NOT NULL PRIMARY KEY)");
        }
        writeTable("badload", "broken", "CREATE TABLE `broken` (`id` no_such_type)");
        SubtaskContext ctx = context("create-bad");
        try (HikariDataSource ds = DbConnector.pool(ctx.task().targetDatabase, "test-bad-schema", 4)) {
            SluiceException e = assertThrows(SluiceException.class,
                    () -> new SchemaCreator(ctx.rules()).create(ds, DumpContents.scan(dir), 4));
            assertEquals(DumpLoadErrors.LOAD_SCHEMA, e.code());
            assertTrue(e.getMessage().contains(DumpLayout.tableSchemaFile("badload", "broken")), e.getMessage());
        }
        assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='badload'"
                + " AND TABLE_NAME='broken'"));
    }

    private SubtaskContext context(String task) {
        String inst = "    route-rules: [\"merge\", \"merge-schema\"]";
        return FullPhaseFixture.context(dst, dst, task, dir, 0, 0, 8, inst, ROUTES);
    }

    private void writeSchema(String db) throws Exception {
        Files.writeString(dir.resolve(DumpLayout.schemaCreateFile(db)),
                "/*!40101 SET NAMES binary*/;\nCREATE DATABASE `" + db + "`;\n");
    }

    private void writeTable(String db, String table, String create) throws Exception {
        Files.writeString(dir.resolve(DumpLayout.tableSchemaFile(db, table)), "/*!40101 SET NAMES binary*/;\n" + create + ";\n");
    }

    /** The pool seen through a wrapper that counts the connections held at the same time. */
    private static final class ConcurrencyProbe {
        private final DataSource pool;
        private final AtomicInteger held = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();

        ConcurrencyProbe(DataSource pool) {
            this.pool = pool;
        }

        int mostAtOnce() {
            return most.get();
        }

        DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (p, m, args) -> {
                        Object r = invoke(pool, m, args);
                        return m.getName().equals("getConnection") ? counted((Connection) r) : r;
                    });
        }

        private Connection counted(Connection c) {
            most.accumulateAndGet(held.incrementAndGet(), Math::max);
            AtomicInteger closed = new AtomicInteger();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (p, m, args) -> {
                        if (m.getName().equals("close") && closed.getAndIncrement() == 0) {
                            held.decrementAndGet();
                        }
                        return invoke(c, m, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
