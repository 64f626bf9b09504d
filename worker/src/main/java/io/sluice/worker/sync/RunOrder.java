package io.sluice.worker.sync;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The order one writer transaction writes its batch in, chosen so that changes of the same kind
 * on the same table sit together (one bulk request, or one multi-row statement) while every row
 * keeps its order against every change it could conflict with.
 *
 * <p>Changes of different target tables touch different rows and commit together, so tables are
 * grouped whole. Within a table, a change may move ahead of earlier changes whose unique-key
 * values (primary and unique keys, old and new image) it shares none of: it joins the latest run
 * of its kind that comes after the last run holding a change it conflicts with. A table without
 * any unique key keeps its order (its rows cannot be told apart). Values are compared loosely
 * (case and trailing spaces ignored, as MySQL's default collations do), which can only keep more
 * changes in order, never fewer.
 */
final class RunOrder {
    private RunOrder() {
    }

    static List<RowCompactor.WriteRow> of(List<RowCompactor.WriteRow> writes) {
        if (writes.size() < 2) {
            return writes;
        }
        Map<TableName, List<RowCompactor.WriteRow>> tables = new LinkedHashMap<>();
        for (RowCompactor.WriteRow w : writes) {
            tables.computeIfAbsent(w.change().target(), t -> new ArrayList<>()).add(w);
        }
        List<RowCompactor.WriteRow> out = new ArrayList<>(writes.size());
        for (List<RowCompactor.WriteRow> rows : tables.values()) {
            out.addAll(withinTable(rows));
        }
        return out;
    }

    private static List<RowCompactor.WriteRow> withinTable(List<RowCompactor.WriteRow> rows) {
        List<List<RowCompactor.WriteRow>> runs = new ArrayList<>();
        Map<Kind, Integer> latestRunOfKind = new HashMap<>();
        Map<List<Object>, Integer> latestRunOfKey = new HashMap<>();
        for (RowCompactor.WriteRow w : rows) {
            List<List<Object>> keys = conflictKeys(w.change());
            if (keys == null) {
                return rows; // a keyless table: no change may move
            }
            int after = -1;
            for (List<Object> k : keys) {
                after = Math.max(after, latestRunOfKey.getOrDefault(k, -1));
            }
            Kind kind = new Kind(w.change().kind(), w.safe(), System.identityHashCode(w.change().table()));
            Integer run = latestRunOfKind.get(kind);
            if (run == null || run < after) {
                run = runs.size();
                runs.add(new ArrayList<>());
                latestRunOfKind.put(kind, run);
            }
            runs.get(run).add(w);
            for (List<Object> k : keys) {
                latestRunOfKey.put(k, run);
            }
        }
        List<RowCompactor.WriteRow> out = new ArrayList<>(rows.size());
        runs.forEach(out::addAll);
        return out;
    }

    /**
     * What makes neighbours the same statement: the kind of change, safe mode, and the table's
     * shape (by identity: hashing its columns for every row would cost more than it saves; a
     * collision only puts two shapes in one run, which the writer then sends one by one).
     */
    private record Kind(RowChange.Kind change, boolean safe, int tableShape) {
    }

    /** Each unique key's values in the old and the new image; null when the table has no unique key. */
    private static List<List<Object>> conflictKeys(RowChange c) {
        TableInfo t = c.table();
        List<List<String>> uniques = new ArrayList<>();
        if (!t.primaryKey().isEmpty()) {
            uniques.add(t.primaryKey());
        }
        uniques.addAll(t.uniqueKeys());
        if (uniques.isEmpty()) {
            return null;
        }
        List<List<Object>> keys = new ArrayList<>();
        for (int u = 0; u < uniques.size(); u++) {
            for (Object[] image : new Object[][] {c.before(), c.after()}) {
                List<Object> key = image == null ? null : key(t, u, uniques.get(u), image);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private static List<Object> key(TableInfo t, int u, List<String> columns, Object[] image) {
        List<Object> key = new ArrayList<>(columns.size() + 1);
        key.add(u);
        for (String col : columns) {
            int i = t.indexOf(col);
            Object v = i < 0 ? null : image[i];
            if (v == null) {
                return null; // NULLs never collide in a unique key
            }
            key.add(loosely(v));
        }
        return key;
    }

    private static String loosely(Object v) {
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof String s) {
            return s.toLowerCase(Locale.ROOT).stripTrailing();
        }
        return v.toString();
    }
}
