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
        StringBuilder sql = new StringBuilder(replace ? "REPLACE INTO " : "INSERT INTO ").append(target.quoted()).append(" (");
        StringBuilder marks = new StringBuilder();
        List<Object> params = new ArrayList<>(row.length);
        for (int i = 0; i < row.length; i++) {
            if (t.columns().get(i).generated()) {
                continue; // the target computes it; writing it is an error (1906)
            }
            sql.append(params.isEmpty() ? "" : ", ").append(TableName.quote(t.columns().get(i).name()));
            marks.append(params.isEmpty() ? "?" : ", ?");
            params.add(row[i]);
        }
        sql.append(") VALUES (").append(marks).append(')');
        return new Dml(sql.toString(), params);
    }

    static Dml update(TableInfo t, TableName target, Object[] before, Object[] after) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(target.quoted()).append(" SET ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < after.length; i++) {
            if (t.columns().get(i).generated()) {
                continue;
            }
            sql.append(params.isEmpty() ? "" : ", ").append(TableName.quote(t.columns().get(i).name())).append(" = ?");
            params.add(after[i]);
        }
        where(t, before, sql, params);
        return new Dml(sql.toString(), params);
    }

    static Dml delete(TableInfo t, TableName target, Object[] before) {
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(target.quoted());
        List<Object> params = new ArrayList<>();
        where(t, before, sql, params);
        return new Dml(sql.toString(), params);
    }

    private static void where(TableInfo t, Object[] row, StringBuilder sql, List<Object> params) {
        List<String> key = t.identityKey();
        sql.append(" WHERE ");
        boolean first = true;
        if (!key.isEmpty()) {
            for (String k : key) {
                int i = t.indexOf(k);
                sql.append(first ? "" : " AND ").append(TableName.quote(k)).append(" <=> ?");
                params.add(row[i]);
                first = false;
            }
        } else {
            for (int i = 0; i < row.length; i++) {
                TableInfo.Column col = t.columns().get(i);
                // FLOAT is stored rounded and JSON compares by structure: neither matches its
                // bound text reliably, so they do not take part in finding the row; generated
                // columns follow from the others.
                if (col.type().equals("float") || col.type().equals("json") || col.generated()) {
                    continue;
                }
                sql.append(first ? "" : " AND ").append(TableName.quote(col.name())).append(" <=> ?");
                params.add(row[i]);
                first = false;
            }
            if (first) {
                sql.append("1 = 1");
            }
        }
        sql.append(" LIMIT 1");
    }
}
