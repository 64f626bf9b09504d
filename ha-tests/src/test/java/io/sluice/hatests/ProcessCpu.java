package io.sluice.hatests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU seconds (user + system, from /proc) that some processes used from construction to
 * {@link #stop}: the benchmarks print where a run's time went (the Sluice worker, the target
 * server, the source server), since on a machine with few cores they compete for it.
 */
final class ProcessCpu {
    private final long[] pids;
    private final double[] start;
    private final double[] used;

    ProcessCpu(long... pids) {
        this.pids = pids.clone();
        start = new double[pids.length];
        used = new double[pids.length];
        for (int i = 0; i < pids.length; i++) {
            start[i] = seconds(pids[i]);
        }
    }

    ProcessCpu stop() {
        for (int i = 0; i < pids.length; i++) {
            used[i] = seconds(pids[i]) - start[i];
        }
        return this;
    }

    /** "name 1.2, name 3.4", one name per process in construction order. */
    String describe(String... names) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pids.length; i++) {
            parts.add(String.format("%s %.1f", names[i], used[i]));
        }
        return String.join(", ", parts);
    }

    /** utime + stime of a process; Linux reports them in clock ticks of 1/100 s. */
    private static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
