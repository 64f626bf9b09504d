package io.sluice.common.filter.expression;

import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Set;

/** {@code INTERVAL n UNIT}: only meaningful as an operand of date arithmetic. */
record Interval(String unit, long amount) {
    static final Set<String> UNITS = Set.of("MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR");

    Interval {
        unit = unit.toUpperCase(Locale.ROOT);
    }

    Interval negate() {
        return new Interval(unit, -amount);
    }

    /** The date moved by this interval; a DATE stays a DATE only for day-or-longer units. */
    DateTimeValue addTo(DateTimeValue d) {
        LocalDateTime t = d.time();
        LocalDateTime r = switch (unit) {
            case "MICROSECOND" -> t.plusNanos(amount * 1000);
            case "SECOND" -> t.plusSeconds(amount);
            case "MINUTE" -> t.plusMinutes(amount);
            case "HOUR" -> t.plusHours(amount);
            case "DAY" -> t.plusDays(amount);
            case "WEEK" -> t.plusWeeks(amount);
            case "MONTH" -> t.plusMonths(amount);
            case "QUARTER" -> t.plusMonths(3 * amount);
            case "YEAR" -> t.plusYears(amount);
            default -> throw new IllegalStateException("interval unit " + unit);
        };
        boolean dayOrMore = Set.of("DAY", "WEEK", "MONTH", "QUARTER", "YEAR").contains(unit);
        return new DateTimeValue(r, d.dateOnly() && dayOrMore);
    }
}
