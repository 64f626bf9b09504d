package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes of a writer batch may move next to others of their kind, and which must keep their place. */
class RunOrderTest {
    private static final TableName T = new TableName("db", "t");
    private static final TableName U = new TableName("db", "u");
    /** (id, v, w): primary key id, unique key v. */
    private static final TableInfo KEYED = new TableInfo("db", "t", List.of(col("id"), col("v"), col("w")), List.of("id"),
            List.of(List.of("v")), "");
    private static final TableInfo KEYLESS = new TableInfo("db", "t", List.of(col("id"), col("v"), col("w")), List.of(), List.of(), "");
    private int pos;

    @Test
    void changesOfOtherRowsJoinTheRunOfTheirKind() {
        // sysbench's write_only: update, update, delete, insert of the same id, transaction after transaction
        List<RowChange> batch = List.of(upd(KEYED, 1, 1), upd(KEYED, 2, 2), del(KEYED, 3), ins(KEYED, T, 3),
                upd(KEYED, 4, 4), upd(KEYED, 5, 5), del(KEYED, 6), ins(KEYED, T, 6));
        assertEquals(List.of("U1", "U2", "U4", "U5", "D3", "D6", "I3", "I6"), order(batch));
    }

    @Test
    void aRowKeepsTheOrderOfItsOwnChanges() {
        assertEquals(List.of("I1", "D1", "I1"), order(List.of(ins(KEYED, T, 1), del(KEYED, 1), ins(KEYED, T, 1))));
        // 2's insert joins the first run; 1's second insert may not pass 1's delete
        assertEquals(List.of("I1", "I2", "D1", "I1"), order(List.of(ins(KEYED, T, 1), del(KEYED, 1), ins(KEYED, T, 2), ins(KEYED, T, 1))));
    }

    @Test
    void aSharedUniqueKeyValueKeepsOrderToo() {
        // delete (id 1, v 5) then insert (id 2, v 5): the insert may not move before the delete
        RowChange early = ins(KEYED, T, 3);
        RowChange delete = new RowChange(RowChange.Kind.DELETE, KEYED, T, new Object[] {1, "five", "x"}, null, next());
        RowChange insert = new RowChange(RowChange.Kind.INSERT, KEYED, T, null, new Object[] {2, "FIVE ", "y"}, next());
        assertEquals(List.of("I3", "D1", "I2"), order(List.of(early, delete, insert)));
        // an UPDATE moving a row to a new key orders against both its old and its new key
        RowChange move = new RowChange(RowChange.Kind.UPDATE, KEYED, T, new Object[] {7, "v7", "w"}, new Object[] {8, "v8", "w"}, next());
        assertEquals(List.of("I9", "D7", "U7", "I8"), order(List.of(ins(KEYED, T, 9), del(KEYED, 7), move, ins(KEYED, T, 8))));
    }

    @Test
    void aKeylessTableKeepsItsOrderAndTablesGoWhole() {
        assertEquals(List.of("I1", "D2", "I3"), order(List.of(ins(KEYLESS, T, 1), del(KEYLESS, 2), ins(KEYLESS, T, 3))));
        assertEquals(List.of("I1", "I3", "I2"), order(List.of(ins(KEYED, T, 1), ins(KEYED, U, 2), ins(KEYED, T, 3))));
    }

    private static TableInfo.Column col(String name) {
        return new TableInfo.Column(name, name.equals("id") ? "int" : "varchar", false, "utf8mb4", -1);
    }

    private static List<String> order(List<RowChange> batch) {
        List<String> out = new ArrayList<>();
        for (RowCompactor.WriteRow w : RunOrder.of(RowCompactor.asIs(batch, r -> false))) {
            RowChange c = w.change();
            Object[] row = c.before() != null ? c.before() : c.after();
            out.add(c.kind().name().charAt(0) + String.valueOf(row[0]));
        }
        return out;
    }

    private RowChange ins(TableInfo t, TableName target, int id) {
        return new RowChange(RowChange.Kind.INSERT, t, target, null, new Object[] {id, "v" + id, "w"}, next());
    }

    private RowChange del(TableInfo t, int id) {
        return new RowChange(RowChange.Kind.DELETE, t, T, new Object[] {id, "v" + id, "w"}, null, next());
    }

    private RowChange upd(TableInfo t, int id, int newId) {
        return new RowChange(RowChange.Kind.UPDATE, t, T, new Object[] {id, "v" + id, "w"}, new Object[] {newId, "v" + newId, "w2"}, next());
    }

    private RowPosition next() {
        return new RowPosition("bin.000001", 4, pos++);
    }
}
