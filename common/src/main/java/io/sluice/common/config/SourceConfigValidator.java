package io.sluice.common.config;

import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.filter.BinlogEventFilter;

/** Checks a parsed source file before anything uses it. */
final class SourceConfigValidator {
    private SourceConfigValidator() {
    }

    static void validate(SourceConfig s) {
        if (s.sourceId == null || s.sourceId.isEmpty()) {
            throw ConfigErrors.EMPTY_SOURCE_ID.error();
        }
        if (s.sourceId.length() > 32) {
            throw ConfigErrors.TOO_LONG_SOURCE_ID.error();
        }
        if (s.from == null || s.from.host == null || s.from.host.isEmpty()) {
            throw ConfigErrors.MISSING_KEY.error("from.host", "source");
        }
        if (s.from.port <= 0 || s.from.port > 65535) {
            throw ConfigErrors.INVALID_VALUE.error("from.port", String.valueOf(s.from.port));
        }
        if (!s.flavor.isEmpty() && !s.flavor.equals("mysql") && !s.flavor.equals("mariadb")) {
            throw ConfigErrors.INVALID_VALUE.error("flavor", s.flavor + " (want mysql or mariadb)");
        }
        validateChecker(s.checker);
        if (s.filters != null) {
            for (int i = 0; i < s.filters.size(); i++) {
                BinlogEventFilter.validate("filters[" + i + "]", s.filters.get(i));
            }
        }
    }

    /** DM refuses a backoff-max under one second: auto-resume would hammer a failing database. */
    private static void validateChecker(SourceConfig.Checker c) {
        TaskConfigResolver.duration("checker.check-interval", c.checkInterval);
        TaskConfigResolver.duration("checker.backoff-rollback", c.backoffRollback);
        java.time.Duration min = TaskConfigResolver.duration("checker.backoff-min", c.backoffMin);
        java.time.Duration max = TaskConfigResolver.duration("checker.backoff-max", c.backoffMax);
        if (max.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
            throw ConfigErrors.CHECKER_MAX_TOO_SMALL.error(c.backoffMax, "1s");
        }
        if (min.isZero() || min.compareTo(max) > 0) {
            throw ConfigErrors.INVALID_VALUE.error("checker.backoff-min", c.backoffMin + " (want more than 0 and at most backoff-max)");
        }
        if (c.backoffFactor < 1) {
            throw ConfigErrors.INVALID_VALUE.error("checker.backoff-factor", c.backoffFactor + " (want at least 1)");
        }
    }
}
