package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import io.sluice.worker.schema.TableInfo.Column;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-row statements, whose texts are built once per table shape and target. */
class DmlBuilderTest {
    private static final TableInfo KEYED = new TableInfo("s", "t", List.of(new Column("id", "int", false, "", -1),
            new Column("g", "int", false, "", -1, true), new Column("v", "varchar", false, "utf8mb4", -1)),
            List.of("id"), List.of(), "");
    private static final TableInfo KEYLESS = new TableInfo("s", "k", List.of(new Column("a", "int", false, "", -1),
            new Column("f", "float", false, "", -1), new Column("j", "json", false, "utf8mb4", -1), new Column("b", "varchar", false, "utf8mb4", -1)),
            List.of(), List.of(), "");
    private static final TableName TARGET = new TableName("d", "t");

    @Test
    void statementsByKeyLeaveGeneratedColumnsToTheTarget() {
        DmlBuilder.Dml insert = DmlBuilder.insert(KEYED, TARGET, new Object[] {1, 99, "x"}, false);
        assertEquals("INSERT INTO `d`.`t` (`id`, `v`) VALUES (?, ?)", insert.sql());
        assertEquals(List.of(1, "x"), insert.params());
        assertEquals("REPLACE INTO `d`.`t` (`id`, `v`) VALUES (?, ?)", DmlBuilder.insert(KEYED, TARGET, new Object[] {1, 99, "x"}, true).sql());
        DmlBuilder.Dml update = DmlBuilder.update(KEYED, TARGET, new Object[] {1, 99, "x"}, new Object[] {2, 98, "y"});
        assertEquals("UPDATE `d`.`t` SET `id` = ?, `v` = ? WHERE `id` <=> ? LIMIT 1", update.sql());
        assertEquals(List.of(2, "y", 1), update.params(), "new values, then the old key");
        DmlBuilder.Dml delete = DmlBuilder.delete(KEYED, TARGET, new Object[] {1, 99, "x"});
        assertEquals("DELETE FROM `d`.`t` WHERE `id` <=> ? LIMIT 1", delete.sql());
        assertEquals(List.of(1), delete.params());
    }

    @Test
    void aKeylessRowIsFoundByEveryColumnThatComparesExactly() {
        DmlBuilder.Dml delete = DmlBuilder.delete(KEYLESS, TARGET, new Object[] {1, 1.5f, "{}", null});
        assertEquals("DELETE FROM `d`.`t` WHERE `a` <=> ? AND `b` <=> ? LIMIT 1", delete.sql());
        assertEquals(Arrays.asList(1, null), delete.params());
    }

    @Test
    void theTextIsBuiltOncePerShapeAndFollowsTheTarget() {
        String first = DmlBuilder.insert(KEYED, TARGET, new Object[] {1, 0, "a"}, false).sql();
        assertSame(first, DmlBuilder.insert(KEYED, TARGET, new Object[] {2, 0, "b"}, false).sql());
        assertEquals("INSERT INTO `d`.`u` (`id`, `v`) VALUES (?, ?)",
                DmlBuilder.insert(KEYED, new TableName("d", "u"), new Object[] {1, 0, "a"}, false).sql(), "a new route, a new text");
    }
}
