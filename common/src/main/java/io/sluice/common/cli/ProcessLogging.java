package io.sluice.common.cli;

import java.util.Locale;

/** Points logback at the launcher's --log-file and -L before the first logger is created. */
public final class ProcessLogging {
    private ProcessLogging() {
    }

    public static void configure(String logFile, String level) {
        if (logFile != null && !logFile.isEmpty()) {
            System.setProperty("sluice.log.file", logFile);
        }
        if (level != null && !level.isEmpty()) {
            System.setProperty("sluice.log.level", level.toUpperCase(Locale.ROOT));
        }
    }
}
