package io.sluice.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import org.junit.jupiter.api.Test;

/** Task files through {@link ConfigFiles#parseTask}, as start-task reads them. */
class TaskFileTest {
    static final String HEAD = """
            name: shard
            task-mode: all
            target-database:
              host: 127.0.0.1
              port: 4000
              user: root
            """;

    static SluiceException fails(String yaml) {
        return assertThrows(SluiceException.class, () -> ConfigFiles.parseTask(yaml));
    }

    @Test
    void bothShardModesAcceptSeveralSources() {
        String twoSources = """
                mysql-instances:
                  - source-id: s1
                  - source-id: s2
                """;
        assertEquals("pessimistic", ConfigFiles.parseTask(HEAD + "shard-mode: pessimistic\n" + twoSources).shardMode,
                "the leader's DDL lock coordinates the sources");
        assertEquals("optimistic", ConfigFiles.parseTask(HEAD + "shard-mode: optimistic\n" + twoSources).shardMode);
        assertEquals(20018, fails(HEAD + "shard-mode: careful\n" + twoSources).code().code());
    }

    @Test
    void fullTaskParsesAndEachInstanceGetsItsOwnUnitConfigs() {
        TaskConfig t = ConfigFiles.parseTask(HEAD + """
                mysql-instances:
                  - source-id: s1
                    route-rules: [r-schema, r-table]
                    filter-rules: [f1]
                    block-allow-list: ba
                    mydumper-config-name: dump
                    mydumper-thread: 32
                    syncer-config-name: sync
                  - source-id: s2
                    route-rules: [r-schema, r-table]
                    block-allow-list: ba
                    mydumper-config-name: dump
                    syncer-config-name: sync
                    syncer-thread: 8
                routes:
                  r-schema: {schema-pattern: "shard_*", target-schema: merged}
                  r-table: {schema-pattern: "shard_*", table-pattern: "t_*", target-schema: merged, target-table: t}
                filters:
                  f1: {schema-pattern: "shard_*", events: ["drop database"], action: Ignore}
                block-allow-list:
                  ba: {do-dbs: ["~^shard_"]}
                mydumpers:
                  dump: {threads: 6}
                syncers:
                  sync: {worker-count: 20, batch: 50}
                """);
        InstanceConfig s1 = t.mysqlInstances.get(0);
        InstanceConfig s2 = t.mysqlInstances.get(1);
        assertEquals(32, s1.mydumper.threads);
        assertEquals(6, s2.mydumper.threads, "mydumper-thread on s1 must not change s2");
        assertEquals(6, t.mydumpers.get("dump").threads, "the named config itself stays as written");
        assertEquals(20, s1.syncer.workerCount);
        assertEquals(8, s2.syncer.workerCount);
        assertEquals(50, s2.syncer.batch);
        assertNotSame(s1.syncer, s2.syncer);
    }

    @Test
    void unusedRuleIsAnError() {
        SluiceException e = fails(HEAD + """
                mysql-instances:
                  - source-id: s1
                filters:
                  forgotten: {schema-pattern: "db", events: ["all"], action: Ignore}
                """);
        assertEquals(ConfigErrors.UNUSED_RULE, e.code());
        assertTrue(e.getMessage().contains("forgotten"), e.getMessage());
    }

    @Test
    void unusedUnitConfigIsAnError() {
        SluiceException e = fails(HEAD + """
                mysql-instances:
                  - source-id: s1
                loaders:
                  spare: {pool-size: 4}
                """);
        assertEquals(ConfigErrors.UNUSED_RULE, e.code());
        assertTrue(e.getMessage().contains("spare"));
    }

    @Test
    void unknownKeyNamesKeyAndLine() {
        SluiceException e = fails(HEAD + """
                mysql-instances:
                  - source-id: s1
                    route-rulez: [a]
                """);
        assertEquals(ConfigErrors.UNKNOWN_KEY, e.code());
        assertTrue(e.getMessage().contains("route-rulez"), e.getMessage());
        assertTrue(e.getMessage().contains("line 9"), e.getMessage());
    }

    @Test
    void malformedYamlIs20003() {
        SluiceException e = fails("name: x\ntask-mode: [all\n");
        assertEquals(20003, e.code().code());
    }

    @Test
    void missingTaskModeIs20017() {
        SluiceException e = fails("""
                name: x
                target-database: {host: h}
                mysql-instances:
                  - source-id: s1
                """);
        assertEquals(20017, e.code().code());
    }

