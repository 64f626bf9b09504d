package io.sluice.worker.sync;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The statements one writer transaction runs for its batch of row changes, in order:
 * compacted first when {@code syncers.compact} is on ({@link RowCompactor}), and with
 * {@code syncers.multiple-rows} runs of the same kind of change on one table joined into one
 * statement, as DM does:
 *
 * <ul>
 * <li>INSERTs → one {@code INSERT … VALUES (…), (…)}; in safe mode one {@code REPLACE};
 * <li>UPDATEs that keep the row's key, outside safe mode → one
 *     {@code INSERT … ON DUPLICATE KEY UPDATE} (other UPDATEs stay one statement each);
 * <li>DELETEs on a keyed table → one {@code DELETE … WHERE key IN (…)}; a keyless table's
 *     deletes stay one {@code LIMIT 1} statement each, since identical rows must go one by one.
 * </ul>
 *
 * The changes come in {@link RunOrder}: grouped by table and kind wherever no key orders them;
 * then only neighbours merge, so every row's order of changes holds.
 */
final class WritePlan {
    /** MariaDB refuses a prepared statement with more placeholders than this. */
    private static final int MAX_PARAMS = 65_535;

    /** One statement, and the first row change it writes (named when the target rejects it). */
    record Statement(DmlBuilder.Dml dml, RowChange firstRow) {
    }

    private enum Op { INSERT, REPLACE, UPSERT, DELETE, SINGLE }

    private WritePlan() {
    }

    static List<Statement> of(List<RowChange> rows, Predicate<RowChange> safe, boolean compact, boolean multipleRows) {
        List<RowCompactor.WriteRow> writes = RunOrder.of(compact ? RowCompactor.compact(rows, safe) : RowCompactor.asIs(rows, safe));
        List<Statement> out = new ArrayList<>(writes.size());
        if (!multipleRows) {
            for (RowCompactor.WriteRow w : writes) {
                single(w, out);
            }
            return out;
        }
        List<RowCompactor.WriteRow> run = new ArrayList<>();
        Op runOp = null;
        for (RowCompactor.WriteRow w : writes) {
            Op op = opOf(w);
            if (!run.isEmpty() && (op != runOp || op == Op.SINGLE || !sameShape(run.get(0).change(), w.change())
                    || (run.size() + 1) * paramsPerRow(runOp, w.change()) > MAX_PARAMS)) {
                flush(runOp, run, out);
            }
            run.add(w);
            runOp = op;
        }
        flush(runOp, run, out);
        return out;
    }

    private static Op opOf(RowCompactor.WriteRow w) {
        RowChange c = w.change();
        return switch (c.kind()) {
            case INSERT -> w.safe() ? Op.REPLACE : Op.INSERT;
            case UPDATE -> !w.safe() && hasWholeKey(c.table(), c.before()) && !RowCompactor.keyChanged(c) ? Op.UPSERT : Op.SINGLE;
            case DELETE -> hasWholeKey(c.table(), c.before()) ? Op.DELETE : Op.SINGLE;
        };
    }

    /** Whether the row has an identity key with no NULL in it (NULLs do not identify a row in IN or ON DUPLICATE KEY). */
    private static boolean hasWholeKey(TableInfo t, Object[] row) {
        List<String> key = t.identityKey();
        if (key.isEmpty()) {
            return false;
        }
        for (String k : key) {
            if (row[t.indexOf(k)] == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameShape(RowChange a, RowChange b) {
        return a.target().equals(b.target()) && (a.table() == b.table() || a.table().columns().equals(b.table().columns()));
    }

    private static int paramsPerRow(Op op, RowChange c) {
        return op == Op.DELETE ? c.table().identityKey().size() : c.table().columns().size();
    }

    private static void single(RowCompactor.WriteRow w, List<Statement> out) {
        for (DmlBuilder.Dml dml : DmlBuilder.build(w.change(), w.safe())) {
            out.add(new Statement(dml, w.change()));
        }
    }

    private static void flush(Op op, List<RowCompactor.WriteRow> run, List<Statement> out) {
        if (run.isEmpty()) {
            return;
        }
        RowChange first = run.get(0).change();
        if (op == Op.SINGLE || run.size() == 1) {
            for (RowCompactor.WriteRow w : run) {
                single(w, out);
            }
        } else if (op == Op.DELETE) {
            out.add(new Statement(delete(first.table(), first.target(), run), first));
        } else {
            out.add(new Statement(insert(op, first.table(), first.target(), run), first));
        }
        run.clear();
    }

    private static DmlBuilder.Dml insert(Op op, TableInfo t, TableName target, List<RowCompactor.WriteRow> run) {
        StringBuilder sql = new StringBuilder(op == Op.REPLACE ? "REPLACE INTO " : "INSERT INTO ").append(target.quoted()).append(" (");
        StringBuilder tuple = new StringBuilder("(");
        // generated columns are computed by the target; writing one is an error (1906)
        List<Integer> written = new ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
            if (!t.columns().get(i).generated()) {
                sql.append(written.isEmpty() ? "" : ", ").append(TableName.quote(t.columns().get(i).name()));
                tuple.append(written.isEmpty() ? "?" : ", ?");
                written.add(i);
            }
        }
        tuple.append(')');
        sql.append(") VALUES ");
        List<Object> params = new ArrayList<>(run.size() * written.size());
        for (int r = 0; r < run.size(); r++) {
            sql.append(r == 0 ? "" : ", ").append(tuple);
            Object[] after = run.get(r).change().after();
            for (int i : written) {
                params.add(after[i]);
            }
        }
        if (op == Op.UPSERT) {
            sql.append(" ON DUPLICATE KEY UPDATE ");
            for (int n = 0; n < written.size(); n++) {
                String col = TableName.quote(t.columns().get(written.get(n)).name());
                sql.append(n == 0 ? "" : ", ").append(col).append(" = VALUES(").append(col).append(')');
            }
        }
        return new DmlBuilder.Dml(sql.toString(), params);
    }

    private static DmlBuilder.Dml delete(TableInfo t, TableName target, List<RowCompactor.WriteRow> run) {
        List<String> key = t.identityKey();
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(target.quoted()).append(" WHERE ");
        List<Object> params = new ArrayList<>(run.size() * key.size());
        if (key.size() == 1) {
            sql.append(TableName.quote(key.get(0))).append(" IN (");
            int i = t.indexOf(key.get(0));
            for (int r = 0; r < run.size(); r++) {
                sql.append(r == 0 ? "?" : ", ?");
                params.add(run.get(r).change().before()[i]);
            }
            return new DmlBuilder.Dml(sql.append(')').toString(), params);
        }
        // (a = ? AND b = ?) OR …: a form every MariaDB version turns into key ranges
        for (int r = 0; r < run.size(); r++) {
            sql.append(r == 0 ? "(" : " OR (");
            for (int k = 0; k < key.size(); k++) {
                sql.append(k == 0 ? "" : " AND ").append(TableName.quote(key.get(k))).append(" = ?");
                params.add(run.get(r).change().before()[t.indexOf(key.get(k))]);
            }
            sql.append(')');
        }
        return new DmlBuilder.Dml(sql.toString(), params);
    }
}
