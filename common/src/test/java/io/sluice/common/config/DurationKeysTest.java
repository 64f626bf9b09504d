package io.sluice.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Duration keys as DM writes them: {@code syncers.safe-mode-duration} and the source's {@code checker.*}. */
class DurationKeysTest {
    private static TaskConfig task(String safeModeDuration) {
        return ConfigFiles.parseTask(TaskFileTest.HEAD + """
                mysql-instances:
                  - source-id: s1
                    syncer-config-name: sync
                syncers:
                  sync: {safe-mode-duration: "%s"}
                """.formatted(safeModeDuration));
    }

    private static SourceConfig source(String checker) {
        return ConfigFiles.parseSource("source-id: s1\nfrom: {host: 127.0.0.1, port: 3306, user: root}\nchecker: " + checker + "\n");
    }

    @Test
    void goStyleDurationsParse() {
        assertEquals(Duration.ofSeconds(60), ConfigDuration.parse("60s"));
        assertEquals(Duration.ofMinutes(5), ConfigDuration.parse("5m0s"));
        assertEquals(Duration.ofMinutes(90), ConfigDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), ConfigDuration.parse("1.5s"));
        assertEquals(Duration.ofMillis(250), ConfigDuration.parse("250ms"));
        assertEquals(Duration.ZERO, ConfigDuration.parse("0"));
        assertEquals(Duration.ZERO, ConfigDuration.parse("0s"));
        for (String bad : new String[] {"", "60", "-1s", "1 s", "s", "1d", "5m0", "1.2.3s"}) {
            assertThrows(IllegalArgumentException.class, () -> ConfigDuration.parse(bad), bad);
        }
    }

    @Test
    void safeModeDurationDefaultsToAMinuteAndZeroTurnsItOff() {
        TaskConfig plain = ConfigFiles.parseTask(TaskFileTest.HEAD + "mysql-instances:\n  - source-id: s1\n");
        assertEquals(Duration.ofSeconds(60), plain.mysqlInstances.get(0).syncer.safeModeWindow());
        assertEquals(Duration.ZERO, task("0s").mysqlInstances.get(0).syncer.safeModeWindow());
        assertEquals(Duration.ofSeconds(90), task("1m30s").mysqlInstances.get(0).syncer.safeModeWindow());
    }

    @Test
    void aBadSafeModeDurationIsACodedErrorNamingTheKey() {
        SluiceException e = assertThrows(SluiceException.class, () -> task("one minute"));
        assertEquals(ConfigErrors.INVALID_DURATION, e.code());
        assertTrue(e.getMessage().contains("syncers.sync.safe-mode-duration"), e.getMessage());
        assertTrue(e.getMessage().contains("one minute"), e.getMessage());
    }

    @Test
    void checkerKeysAreChecked() {
        SourceConfig ok = source("{check-enable: false, backoff-rollback: 2m, backoff-max: 10s}");
        assertEquals("10s", ok.checker.backoffMax);
        SluiceException small = assertThrows(SluiceException.class, () -> source("{backoff-max: 500ms}"));
        assertEquals(ConfigErrors.CHECKER_MAX_TOO_SMALL, small.code());
        SluiceException bad = assertThrows(SluiceException.class, () -> source("{backoff-rollback: soon}"));
        assertEquals(ConfigErrors.INVALID_DURATION, bad.code());
        assertTrue(bad.getMessage().contains("checker.backoff-rollback"), bad.getMessage());
    }
}
