package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;
import io.sluice.worker.schema.TableInfo.Column;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Value conversion, statements and queue choice for single rows: no server needed. */
class RowPathTest {
    private static final TableInfo KEYED = new TableInfo("s", "k",
            List.of(new Column("id", "bigint", true, "utf8mb4", -1), new Column("v", "varchar", false, "utf8mb4", -1)),
            List.of("id"), List.of(), "");
    private static final TableInfo NO_KEY = new TableInfo("s", "n",
            List.of(new Column("a", "int", false, "utf8mb4", -1), new Column("f", "float", false, "utf8mb4", -1)),
            List.of(), List.of(), "");
    private static final TableName TARGET = new TableName("t", "k");

    @Test
    void unsignedIntegersAreWidened() {
        ValueConverter c = new ValueConverter(true);
        assertEquals(255, c.convert(new Column("x", "tinyint", true, "", -1), -1));
        assertEquals(65535, c.convert(new Column("x", "smallint", true, "", -1), -1));
        assertEquals(16777215, c.convert(new Column("x", "mediumint", true, "", -1), -1));
        assertEquals(4294967295L, c.convert(new Column("x", "int", true, "", -1), -1));
        assertEquals(new BigDecimal("18446744073709551615"), c.convert(new Column("x", "bigint", true, "", -1), -1L));
        assertEquals(-1, c.convert(new Column("x", "int", false, "", -1), -1));
        assertEquals(0, c.convert(new Column("x", "year", false, "", -1), 1900));
    }

