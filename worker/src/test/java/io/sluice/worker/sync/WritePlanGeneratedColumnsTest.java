package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import io.sluice.worker.schema.TableInfo.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code multiple-rows} statements leave generated columns to the target, as single-row ones do. */
class WritePlanGeneratedColumnsTest {
    private static final TableInfo T = new TableInfo("db", "t", List.of(new Column("id", "int", false, "", -1),
            new Column("g", "int", false, "", -1, true), new Column("v", "varchar", false, "utf8mb4", -1)),
            List.of("id"), List.of(), "");
    private static final TableName TARGET = new TableName("db", "t");

    @Test
    void joinedInsertsAndUpsertsDoNotWriteGeneratedColumns() {
        List<WritePlan.Statement> inserts = WritePlan.of(List.of(insert(1, 0), insert(2, 1)), r -> false, false, true);
        assertEquals(1, inserts.size());
        assertEquals("INSERT INTO `db`.`t` (`id`, `v`) VALUES (?, ?), (?, ?)", inserts.get(0).dml().sql());
        assertEquals(List.of(1, "v1", 2, "v2"), inserts.get(0).dml().params());

        List<WritePlan.Statement> upserts = WritePlan.of(List.of(update(1, 2), update(2, 3)), r -> false, false, true);
        assertEquals(1, upserts.size());
        assertEquals("INSERT INTO `db`.`t` (`id`, `v`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `id` = VALUES(`id`),"
                + " `v` = VALUES(`v`)", upserts.get(0).dml().sql());
        assertEquals(List.of(1, "new1", 2, "new2"), upserts.get(0).dml().params());
    }

    private static RowChange insert(int id, int row) {
        return new RowChange(RowChange.Kind.INSERT, T, TARGET, null, new Object[] {id, id * 10, "v" + id}, new RowPosition("bin.000001", 4, row));
    }

    private static RowChange update(int id, int row) {
        return new RowChange(RowChange.Kind.UPDATE, T, TARGET, new Object[] {id, id * 10, "old" + id}, new Object[] {id, id * 10, "new" + id},
                new RowPosition("bin.000001", 4, row));
    }
}
