package io.sluice.worker.dump;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.common.filter.TableName;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A half-open range {@code [lo, hi)} of a table's key, in the key's own order. Bounds are tuples
 * of SQL literals (one per key column, as the planner read them from the source), so the server
 * compares them with the columns' types and collations; a null bound is open. Ranges are what
 * the load checkpoint records per chunk, so a later dump on any worker can take exactly the
 * rows outside the ranges already loaded.
 */
public record KeyRange(List<String> lo, List<String> hi) {
    public static final KeyRange ALL = new KeyRange(null, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean isAll() {
        return lo == null && hi == null;
    }

    /** The SQL condition for rows in this range; empty for the whole table. */
    String predicate(List<String> keyColumns) {
        String cols = tuple(keyColumns.stream().map(TableName::quote).toList());
        List<String> parts = new ArrayList<>(2);
        if (lo != null) {
            parts.add(cols + " >= " + tuple(lo));
        }
        if (hi != null) {
            parts.add(cols + " < " + tuple(hi));
        }
        return String.join(" AND ", parts);
    }

    /** The condition for rows outside every range in {@code ranges}; empty when there are none. */
    static String outside(Collection<KeyRange> ranges, List<String> keyColumns) {
        if (ranges.isEmpty()) {
            return "";
        }
        return "NOT (" + ranges.stream().map(r -> r.isAll() ? "1 = 1" : "(" + r.predicate(keyColumns) + ")")
                .collect(Collectors.joining(" OR ")) + ")";
    }

    private static String tuple(List<String> values) {
        return values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")";
    }

    /** A bound as the load checkpoint stores it (a JSON array of literals), or null when open. */
    public static String encode(List<String> bound) {
        try {
            return bound == null ? null : JSON.writeValueAsString(bound);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> decode(String stored) {
        try {
            return stored == null ? null : JSON.readValue(stored, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed chunk bound " + stored, e);
        }
    }

    /**
     * Integer-key ranges merged into disjoint ones, in order, so the exclusion a later dump
     * writes stays short however many chunks were loaded.
     */
    static List<KeyRange> mergeIntegers(Collection<KeyRange> ranges) {
        List<KeyRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing((KeyRange r) -> r.lo == null ? null : new BigInteger(r.lo.get(0)),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        List<KeyRange> out = new ArrayList<>();
        for (KeyRange r : sorted) {
            KeyRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && (last.hi == null || r.lo == null
                    || new BigInteger(r.lo.get(0)).compareTo(new BigInteger(last.hi.get(0))) <= 0)) {
                boolean extends_ = last.hi != null && (r.hi == null || new BigInteger(r.hi.get(0)).compareTo(new BigInteger(last.hi.get(0))) > 0);
                if (extends_) {
                    out.set(out.size() - 1, new KeyRange(last.lo, r.hi));
                }
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Whether the ranges together cover the whole key space. Every dump's plan tiles the key
     * space with ranges that share their bounds, so a plan wholly loaded forms a chain from the
     * open low end to the open high end; for keys we cannot compare here, that chain is the test.
     */
    static boolean coverAll(Collection<KeyRange> ranges) {
        Map<String, List<String>> next = new HashMap<>();
        for (KeyRange r : ranges) {
            next.computeIfAbsent(String.valueOf(encode(r.lo)), k -> new ArrayList<>()).add(String.valueOf(encode(r.hi)));
        }
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of("null"));
        while (!todo.isEmpty()) {
            String at = todo.remove(todo.size() - 1);
            if (!seen.add(at)) {
                continue;
            }
            for (String to : next.getOrDefault(at, List.of())) {
                if (to.equals("null")) {
                    return true;
                }
                todo.add(to);
            }
        }
        return false;
    }
}
