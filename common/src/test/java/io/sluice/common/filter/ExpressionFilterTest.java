package io.sluice.common.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.expression.SqlExpression;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which row changes a source's expression filters drop, as DM defines it. */
class ExpressionFilterTest {
    private static final List<SqlExpression.Column> TBL = List.of(new SqlExpression.Column("id", "int"), new SqlExpression.Column("c", "int"));

    private static ExpressionFilter filter(String rules, String names) {
        TaskConfig t = ConfigFiles.parseTask("""
                name: t
                task-mode: incremental
                target-database: {host: 127.0.0.1, port: 4000, user: root}
                mysql-instances:
                  - source-id: s1
                    expression-filters: %s
                expression-filter:
                %s""".formatted(names, rules.indent(2)));
        return ExpressionFilter.of(t, t.mysqlInstances.get(0));
    }

    @Test
    void insertRuleDropsMatchingRowsOfItsTableOnly() {
        ExpressionFilter f = filter("even_c: {schema: expr_filter, table: tbl, insert-value-expr: \"c % 2 = 0\"}", "[even_c]");
        ExpressionFilter.TableRules r = f.forTable("expr_filter", "tbl", TBL);
        assertFalse(r.skipInsert(new Object[] {1, 1}));
        assertTrue(r.skipInsert(new Object[] {2, 2}));
        assertFalse(r.skipDelete(new Object[] {2, 2}), "an insert rule says nothing about deletes");
        assertFalse(r.skipUpdate(new Object[] {2, 2}, new Object[] {2, 4}), "nor about updates");
        assertNull(f.forTable("expr_filter", "other", TBL), "exact table names, no wildcards");
        assertNull(f.forTable("expr_filter_2", "tbl", TBL));
        assertTrue(f.forTable("EXPR_FILTER", "TBL", TBL).skipInsert(new Object[] {2, 2}), "names are case-insensitive by default");
    }

    @Test
    void updateWithBothExpressionsNeedsBothToMatch() {
        ExpressionFilter f = filter("u: {schema: db, table: tbl, update-old-value-expr: \"c = 1\", update-new-value-expr: \"c = 2\"}", "[u]");
        ExpressionFilter.TableRules r = f.forTable("db", "tbl", TBL);
        assertTrue(r.skipUpdate(new Object[] {1, 1}, new Object[] {1, 2}));
        assertFalse(r.skipUpdate(new Object[] {1, 1}, new Object[] {1, 3}));
        assertFalse(r.skipUpdate(new Object[] {1, 0}, new Object[] {1, 2}));
        assertFalse(r.skipInsert(new Object[] {1, 1}));
    }

    @Test
    void updateWithOneExpressionDecidesAlone() {
        ExpressionFilter old = filter("u: {schema: db, table: tbl, update-old-value-expr: \"c = 1\"}", "[u]");
        assertTrue(old.forTable("db", "tbl", TBL).skipUpdate(new Object[] {1, 1}, new Object[] {1, 99}));
        assertFalse(old.forTable("db", "tbl", TBL).skipUpdate(new Object[] {1, 99}, new Object[] {1, 1}));
        ExpressionFilter neu = filter("u: {schema: db, table: tbl, update-new-value-expr: \"c = 1\"}", "[u]");
        assertTrue(neu.forTable("db", "tbl", TBL).skipUpdate(new Object[] {1, 99}, new Object[] {1, 1}));
        assertFalse(neu.forTable("db", "tbl", TBL).skipUpdate(new Object[] {1, 1}, new Object[] {1, 99}));
    }

    @Test
    void severalRulesAreOred() {
        ExpressionFilter f = filter("""
                small: {schema: db, table: tbl, delete-value-expr: "c < 10"}
                big: {schema: db, table: tbl, delete-value-expr: "c > 100"}
                """, "[small, big]");
        ExpressionFilter.TableRules r = f.forTable("db", "tbl", TBL);
        assertTrue(r.skipDelete(new Object[] {1, 5}));
        assertTrue(r.skipDelete(new Object[] {1, 500}));
        assertFalse(r.skipDelete(new Object[] {1, 50}));
        assertFalse(r.skipDelete(new Object[] {1, null}), "NULL matches neither");
    }

    @Test
    void aRowTheExpressionCannotEvaluateIsACodedError() {
        ExpressionFilter f = filter("j: {schema: db, table: tbl, insert-value-expr: \"JSON_EXTRACT(c, '$.a') = 1\"}", "[j]");
        ExpressionFilter.TableRules r = f.forTable("db", "tbl", TBL);
        SluiceException e = assertThrows(SluiceException.class, () -> r.skipInsert(new Object[] {1, "{not json"}));
        assertEquals(io.sluice.common.errors.SyncErrors.EXPR_FILTER_EVAL, e.code());
        assertTrue(e.getMessage().contains("name(j)"), e.getMessage());
        assertFalse(r.skipInsert(new Object[] {1, "{\"a\": 2}"}));
        assertTrue(r.skipInsert(new Object[] {1, "{\"a\": 1}"}));
    }

    /** Rows per second through two OR-ed rules on one core; printed, with a floor far below what it does. */
    @Test
    void measuresEvaluationRate() {
        ExpressionFilter f = filter("""
                even: {schema: db, table: tbl, insert-value-expr: "c % 2 = 0 AND id > 10"}
                old: {schema: db, table: tbl, insert-value-expr: "c BETWEEN 1000 AND 2000 OR id IN (1, 2, 3)"}
                """, "[even, old]");
        ExpressionFilter.TableRules r = f.forTable("db", "tbl", TBL);
        Object[][] rows = new Object[1000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[] {i, i * 7};
        }
        int dropped = 0;
        for (int warm = 0; warm < 200; warm++) {
            for (Object[] row : rows) {
                dropped += r.skipInsert(row) ? 1 : 0;
            }
        }
        long t0 = System.nanoTime();
        int n = 0;
        for (int round = 0; round < 1000; round++) {
            for (Object[] row : rows) {
                dropped += r.skipInsert(row) ? 1 : 0;
                n++;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("expression filter: %d rows in %.2f s = %.0f rows/s (2 rules), %d dropped%n", n, secs, n / secs, dropped);
        assertTrue(n / secs > 20_000, "rate " + n / secs);
    }

    @Test
    void aColumnTheTableLacksIsACodedError() {
        ExpressionFilter f = filter("e: {schema: db, table: tbl, insert-value-expr: \"nope > 1\"}", "[e]");
        SluiceException e = assertThrows(SluiceException.class, () -> f.forTable("db", "tbl", TBL));
        assertEquals(ConfigErrors.EXPR_FILTER_UNKNOWN_COLUMN, e.code());
        assertTrue(e.getMessage().contains("`db`.`tbl`") || e.getMessage().contains("db.tbl"), e.getMessage());
        SluiceException checked = assertThrows(SluiceException.class, () -> f.checkColumns("db", "tbl", List.of("id", "c")));
        assertEquals(ConfigErrors.EXPR_FILTER_UNKNOWN_COLUMN, checked.code());
        assertTrue(checked.getMessage().contains("name(e) SQL(nope > 1)") && checked.getMessage().contains("unknown column `nope`"),
                checked.getMessage());
        f.checkColumns("db", "tbl", List.of("id", "NOPE"));
        f.checkColumns("db", "other", List.of("id"));
    }
}
