package io.sluice.worker.sync;

import io.sluice.worker.schema.TableInfo;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Chooses the writer queue of each row so that changes to the same row stay in order while
 * different rows go in parallel: queue = hash(table, identity-key values) % worker-count.
 * Tables with no primary or unique key hash by table only (one queue keeps their order).
 *
 * <p>The choice depends on nothing but the row itself (no "which queue is pending" state), so
 * replaying the same binlog after a crash sends every row to the same queue again; that is what
 * lets a queue's saved position say which replayed rows it already wrote (see SyncCheckpoint).
 * An UPDATE that moves a row to another key may hash old and new key to different queues; the
 * caller then drains all queues before and after it ({@link #crossesQueues}), so nothing on
 * either key can overtake it.
 */
final class CausalityDispatcher {
    private final int queues;

    CausalityDispatcher(int queues) {
        this.queues = Math.max(1, queues);
    }

    int queues() {
        return queues;
    }

    /** The queue of a row change: by its new key for inserts and updates, old key for deletes. */
    int queueFor(RowChange c) {
        return queueOf(c.table(), c.after() != null ? c.after() : c.before());
    }

    /** Whether an UPDATE's old and new key land in different queues. */
    boolean crossesQueues(RowChange c) {
        return c.kind() == RowChange.Kind.UPDATE && queueOf(c.table(), c.before()) != queueOf(c.table(), c.after());
    }

    int queueOf(TableInfo t, Object[] row) {
        // String and array hash codes are specified by the JDK, so this is stable across runs.
        Shape shape = shapes.computeIfAbsent(t, Shape::of);
        int h = shape.tableHash;
        for (int i : shape.keyColumns) {
            h = 31 * h + valueHash(row[i]);
        }
        return Math.floorMod(h, queues);
    }

    /**
     * Per table shape, what every row's queue choice starts from; only the pipeline thread
     * dispatches.
     */
    private final PerShape<Shape> shapes = new PerShape<>();

    private record Shape(int tableHash, int[] keyColumns) {
        static Shape of(TableInfo t) {
            List<String> key = t.identityKey();
            int[] columns = new int[key.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = t.indexOf(key.get(i));
            }
            return new Shape((t.schema() + '.' + t.table()).hashCode(), columns);
        }
    }

    private static int valueHash(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof byte[] b) {
            return Arrays.hashCode(b);
        }
        if (v instanceof Number n) {
            // 5 (Integer), 5 (Long) and 5 (BigDecimal) are the same key value.
            return n.toString().hashCode();
        }
        if (v instanceof String s) {
            // MySQL compares most keys case-insensitively; hash what compares equal alike.
            return s.toLowerCase(java.util.Locale.ROOT).stripTrailing().hashCode();
        }
        return HexFormat.of().formatHex(v.toString().getBytes()).hashCode();
    }
}
