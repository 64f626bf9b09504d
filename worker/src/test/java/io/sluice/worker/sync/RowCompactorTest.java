package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DM's compaction rules, one pair of changes to a row at a time, and where the merged change goes. */
class RowCompactorTest {
    private static final TableInfo KEYED = table(List.of("id"), List.of());
    private static final TableInfo TWO_KEYS = table(List.of("id"), List.of(List.of("v")));
    private static final TableInfo KEYLESS = table(List.of(), List.of());
    private static final TableName TARGET = new TableName("db", "t");
    private int pos;

    @Test
    void insertThenUpdateIsTheInsertOfTheNewImage() {
        assertEquals(List.of("INSERT 1 b plain"), compact(ins(KEYED, 1, "a"), upd(KEYED, 1, "a", 1, "b")));
    }

    @Test
    void updateThenUpdateKeepsTheFirstOldAndTheLastNewImage() {
        assertEquals(List.of("UPDATE 1 a->1 c plain"), compact(upd(KEYED, 1, "a", 1, "b"), upd(KEYED, 1, "b", 1, "c")));
    }

    @Test
    void plainInsertThenDeleteIsNothing() {
        assertEquals(List.of(), compact(ins(KEYED, 1, "a"), del(KEYED, 1, "a")));
    }

    @Test
    void safeInsertThenDeleteIsTheDelete() {
        // in safe mode the row may have been on the target before the REPLACE
        List<RowChange> rows = List.of(ins(KEYED, 1, "a"), del(KEYED, 1, "a"));
        assertEquals(List.of("DELETE 1 a"), describe(RowCompactor.compact(rows, r -> true)));
    }

    @Test
    void deleteThenInsertIsAReplace() {
        assertEquals(List.of("INSERT 1 b safe"), compact(del(KEYED, 1, "a"), ins(KEYED, 1, "b")));
    }

    @Test
    void updateThenDeleteIsTheDelete() {
        assertEquals(List.of("DELETE 1 b"), compact(upd(KEYED, 1, "a", 1, "b"), del(KEYED, 1, "b")));
    }

    @Test
    void deleteThenInsertThenDeleteStaysADelete() {
        assertEquals(List.of("DELETE 1 b"), compact(del(KEYED, 1, "a"), ins(KEYED, 1, "b"), del(KEYED, 1, "b")));
    }

    @Test
    void anUpdateOfTheKeyIsADeleteOfTheOldKeyAndAnInsertOfTheNew() {
        assertEquals(List.of("DELETE 1 a", "INSERT 2 a plain"), compact(upd(KEYED, 1, "a", 2, "a")));
        // the moved row then merges with later changes to its new key
        assertEquals(List.of("DELETE 1 a", "INSERT 2 z plain"), compact(upd(KEYED, 1, "a", 2, "a"), upd(KEYED, 2, "a", 2, "z")));
        assertEquals(List.of("DELETE 1 a"), compact(upd(KEYED, 1, "a", 2, "a"), del(KEYED, 2, "a")));
    }

    @Test
    void theMergedChangeTakesThePlaceOfTheLastOneItCovers() {
        assertEquals(List.of("INSERT 2 x plain", "INSERT 1 c plain", "DELETE 3 q"),
                compact(ins(KEYED, 1, "a"), ins(KEYED, 2, "x"), upd(KEYED, 1, "a", 1, "c"), del(KEYED, 3, "q")));
    }

    @Test
    void tablesWithoutKeyOrWithASecondUniqueKeyAreLeftAsTheyAre() {
        assertEquals(List.of("INSERT 1 a plain", "DELETE 1 a"), compact(ins(KEYLESS, 1, "a"), del(KEYLESS, 1, "a")));
        assertEquals(List.of("INSERT 1 a plain", "UPDATE 1 a->1 b plain"), compact(ins(TWO_KEYS, 1, "a"), upd(TWO_KEYS, 1, "a", 1, "b")));
    }

    @Test
    void keysThatDifferOnlyInCaseLeaveTheBatchAsItIs() {
        TableInfo byName = new TableInfo("db", "t", KEYED.columns(), List.of("v"), List.of(), "");
        assertEquals(List.of("INSERT 1 a plain", "DELETE 2 A", "INSERT 3 a plain"),
                compact(ins(byName, 1, "a"), del(byName, 2, "A"), ins(byName, 3, "a")));
    }

    @Test
    void safeModeOfEitherChangeCarriesOver() {
        List<RowChange> rows = List.of(ins(KEYED, 1, "a"), upd(KEYED, 1, "a", 1, "b"));
        assertEquals(List.of("INSERT 1 b safe"), describe(RowCompactor.compact(rows, r -> r.kind() == RowChange.Kind.INSERT)));
    }

    // --- helpers -------------------------------------------------------------------------

    private List<String> compact(RowChange... rows) {
        return describe(RowCompactor.compact(List.of(rows), r -> false));
    }

    static List<String> describe(List<RowCompactor.WriteRow> rows) {
        List<String> out = new ArrayList<>();
        for (RowCompactor.WriteRow w : rows) {
            RowChange c = w.change();
            out.add(switch (c.kind()) {
                case INSERT -> "INSERT " + c.after()[0] + " " + c.after()[1] + (w.safe() ? " safe" : " plain");
                case DELETE -> "DELETE " + c.before()[0] + " " + c.before()[1];
                case UPDATE -> "UPDATE " + c.before()[0] + " " + c.before()[1] + "->" + c.after()[0] + " " + c.after()[1]
                        + (w.safe() ? " safe" : " plain");
            });
        }
        return out;
    }

    static TableInfo table(List<String> pk, List<List<String>> uks) {
        return new TableInfo("db", "t", List.of(new TableInfo.Column("id", "int", false, "", -1),
                new TableInfo.Column("v", "varchar", false, "utf8mb4", 32)), pk, uks, "");
    }

    private RowChange ins(TableInfo t, int id, String v) {
        return new RowChange(RowChange.Kind.INSERT, t, TARGET, null, new Object[] {id, v}, next());
    }

    private RowChange del(TableInfo t, int id, String v) {
        return new RowChange(RowChange.Kind.DELETE, t, TARGET, new Object[] {id, v}, null, next());
    }

    private RowChange upd(TableInfo t, int id, String v, int newId, String newV) {
        return new RowChange(RowChange.Kind.UPDATE, t, TARGET, new Object[] {id, v}, new Object[] {newId, newV}, next());
    }

    private RowPosition next() {
        return new RowPosition("bin.000001", 4, pos++);
    }
}
