package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code multiple-rows} joins neighbouring changes of one kind on one table into one statement. */
class WritePlanTest {
    private static final TableInfo KEYED = RowCompactorTest.table(List.of("id"), List.of());
    private static final TableInfo KEYLESS = RowCompactorTest.table(List.of(), List.of());
    private static final TableInfo PAIR_KEY = RowCompactorTest.table(List.of("id", "v"), List.of());
    private static final TableName T = new TableName("db", "t");
    private static final TableName U = new TableName("db", "u");
    private int pos;

    @Test
    void insertsBecomeOneStatementPerTableEvenWhenTablesInterleave() {
        // tables grouped in the order they first appear: t's rows touch none of u's
        List<String> sql = plan(false, ins(KEYED, T, 1), ins(KEYED, T, 2), ins(KEYED, U, 3), ins(KEYED, T, 4));
        assertEquals(List.of("INSERT INTO `db`.`t` (`id`, `v`) VALUES (?, ?), (?, ?), (?, ?) [1, v1, 2, v2, 4, v4]",
                "INSERT INTO `db`.`u` (`id`, `v`) VALUES (?, ?) [3, v3]"), sql);
    }

    @Test
    void withinATableTheOrderOfChangesHolds() {
        // insert 1, delete 1, insert 1 again on t, with u's rows between: t keeps insert, delete, insert
        List<String> sql = plan(false, ins(KEYED, T, 1), ins(KEYED, U, 7), del(KEYED, 1), ins(KEYED, U, 8), ins(KEYED, T, 1));
        assertEquals(4, sql.size(), sql.toString());
        assertEquals("INSERT INTO `db`.`t` (`id`, `v`) VALUES (?, ?) [1, v1]", sql.get(0));
        assertEquals(true, sql.get(1).startsWith("DELETE FROM `db`.`t`"), sql.get(1));
        assertEquals("INSERT INTO `db`.`t` (`id`, `v`) VALUES (?, ?) [1, v1]", sql.get(2));
        assertEquals("INSERT INTO `db`.`u` (`id`, `v`) VALUES (?, ?), (?, ?) [7, v7, 8, v8]", sql.get(3));
    }

    @Test
    void safeModeInsertsBecomeOneReplace() {
        assertEquals(List.of("REPLACE INTO `db`.`t` (`id`, `v`) VALUES (?, ?), (?, ?) [1, v1, 2, v2]"),
                plan(true, ins(KEYED, T, 1), ins(KEYED, T, 2)));
    }

    @Test
    void updatesKeepingTheKeyBecomeOneInsertOnDuplicateKeyUpdate() {
        assertEquals(List.of("INSERT INTO `db`.`t` (`id`, `v`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `id` = VALUES(`id`),"
                + " `v` = VALUES(`v`) [1, new1, 2, new2]"), plan(false, upd(KEYED, 1, 1), upd(KEYED, 2, 2)));
        // moving a row to another key, or safe mode, stays one statement per row
        assertEquals(2, plan(false, upd(KEYED, 1, 5), upd(KEYED, 2, 6)).size());
        assertEquals(4, plan(true, upd(KEYED, 1, 1), upd(KEYED, 2, 2)).size());
    }

    @Test
    void deletesBecomeOneStatementByKey() {
        assertEquals(List.of("DELETE FROM `db`.`t` WHERE `id` IN (?, ?, ?) [1, 2, 3]"),
                plan(false, del(KEYED, 1), del(KEYED, 2), del(KEYED, 3)));
        assertEquals(List.of("DELETE FROM `db`.`t` WHERE (`id` = ? AND `v` = ?) OR (`id` = ? AND `v` = ?) [1, v1, 2, v2]"),
                plan(false, del(PAIR_KEY, 1), del(PAIR_KEY, 2)));
    }

    @Test
    void keylessDeletesStayOneRowEach() {
        assertEquals(List.of("DELETE FROM `db`.`t` WHERE `id` <=> ? AND `v` <=> ? LIMIT 1 [1, v1]",
                "DELETE FROM `db`.`t` WHERE `id` <=> ? AND `v` <=> ? LIMIT 1 [2, v2]"), plan(false, del(KEYLESS, 1), del(KEYLESS, 2)));
    }

    /** A run of one row is the plain one-row statement. */
    @Test
    void theOrderOfKindsHolds() {
        List<String> sql = plan(false, ins(KEYED, T, 1), ins(KEYED, T, 2), del(KEYED, 1), ins(KEYED, T, 1));
        assertEquals(List.of("INSERT INTO `db`.`t` (`id`, `v`) VALUES (?, ?), (?, ?) [1, v1, 2, v2]",
                "DELETE FROM `db`.`t` WHERE `id` <=> ? LIMIT 1 [1]", "INSERT INTO `db`.`t` (`id`, `v`) VALUES (?, ?) [1, v1]"), sql);
    }

    @Test
    void compactThenJoin() {
        List<RowChange> rows = List.of(ins(KEYED, T, 1), upd(KEYED, 1, 1), ins(KEYED, T, 2), del(KEYED, 2), ins(KEYED, T, 3));
        assertEquals(List.of("INSERT INTO `db`.`t` (`id`, `v`) VALUES (?, ?), (?, ?) [1, new1, 3, v3]"),
                text(WritePlan.of(rows, r -> false, true, true)));
    }

    @Test
    void withoutEitherOptionEveryRowIsItsOwnStatement() {
        List<RowChange> rows = List.of(ins(KEYED, T, 1), ins(KEYED, T, 2), del(KEYED, 1));
        assertEquals(3, WritePlan.of(rows, r -> false, false, false).size());
    }

    // --- helpers -------------------------------------------------------------------------

    private List<String> plan(boolean safe, RowChange... rows) {
        return text(WritePlan.of(List.of(rows), r -> safe, false, true));
    }

    private static List<String> text(List<WritePlan.Statement> plan) {
        List<String> out = new ArrayList<>();
        for (WritePlan.Statement s : plan) {
            out.add(s.dml().sql() + " " + s.dml().params());
        }
        return out;
    }

    private RowChange ins(TableInfo t, TableName target, int id) {
        return new RowChange(RowChange.Kind.INSERT, t, target, null, new Object[] {id, "v" + id}, next());
    }

    private RowChange del(TableInfo t, int id) {
        return new RowChange(RowChange.Kind.DELETE, t, T, new Object[] {id, "v" + id}, null, next());
    }

    private RowChange upd(TableInfo t, int id, int newId) {
        return new RowChange(RowChange.Kind.UPDATE, t, T, new Object[] {id, "v" + id}, new Object[] {newId, "new" + newId}, next());
    }

    private RowPosition next() {
        return new RowPosition("bin.000001", 4, pos++);
    }
}
