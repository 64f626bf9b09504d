package io.sluice.worker.dump;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The order chunks are dumped and loaded in: one chunk of each table in turn, the tables with
 * the most work first. Parallel loads then mostly write different tables: InnoDB holds a table's
 * AUTO-INC lock for a whole LOAD DATA statement (its row count is unknown in advance), so loads
 * of one auto-increment table run one after another whatever the pool size. The biggest table
 * still starts first, so it does not finish alone at the end.
 */
public final class TableInterleave {
    private TableInterleave() {
    }

    /**
     * @param table  the table a chunk belongs to
     * @param weight a chunk's work (rows, bytes); a table's is the sum of its chunks'
     */
    public static <T, K> List<T> order(List<T> chunks, Function<T, K> table, ToLongFunction<T> weight) {
        Map<K, Deque<T>> byTable = new LinkedHashMap<>();
        Map<K, Long> work = new LinkedHashMap<>();
        for (T c : chunks) {
            byTable.computeIfAbsent(table.apply(c), k -> new ArrayDeque<>()).add(c);
            work.merge(table.apply(c), weight.applyAsLong(c), Long::sum);
        }
        List<K> tables = new ArrayList<>(byTable.keySet());
        tables.sort(Comparator.comparingLong((K k) -> -work.get(k)));
        List<T> out = new ArrayList<>(chunks.size());
        while (out.size() < chunks.size()) {
            for (K k : tables) {
                T next = byTable.get(k).poll();
                if (next != null) {
                    out.add(next);
                }
            }
        }
        return out;
    }
}
