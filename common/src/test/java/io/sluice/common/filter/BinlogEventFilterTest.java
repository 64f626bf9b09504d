package io.sluice.common.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.BinlogEventRule;
import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinlogEventFilterTest {
    static BinlogEventRule rule(String schema, String table, List<String> events, List<String> sql, String action) {
        BinlogEventRule r = new BinlogEventRule();
        r.schemaPattern = schema;
        r.tablePattern = table;
        r.events = events;
        r.sqlPattern = sql;
        r.action = action;
        return r;
    }

    static BinlogEventFilter of(BinlogEventRule... rules) {
        Map<String, BinlogEventRule> m = new LinkedHashMap<>();
        for (int i = 0; i < rules.length; i++) {
            m.put("r" + i, rules[i]);
        }
        return BinlogEventFilter.compile(m, false);
    }

    @Test
    void ignoreDropsListedEventsOnly() {
        BinlogEventFilter f = of(rule("test_*", "t_*", List.of("truncate table", "drop table"), List.of(), "Ignore"));
        assertTrue(f.skip("test_1", "t_1", EventType.TRUNCATE_TABLE, "TRUNCATE TABLE t_1"));
        assertTrue(f.skip("test_1", "t_1", EventType.DROP_TABLE, "DROP TABLE t_1"));
        assertFalse(f.skip("test_1", "t_1", EventType.INSERT, ""));
        assertFalse(f.skip("test_1", "x", EventType.DROP_TABLE, "DROP TABLE x"), "table pattern does not match");
        assertFalse(f.skip("prod", "t_1", EventType.DROP_TABLE, "DROP TABLE t_1"));
    }

    @Test
    void doDropsEverythingNotListed() {
        BinlogEventFilter f = of(rule("test_*", "t_*", List.of("create table", "all dml"), List.of(), "Do"));
        assertFalse(f.skip("test_1", "t_1", EventType.INSERT, ""));
        assertFalse(f.skip("test_1", "t_1", EventType.DELETE, ""));
        assertFalse(f.skip("test_1", "t_1", EventType.CREATE_TABLE, "CREATE TABLE t_1 (a int)"));
        assertTrue(f.skip("test_1", "t_1", EventType.ALTER_TABLE, "ALTER TABLE t_1 ADD b int"));
        assertTrue(f.skip("test_1", "t_1", EventType.TRUNCATE_TABLE, "TRUNCATE t_1"));
    }

    @Test
    void ignoreBeatsDoAcrossRules() {
        BinlogEventFilter f = of(
                rule("db", "t", List.of("all"), List.of(), "Do"),
                rule("db", "*", List.of("delete"), List.of(), "Ignore"));
        assertTrue(f.skip("db", "t", EventType.DELETE, ""));
        assertFalse(f.skip("db", "t", EventType.UPDATE, ""));
    }

    @Test
    void schemaOnlyRuleAppliesToItsTablesAndSchemaEvents() {
        BinlogEventFilter f = of(rule("db", "", List.of("drop database", "all dml"), List.of(), "Ignore"));
        assertTrue(f.skip("db", "", EventType.DROP_DATABASE, "DROP DATABASE db"));
        assertTrue(f.skip("db", "any", EventType.INSERT, ""));
        assertFalse(f.skip("db", "any", EventType.CREATE_TABLE, "CREATE TABLE any (a int)"));
    }

    @Test
    void tableRulesDoNotApplyToSchemaEventsUnlessStar() {
        BinlogEventFilter named = of(rule("db", "t_*", List.of("all"), List.of(), "Ignore"));
        assertFalse(named.skip("db", "", EventType.DROP_DATABASE, "DROP DATABASE db"));
        BinlogEventFilter star = of(rule("db", "*", List.of("all"), List.of(), "Ignore"));
        assertTrue(star.skip("db", "", EventType.DROP_DATABASE, "DROP DATABASE db"));
    }

    @Test
    void sqlPatternIgnoreMatchesStatementText() {
        BinlogEventFilter f = of(rule("*", "", List.of(), List.of("^DROP\\s+PROCEDURE", "ALTER\\s+TABLE.*ADD\\s+PARTITION"), "Ignore"));
        assertTrue(f.skip("db", "", EventType.OTHER_DDL, "drop  procedure p1"));
        assertTrue(f.skip("db", "t", EventType.ALTER_TABLE, "ALTER TABLE t ADD PARTITION (PARTITION p3 VALUES LESS THAN (30))"));
        assertFalse(f.skip("db", "t", EventType.ALTER_TABLE, "ALTER TABLE t ADD COLUMN c int"));
        assertFalse(f.skip("db", "t", EventType.INSERT, ""), "row events have no text to match");
    }

    @Test
    void sqlPatternDoKeepsOnlyMatchingStatements() {
        BinlogEventFilter f = of(rule("db", "t", List.of("all"), List.of("^ALTER TABLE t ADD"), "Do"));
        assertFalse(f.skip("db", "t", EventType.ALTER_TABLE, "ALTER TABLE t ADD c int"));
        assertTrue(f.skip("db", "t", EventType.ALTER_TABLE, "ALTER TABLE t DROP c"));
        assertFalse(f.skip("db", "t", EventType.INSERT, ""));
    }

    @Test
    void eventListIsReadInOrder() {
        BinlogEventFilter noneFirst = of(rule("db", "t", List.of("none", "insert"), List.of(), "Ignore"));
        assertFalse(noneFirst.skip("db", "t", EventType.INSERT, ""));
        BinlogEventFilter noneDdl = of(rule("db", "t", List.of("none ddl", "all dml"), List.of(), "Ignore"));
        assertTrue(noneDdl.skip("db", "t", EventType.UPDATE, ""));
        assertFalse(noneDdl.skip("db", "t", EventType.DROP_TABLE, "DROP TABLE t"));
    }

    @Test
    void eventNamesAreCaseInsensitiveAndAliasesWork() {
        BinlogEventFilter f = of(rule("db", "", List.of("DROP Schema", "add index"), List.of(), "ignore"));
        assertTrue(f.skip("db", "", EventType.DROP_DATABASE, "DROP SCHEMA db"));
        assertTrue(f.skip("db", "t", EventType.CREATE_INDEX, "CREATE INDEX i ON t (a)"));
    }

    @Test
    void invalidRulesNameTheRule() {
        SluiceException action = assertThrows(SluiceException.class,
                () -> BinlogEventFilter.validate("bad-action", rule("db", "", List.of("all"), List.of(), "Skip")));
        assertEquals(ConfigErrors.INVALID_FILTER_RULE, action.code());
        assertTrue(action.getMessage().contains("bad-action"));
        SluiceException event = assertThrows(SluiceException.class,
                () -> BinlogEventFilter.validate("bad-event", rule("db", "", List.of("insertt"), List.of(), "Do")));
        assertTrue(event.getMessage().contains("bad-event") && event.getMessage().contains("insertt"));
        SluiceException sql = assertThrows(SluiceException.class,
                () -> BinlogEventFilter.validate("bad-sql", rule("db", "", List.of(), List.of("(oops"), "Ignore")));
        assertEquals(ConfigErrors.INVALID_FILTER_RULE, sql.code());
        assertTrue(sql.getMessage().contains("bad-sql"));
    }
}
