package io.sluice.worker.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.worker.dump.DumpLayout.DumpedTable;
import io.sluice.worker.metrics.FullPhaseMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadMetricsTest {
    private static final String TASK = "remaining-refresh";

    private static double remaining(String table) {
        return FullPhaseMetrics.LOADER_REMAINING.labels(TASK, "w1", "src1", "db", table).get();
    }

    @Test
    void remainingTimeGrowsBetweenCommitsWhileTheLoadRunsAndFreezesWhenItEnds() throws Exception {
        DumpContents.DataFile done = new DumpContents.DataFile(new DumpedTable("db", "a"), Path.of("db.a.000000001.sql"), 1000);
        DumpContents.DataFile pending = new DumpContents.DataFile(new DumpedTable("db", "b"), Path.of("db.b.000000001.sql"), 1000);
        LoadMetrics m = LoadMetrics.start(TASK, "src1", "w1", List.of(done, pending), List.of(), 2, Duration.ofMillis(50));
        try {
            m.fileLoaded(done);
            double atCommit = remaining("b");
            assertTrue(atCommit > 0, "remaining at the commit: " + atCommit);
            assertEquals(0.0, remaining("a"));
            // no further commit: the rate so far falls with time, so the estimate must rise on its own
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (remaining("b") <= atCommit * 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(remaining("b") > atCommit * 2, "remaining " + remaining("b") + " after " + atCommit + " at the commit");
        } finally {
            m.close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (m.refreshing() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(m.refreshing());
        double atEnd = remaining("b");
        Thread.sleep(300); // six refresh periods
        assertEquals(atEnd, remaining("b"));
    }
}
