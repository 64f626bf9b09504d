package io.sluice.worker.load;

import static io.sluice.worker.load.FullPhaseFixture.columns;
import static io.sluice.worker.load.FullPhaseFixture.context;
import static io.sluice.worker.load.FullPhaseFixture.fingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.subtask.SubtaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Rows per second of dump and load on one machine; run with -Dsluice.perf=true. */
@EnabledIfSystemProperty(named = "sluice.perf", matches = "true")
class FullPhaseThroughputTest {
    @Test
    void measuresDumpAndLoadRates() throws Exception {
        int rows = Integer.getInteger("sluice.perf.rows", 1_000_000);
        try (MariaDbServer src = MariaDbServer.start("perf-src"); MariaDbServer dst = MariaDbServer.start("perf-dst")) {
            FullPhaseFixture.defineEncodedUtcZone(src);
            FullPhaseFixture.defineEncodedUtcZone(dst);
            src.execute("CREATE DATABASE perf",
                    "CREATE TABLE perf.orders (id BIGINT PRIMARY KEY, customer INT, amount DECIMAL(12,2),"
                            + " note VARCHAR(64), created DATETIME(3))",
                    "INSERT INTO perf.orders SELECT seq, seq % 9973, seq / 7, MD5(seq), '2024-01-01' + INTERVAL seq SECOND"
                            + " FROM mysql.seq_1_to_" + rows,
                    "ANALYZE TABLE perf.orders");
            Path dir = Files.createTempDirectory("dump-perf");
            SubtaskContext ctx = context(src, dst, "perf", dir, 50_000, 1_000_000, 16, "", "");
            long t0 = System.nanoTime();
            new DumpUnit().process(ctx);
            double dump = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            new LoadUnit().process(ctx);
            double load = (System.nanoTime() - t0) / 1e9;
            System.out.printf("perf: %d rows, dump %.2fs (%.0f rows/s), load %.2fs (%.0f rows/s)%n",
                    rows, dump, rows / dump, load, rows / load);
            var cols = columns(src, "perf", "orders");
            assertEquals(fingerprint(src, "perf", "orders", cols), fingerprint(dst, "perf", "orders", cols));
        }
    }
}
