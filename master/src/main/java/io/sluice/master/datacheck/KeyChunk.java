package io.sluice.master.datacheck;

import io.sluice.common.filter.TableName;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A range of a table's key, {@code lower <= key < upper}; a null bound is open. The bounds are
 * key values read from the target and sent back as statement parameters, so strings, binary
 * keys and composite keys compare in the database exactly as stored.
 */
record KeyChunk(List<String> key, List<Object> lower, List<Object> upper) {
    static KeyChunk all() {
        return new KeyChunk(List.of(), null, null);
    }

    boolean isAll() {
        return lower == null && upper == null;
    }

    /** The WHERE condition, with one {@code ?} per bound value. */
    String condition() {
        List<String> parts = new ArrayList<>(2);
        if (lower != null) {
            parts.add(tuple(key.stream().map(TableName::quote).toList()) + " >= " + tuple(key.stream().map(k -> "?").toList()));
        }
        if (upper != null) {
            parts.add(tuple(key.stream().map(TableName::quote).toList()) + " < " + tuple(key.stream().map(k -> "?").toList()));
        }
        return String.join(" AND ", parts);
    }

    void bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (List<Object> bound : java.util.Arrays.asList(lower, upper)) {
            if (bound != null) {
                for (Object v : bound) {
                    ps.setObject(i++, v);
                }
            }
        }
    }

    /** The condition with its values, as the report shows it. */
    String describe() {
        if (isAll()) {
            return "whole table";
        }
        String cols = tuple(key.stream().map(TableName::quote).toList());
        List<String> parts = new ArrayList<>(2);
        if (lower != null) {
            parts.add(cols + " >= " + tuple(shown(lower)));
        }
        if (upper != null) {
            parts.add(cols + " < " + tuple(shown(upper)));
        }
        return String.join(" AND ", parts);
    }

    static List<String> shown(List<Object> bound) {
        return bound == null ? List.of() : bound.stream().map(KeyChunk::show).toList();
    }

    private static String show(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            StringBuilder sb = new StringBuilder("0x");
            for (byte x : b) {
                sb.append(String.format("%02X", x));
            }
            return sb.toString();
        }
        if (v instanceof Number) {
            return v.toString();
        }
        return "'" + v.toString().replace("'", "''") + "'";
    }

    private static String tuple(List<String> items) {
        return items.size() == 1 ? items.get(0) : items.stream().collect(Collectors.joining(", ", "(", ")"));
    }
}
