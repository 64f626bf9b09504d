package io.sluice.common.filter.expression;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DATE or DATETIME/TIMESTAMP value inside an expression. Everything is kept in UTC, the
 * zone our sessions and the binlog's TIMESTAMP text use: a literal with an offset
 * ({@code '2021-01-01 12:34:56+08:00'}) is moved to UTC when it is read, as DM documents.
 */
record DateTimeValue(LocalDateTime time, boolean dateOnly) implements Comparable<DateTimeValue> {
    private static final Pattern TEXT = Pattern.compile(
            "\\s*(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?)?\\s*(Z|[+-]\\d{1,2}:\\d{2})?\\s*");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static DateTimeValue now() {
        return new DateTimeValue(LocalDateTime.now(ZoneOffset.UTC).withNano(0), false);
    }

    static DateTimeValue today() {
        return new DateTimeValue(LocalDate.now(ZoneOffset.UTC).atStartOfDay(), true);
    }

    /** The value of a date or datetime text, or null when the text is not one (or is a zero date). */
    static DateTimeValue parse(String s) {
        Matcher m = TEXT.matcher(s);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return new DateTimeValue(d.atStartOfDay(), true);
            }
            int nanos = 0;
            if (m.group(7) != null) {
                nanos = Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
            }
            LocalDateTime t = LocalDateTime.of(d, LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos));
            if (m.group(8) != null) {
                ZoneOffset offset = m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(normalOffset(m.group(8)));
                t = t.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return new DateTimeValue(t, false);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null; // 0000-00-00, 2021-02-30: not a date we can order
        }
    }

    private static String normalOffset(String o) {
        // ZoneOffset wants +hh:mm; MySQL also accepts +h:mm
        return o.length() == 5 ? o.charAt(0) + "0" + o.substring(1) : o;
    }

    /** MySQL's numeric form of a temporal value: YYYYMMDD or YYYYMMDDhhmmss[.ffffff]. */
    java.math.BigDecimal toNumber() {
        String digits = dateOnly ? time.format(DateTimeFormatter.BASIC_ISO_DATE)
                : time.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        java.math.BigDecimal n = new java.math.BigDecimal(digits);
        if (!dateOnly && time.getNano() != 0) {
            n = n.add(java.math.BigDecimal.valueOf(time.getNano() / 1000, 6));
        }
        return n;
    }

    @Override
    public int compareTo(DateTimeValue o) {
        return time.compareTo(o.time);
    }

    @Override
    public String toString() {
        if (dateOnly) {
            return time.format(DATE);
        }
        String s = time.format(DATETIME);
        return time.getNano() == 0 ? s : s + "." + String.format("%06d", time.getNano() / 1000);
    }
}