    @Test
    void badFilterAndBlockAllowRulesNameTheRule() {
        SluiceException action = fails(HEAD + """
                mysql-instances:
                  - source-id: s1
                    filter-rules: [f]
                filters:
                  f: {schema-pattern: "db", events: ["all"], action: Drop}
                """);
        assertEquals(ConfigErrors.INVALID_FILTER_RULE, action.code());
        assertTrue(action.getMessage().contains("`f`"));
        SluiceException event = fails(HEAD + """
                mysql-instances:
                  - source-id: s1
                    filter-rules: [f]
                filters:
                  f: {schema-pattern: "db", events: ["create tabel"], action: Do}
                """);
        assertEquals(ConfigErrors.INVALID_FILTER_RULE, event.code());
        assertTrue(event.getMessage().contains("create tabel"));
        SluiceException ba = fails(HEAD + """
                mysql-instances:
                  - source-id: s1
                    block-allow-list: b
                block-allow-list:
                  b: {ignore-dbs: ["~(x"]}
                """);
        assertEquals(ConfigErrors.INVALID_BA_LIST, ba.code());
        assertTrue(ba.getMessage().contains("`b`"));
    }

    @Test
    void conflictingRoutesOnOneInstanceAreRejected() {
        SluiceException e = fails(HEAD + """
                mysql-instances:
                  - source-id: s1
                    route-rules: [a, b]
                routes:
                  a: {schema-pattern: "s_*", table-pattern: "t", target-schema: x}
                  b: {schema-pattern: "s_*", table-pattern: "t", target-schema: y}
                """);
        assertEquals(ConfigErrors.INVALID_ROUTE_RULE, e.code());
    }

    @Test
    void onlineDdlSchemeAndTimezone() {
        TaskConfig t = ConfigFiles.parseTask(HEAD + "online-ddl-scheme: gh-ost\ntimezone: Asia/Shanghai\nmysql-instances:\n  - source-id: s1\n");
        assertTrue(t.onlineDdl, "a legacy scheme turns online-ddl on");
        SluiceException scheme = fails(HEAD + "online-ddl-scheme: lhm\nmysql-instances:\n  - source-id: s1\n");
        assertEquals(ConfigErrors.ONLINE_SCHEME_NOT_SUPPORTED, scheme.code());
        SluiceException tz = fails(HEAD + "timezone: Mars/Olympus\nmysql-instances:\n  - source-id: s1\n");
        assertEquals(ConfigErrors.INVALID_TIMEZONE, tz.code());
        assertTrue(tz.getMessage().contains("Mars/Olympus"));
    }

    @Test
    void expressionFiltersAreCheckedWhenTheTaskIsRead() {
        String instance = """
                mysql-instances:
                  - source-id: s1
                    expression-filters: [e]
                expression-filter:
                """;
        SluiceException mixed = fails(HEAD + instance + "  e: {schema: db, table: t, insert-value-expr: \"c > 1\", delete-value-expr: \"c < 0\"}\n");
        assertEquals(ConfigErrors.EXPR_FILTER_MANY_EXPR, mixed.code());
        assertTrue(mixed.getMessage().contains("[code=20039:"), mixed.getMessage());
        SluiceException insertAndUpdate = fails(HEAD + instance
                + "  e: {schema: db, table: t, insert-value-expr: \"c > 1\", update-new-value-expr: \"c < 0\"}\n");
        assertEquals(ConfigErrors.EXPR_FILTER_MANY_EXPR, insertAndUpdate.code());
        SluiceException grammar = fails(HEAD + instance + "  e: {schema: db, table: t, insert-value-expr: \"c % 2 =\"}\n");
        assertEquals(ConfigErrors.EXPR_FILTER_WRONG_GRAMMAR, grammar.code());
        assertTrue(grammar.getMessage().contains("name(e) SQL(c % 2 =)"), grammar.getMessage());
        SluiceException function = fails(HEAD + instance + "  e: {schema: db, table: t, delete-value-expr: \"NO_SUCH(c) = 1\"}\n");
        assertEquals(ConfigErrors.EXPR_FILTER_WRONG_GRAMMAR, function.code());
        assertTrue(function.getMessage().contains("unsupported function NO_SUCH"), function.getMessage());
        SluiceException noTable = fails(HEAD + instance + "  e: {schema: db, insert-value-expr: \"c > 1\"}\n");
        assertEquals(ConfigErrors.EXPR_FILTER_EMPTY_NAME, noTable.code());
        SluiceException unknown = fails(HEAD + """
                mysql-instances:
                  - source-id: s1
                    expression-filters: [nope]
                """);
        assertEquals(ConfigErrors.EXPR_FILTER_NOT_FOUND, unknown.code());
        assertTrue(unknown.getMessage().contains("mysql-instance(0)'s expression-filters nope"), unknown.getMessage());
        TaskConfig ok = ConfigFiles.parseTask(HEAD + instance
                + "  e: {schema: db, table: t, update-old-value-expr: \"c = 1\", update-new-value-expr: \"c = 2\"}\n");
        assertEquals("c = 2", ok.expressionFilter.get("e").updateNewValueExpr);
    }

    @Test
    void sourceFilterIsValidated() {
        SluiceException e = assertThrows(SluiceException.class, () -> ConfigFiles.parseSource("""
                source-id: s1
                from: {host: h, port: 3306, user: u}
                filters:
                  - {schema-pattern: "db", events: ["all"], action: Maybe}
                """));
        assertEquals(ConfigErrors.INVALID_FILTER_RULE, e.code());
        assertTrue(e.getMessage().contains("filters[0]"));
    }
}
