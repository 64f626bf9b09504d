package io.sluice.worker.sync;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the statements that replay one row change on the target. Rows are found by primary
 * key, else by the first unique key, else by every column ({@code <=>} so NULLs match, and
 * LIMIT 1 because identical rows are interchangeable). Safe mode makes a replayed range
 * harmless on keyed tables: INSERT → REPLACE, UPDATE → DELETE old + REPLACE new.
 */
final class DmlBuilder {

    /** One prepared statement and the values for its placeholders, in order. */
    record Dml(String sql, List<Object> params) {
    }

    private DmlBuilder() {
    }

    static List<Dml> build(RowChange c, boolean safeMode) {
        return switch (c.kind()) {
            case INSERT -> List.of(insert(c.table(), c.target(), c.after(), safeMode));
            case DELETE -> List.of(delete(c.table(), c.target(), c.before()));
            case UPDATE -> safeMode
                    ? List.of(delete(c.table(), c.target(), c.before()), insert(c.table(), c.target(), c.after(), true))
                    : List.of(update(c.table(), c.target(), c.before(), c.after()));
        };
    }

    static Dml insert(TableInfo t, TableName target, Object[] row, boolean replace) {
        Texts x = texts(t, target);
        return new Dml(replace ? x.replace : x.insert, pick(x.written, row, null));
    }

    static Dml update(TableInfo t, TableName target, Object[] before, Object[] after) {
        Texts x = texts(t, target);
        return new Dml(x.update, pick(x.where, before, pick(x.written, after, null)));
    }

    static Dml delete(TableInfo t, TableName target, Object[] before) {
        Texts x = texts(t, target);
        return new Dml(x.delete, pick(x.where, before, null));
    }

    /** {@code row}'s values at {@code columns}, appended to {@code to} (a new list when null). */
    private static List<Object> pick(int[] columns, Object[] row, List<Object> to) {
        List<Object> out = to != null ? to : new ArrayList<>(columns.length * 2);
        for (int i : columns) {
            out.add(row[i]);
        }
        return out;
    }

    /**
     * The statement texts of one table shape and target, and which columns fill their
     * placeholders: the same for every row, so built once per writer thread and shape (the
     * tracker hands out one {@link TableInfo} per shape, so identity is the key).
     */
    private record Texts(TableName target, String insert, String replace, String update, String delete, int[] written, int[] where) {
        static Texts of(TableInfo t, TableName target) {
            List<Integer> written = new ArrayList<>();
            StringBuilder columns = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            StringBuilder set = new StringBuilder();
            for (int i = 0; i < t.columns().size(); i++) {
                if (t.columns().get(i).generated()) {
                    continue; // the target computes it; writing it is an error (1906)
                }
                String name = TableName.quote(t.columns().get(i).name());
                columns.append(written.isEmpty() ? "" : ", ").append(name);
                marks.append(written.isEmpty() ? "?" : ", ?");
                set.append(written.isEmpty() ? "" : ", ").append(name).append(" = ?");
                written.add(i);
            }
            List<Integer> where = new ArrayList<>();
            String whereText = whereClause(t, where);
            String values = " (" + columns + ") VALUES (" + marks + ")";
            return new Texts(target, "INSERT INTO " + target.quoted() + values, "REPLACE INTO " + target.quoted() + values,
                    "UPDATE " + target.quoted() + " SET " + set + whereText, "DELETE FROM " + target.quoted() + whereText,
                    written.stream().mapToInt(Integer::intValue).toArray(), where.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** One memo per writer thread: each builds its own statements. */
    private static final ThreadLocal<PerShape<Texts>> TEXTS = ThreadLocal.withInitial(PerShape::new);

    private static Texts texts(TableInfo t, TableName target) {
        PerShape<Texts> byShape = TEXTS.get();
        Texts x = byShape.get(t);
        if (x == null || !x.target.equals(target)) {
            x = Texts.of(t, target);
            byShape.put(t, x);
        }
        return x;
    }

    /** The WHERE clause finding one row; {@code columns} receives the columns of its placeholders. */
    private static String whereClause(TableInfo t, List<Integer> columns) {
        List<String> key = t.identityKey();
        StringBuilder sql = new StringBuilder(" WHERE ");
        boolean first = true;
        if (!key.isEmpty()) {
            for (String k : key) {
                sql.append(first ? "" : " AND ").append(TableName.quote(k)).append(" <=> ?");
                columns.add(t.indexOf(k));
                first = false;
            }
        } else {
            for (int i = 0; i < t.columns().size(); i++) {
                TableInfo.Column col = t.columns().get(i);
                // FLOAT is stored rounded and JSON compares by structure: neither matches its
                // bound text reliably, so they do not take part in finding the row; generated
                // columns follow from the others.
                if (col.type().equals("float") || col.type().equals("json") || col.generated()) {
                    continue;
                }
                sql.append(first ? "" : " AND ").append(TableName.quote(col.name())).append(" <=> ?");
                columns.add(i);
                first = false;
            }
            if (first) {
                sql.append("1 = 1");
            }
        }
        return sql.append(" LIMIT 1").toString();
    }
}
