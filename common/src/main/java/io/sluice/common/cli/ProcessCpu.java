package io.sluice.common.cli;

import java.lang.management.ManagementFactory;

/** This process's CPU use, for DM's {@code dm_master_cpu_usage} and {@code dm_worker_cpu_usage}. */
public final class ProcessCpu {
    private ProcessCpu() {
    }

    /** Recent CPU use over all cores, in percent (0 until the JVM has a sample). */
    public static double percent() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuLoad() * 100);
        }
        return 0;
    }
}
