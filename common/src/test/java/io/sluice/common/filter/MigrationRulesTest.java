package io.sluice.common.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import org.junit.jupiter.api.Test;

class MigrationRulesTest {
    static final String TASK = """
            name: shard
            task-mode: all
            meta-schema: dm_meta
            target-database: {host: 127.0.0.1, port: 4000, user: root}
            mysql-instances:
              - source-id: s1
                route-rules: [r-schema, r-table]
                filter-rules: [no-truncate]
                block-allow-list: ba
              - source-id: s2
            routes:
              r-schema: {schema-pattern: "shard_*", target-schema: merged}
              r-table: {schema-pattern: "shard_*", table-pattern: "t_*", target-schema: merged, target-table: t}
            filters:
              no-truncate: {schema-pattern: "shard_*", table-pattern: "t_*", events: ["truncate table"], action: Ignore}
            block-allow-list:
              ba:
                do-dbs: ["shard_*", "dm_meta", "mysql"]
                ignore-tables: [{db-name: "shard_*", tbl-name: "~_tmp$"}]
            """;

    @Test
    void wiresBlockAllowRoutesAndFilters() {
        TaskConfig task = ConfigFiles.parseTask(TASK);
        MigrationRules rules = MigrationRules.of(task, task.instance("s1"));
        assertTrue(rules.tableAllowed("shard_1", "t_1"));
        assertFalse(rules.tableAllowed("shard_1", "t_1_tmp"));
        assertFalse(rules.tableAllowed("other", "t_1"));
        assertTrue(rules.schemaAllowed("Shard_2"));
        assertEquals(new TableName("merged", "t"), rules.route("shard_1", "t_1"));
        assertEquals(new TableName("merged", ""), rules.route("shard_1", ""));
        assertTrue(rules.skipEvent("shard_1", "t_1", EventType.TRUNCATE_TABLE, "TRUNCATE TABLE t_1"));
        assertFalse(rules.skipEvent("shard_1", "t_1", EventType.INSERT, ""));
        // Asked again: the cached answer is the same.
        assertTrue(rules.skipEvent("shard_1", "t_1", EventType.TRUNCATE_TABLE, "TRUNCATE TABLE t_1"));
        assertFalse(rules.tableAllowed("shard_1", "t_1_tmp"));
    }

    @Test
    void systemAndMetaSchemasAreAlwaysFilteredEvenWhenListed() {
        TaskConfig task = ConfigFiles.parseTask(TASK);
        MigrationRules rules = MigrationRules.of(task, task.instance("s1"));
        assertFalse(rules.schemaAllowed("dm_meta"));
        assertFalse(rules.tableAllowed("DM_META", "shard_syncer_checkpoint"));
        assertFalse(rules.tableAllowed("mysql", "user"));
        MigrationRules open = MigrationRules.of(task, task.instance("s2"));
        assertFalse(open.schemaAllowed("information_schema"));
        assertFalse(open.schemaAllowed("Performance_Schema"));
        assertFalse(open.schemaAllowed("sys"));
        assertTrue(open.tableAllowed("anything", "t"));
        assertEquals(new TableName("shard_1", "t_1"), open.route("shard_1", "t_1"));
    }

    @Test
    void sourceFiltersApplyAfterTaskFilters() {
        TaskConfig task = ConfigFiles.parseTask(TASK);
        SourceConfig source = ConfigFiles.parseSource("""
                source-id: s1
                from: {host: h, port: 3306, user: u}
                filters:
                  - {schema-pattern: "shard_*", table-pattern: "t_*", events: ["delete"], action: Ignore}
                """);
        MigrationRules withSource = MigrationRules.of(task, task.instance("s1"), source);
        MigrationRules taskOnly = MigrationRules.of(task, task.instance("s1"));
        assertTrue(withSource.skipEvent("shard_1", "t_1", EventType.DELETE, ""));
        assertTrue(withSource.skipEvent("shard_1", "t_1", EventType.TRUNCATE_TABLE, "TRUNCATE t_1"));
        assertFalse(taskOnly.skipEvent("shard_1", "t_1", EventType.DELETE, ""));
    }

    @Test
    void caseSensitiveTaskComparesExactly() {
        TaskConfig task = ConfigFiles.parseTask(TASK.replace("meta-schema: dm_meta", "meta-schema: dm_meta\ncase-sensitive: true"));
        MigrationRules rules = MigrationRules.of(task, task.instance("s1"));
        assertTrue(rules.tableAllowed("shard_1", "t_1"));
        assertFalse(rules.tableAllowed("SHARD_1", "t_1"));
        assertEquals(new TableName("SHARD_1", "t_1"), rules.route("SHARD_1", "t_1"));
    }

    @Test
    void schedulerEventStatementsAreAlwaysSkipped() {
        TaskConfig task = ConfigFiles.parseTask(TASK);
        MigrationRules rules = MigrationRules.of(task, task.instance("s2"));
        assertTrue(rules.skipEvent("db", "", EventType.OTHER_DDL,
                "CREATE DEFINER=`root`@`%` EVENT e1 ON SCHEDULE EVERY 1 DAY DO DELETE FROM t"));
        assertTrue(rules.skipEvent("db", "", EventType.OTHER_DDL, "drop event if exists e1"));
        assertFalse(rules.skipEvent("db", "events", EventType.CREATE_TABLE, "CREATE TABLE events (a int)"));
    }

    @Test
    void conflictingRouteFailsEveryTime() {
        TaskConfig task = ConfigFiles.parseTask(TASK.replace(
                "r-table: {schema-pattern: \"shard_*\", table-pattern: \"t_*\"",
                "r-table: {schema-pattern: \"shard_*\", table-pattern: \"t_?\"").replace(
                "route-rules: [r-schema, r-table]", "route-rules: [r-schema, r-table, r-other]").replace(
                "filters:", "  r-other: {schema-pattern: \"shard_1\", table-pattern: \"t_*\", target-schema: x}\nfilters:"));
        MigrationRules rules = MigrationRules.of(task, task.instance("s1"));
        assertEquals(new TableName("x", "t_10"), rules.route("shard_1", "t_10"));
        for (int i = 0; i < 2; i++) {
            SluiceException e = assertThrows(SluiceException.class, () -> rules.route("shard_1", "t_1"));
            assertEquals(ConfigErrors.INVALID_ROUTE_RULE, e.code());
        }
    }
}
