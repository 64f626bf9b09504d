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
        if (s.filters != null) {
            for (int i = 0; i < s.filters.size(); i++) {
                BinlogEventFilter.validate("filters[" + i + "]", s.filters.get(i));
            }
        }
    }
}
