package io.sluice.worker.sync;

import io.sluice.worker.schema.TableInfo;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the sync derives from one table shape (key column indexes, statement texts, a shape
 * corrected by the binlog's metadata), derived once and kept: rows ask for it one by one. The
 * tracker hands out one {@link TableInfo} per shape until a DDL replaces it, so identity is the
 * key, and a shape a DDL replaced is never asked for again — the memo is simply emptied when it
 * grows past a bound. Not thread-safe: each user keeps its own (or one per thread).
 */
final class PerShape<V> {
    private static final int BOUND = 1024;
    private final Map<TableInfo, V> values = new IdentityHashMap<>();

    /** The value kept for {@code shape}, or null. */
    V get(TableInfo shape) {
        return values.get(shape);
    }

    void put(TableInfo shape, V value) {
        if (values.size() >= BOUND) {
            values.clear();
        }
        values.put(shape, value);
    }

    V computeIfAbsent(TableInfo shape, Function<TableInfo, V> derive) {
        V v = values.get(shape);
        if (v == null) {
            v = derive.apply(shape);
            put(shape, v);
        }
        return v;
    }
}