    @Test
    void bytesFollowTheTrackedColumn() {
        ValueConverter c = new ValueConverter(true);
        assertArrayEquals(new byte[] {1, 2, 0, 0}, (byte[]) c.convert(new Column("b", "binary", false, "binary", 4), new byte[] {1, 2}));
        assertEquals("😀", c.convert(new Column("s", "varchar", false, "utf8mb4", -1), "😀".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("café", c.convert(new Column("s", "varchar", false, "latin1", -1), new byte[] {'c', 'a', 'f', (byte) 0xE9}));
        BitSet all = new BitSet();
        all.set(0, 64);
        assertEquals(new BigDecimal("18446744073709551615"), c.convert(new Column("b", "bit", false, "", 64), all));
    }

    @Test
    void statementsFindRowsByKeyOrByAllComparableColumns() {
        Object[] before = {1L, "a"};
        Object[] after = {1L, "b"};
        RowChange upd = new RowChange(RowChange.Kind.UPDATE, KEYED, TARGET, before, after, RowPosition.NONE);
        DmlBuilder.Dml u = DmlBuilder.build(upd, false).get(0);
        assertEquals("UPDATE `t`.`k` SET `id` = ?, `v` = ? WHERE `id` <=> ? LIMIT 1", u.sql());
        assertEquals(Arrays.asList(1L, "b", 1L), u.params());

        List<DmlBuilder.Dml> safe = DmlBuilder.build(upd, true);
        assertEquals("DELETE FROM `t`.`k` WHERE `id` <=> ? LIMIT 1", safe.get(0).sql());
        assertEquals("REPLACE INTO `t`.`k` (`id`, `v`) VALUES (?, ?)", safe.get(1).sql());

        RowChange del = new RowChange(RowChange.Kind.DELETE, NO_KEY, new TableName("t", "n"), new Object[] {null, 1.5f}, null, RowPosition.NONE);
        DmlBuilder.Dml d = DmlBuilder.build(del, false).get(0);
        assertEquals("DELETE FROM `t`.`n` WHERE `a` <=> ? LIMIT 1", d.sql(), "FLOAT does not take part");
        assertEquals(Arrays.asList((Object) null), d.params());
    }

    @Test
    void generatedColumnsAreNeverWrittenNorUsedToFindRows() {
        TableInfo t = new TableInfo("s", "g", List.of(new Column("a", "int", false, "utf8mb4", -1, false),
                new Column("g", "bigint", false, "utf8mb4", -1, true), new Column("b", "varchar", false, "utf8mb4", -1, false)),
                List.of(), List.of(), "");
        TableName target = new TableName("t", "g");
        Object[] before = {1, 2L, "x"};
        Object[] after = {5, 6L, "y"};
        DmlBuilder.Dml ins = DmlBuilder.build(new RowChange(RowChange.Kind.INSERT, t, target, null, after, RowPosition.NONE), false).get(0);
        assertEquals("INSERT INTO `t`.`g` (`a`, `b`) VALUES (?, ?)", ins.sql());
        assertEquals(Arrays.asList(5, "y"), ins.params());
        DmlBuilder.Dml upd = DmlBuilder.build(new RowChange(RowChange.Kind.UPDATE, t, target, before, after, RowPosition.NONE), false).get(0);
        assertEquals("UPDATE `t`.`g` SET `a` = ?, `b` = ? WHERE `a` <=> ? AND `b` <=> ? LIMIT 1", upd.sql());
        assertEquals(Arrays.asList(5, "y", 1, "x"), upd.params());
    }

    @Test
    void inet6AndUuidAreBoundAsTheirFullWidthBinaryForm() {
        ValueConverter c = new ValueConverter(true);
        assertArrayEquals(new byte[16], (byte[]) c.convert(new Column("ip", "inet6", false, "utf8mb4", -1), new byte[0]));
        byte[] uuid = new byte[16];
        uuid[0] = (byte) 0xFF;
        assertArrayEquals(uuid, (byte[]) c.convert(new Column("u", "uuid", false, "utf8mb4", -1), new byte[] {(byte) 0xFF}));
    }

    @Test
    void queueChoiceDependsOnlyOnTableAndKey() {
        CausalityDispatcher d = new CausalityDispatcher(16);
        RowChange a = new RowChange(RowChange.Kind.INSERT, KEYED, TARGET, null, new Object[] {42L, "x"}, RowPosition.NONE);
        RowChange b = new RowChange(RowChange.Kind.DELETE, KEYED, TARGET, new Object[] {new BigDecimal("42"), "y"}, null, RowPosition.NONE);
        assertEquals(d.queueFor(a), d.queueFor(b), "same key, same queue whatever the value's Java type");
        assertEquals(d.queueFor(a), new CausalityDispatcher(16).queueFor(a), "deterministic");
        int q = d.queueFor(a);
        boolean spread = false;
        for (long k = 0; k < 100; k++) {
            spread |= d.queueOf(KEYED, new Object[] {k, ""}) != q;
        }
        assertTrue(spread);
        RowChange n1 = new RowChange(RowChange.Kind.INSERT, NO_KEY, TARGET, null, new Object[] {1, 1f}, RowPosition.NONE);
        RowChange n2 = new RowChange(RowChange.Kind.INSERT, NO_KEY, TARGET, null, new Object[] {2, 2f}, RowPosition.NONE);
        assertEquals(d.queueFor(n1), d.queueFor(n2), "tables without keys keep one queue");

        long other = 0;
        while (d.queueOf(KEYED, new Object[] {other, ""}) == q) {
            other++;
        }
        RowChange move = new RowChange(RowChange.Kind.UPDATE, KEYED, TARGET, new Object[] {42L, "x"}, new Object[] {other, "x"}, RowPosition.NONE);
        assertTrue(d.crossesQueues(move));
        assertFalse(d.crossesQueues(new RowChange(RowChange.Kind.UPDATE, KEYED, TARGET, new Object[] {42L, "x"}, new Object[] {42L, "z"}, RowPosition.NONE)));
    }

    @Test
    void rowPositionsOrderByFileNumberThenOffsetThenRow() {
        assertTrue(new RowPosition("mysql-bin.000010", 4, 0).compareTo(new RowPosition("mysql-bin.000009", 999, 5)) > 0);
        assertTrue(new RowPosition("mysql-bin.000001", 100, 1).compareTo(new RowPosition("mysql-bin.000001", 100, 2)) < 0);
        assertNotEquals(0, new RowPosition("mysql-bin.000001", 100, 0).compareTo(RowPosition.NONE));
    }
}
