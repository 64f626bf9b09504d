package io.sluice.master.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI task and source objects against the task and source files they stand for. */
class TaskObjectTest {
    private static final String TASK = """
            {"name": "task-1", "task_mode": "all", "shard_mode": "optimistic", "meta_schema": "dm_meta",
             "enhance_online_schema_change": true, "on_duplicate": "overwrite",
             "target_config": {"host": "127.0.0.1", "port": 4000, "user": "root", "password": "secret"},
             "binlog_filter_rule": {"rule-1": {"ignore_event": ["all dml"], "ignore_sql": ["^Drop"]}},
             "table_migrate_rule": [
               {"source": {"source_name": "mysql-01", "schema": "db-*", "table": "tb-*"},
                "target": {"schema": "db1", "table": "tb1"}, "binlog_filter_rule": ["rule-1"]},
               {"source": {"source_name": "mysql-02", "schema": "db2"}}],
             "source_config": {"full_migrate_conf": {"export_threads": 4, "import_threads": 8, "data_dir": "./exported_data", "consistency": "auto"},
               "incr_migrate_conf": {"repl_threads": 12, "repl_batch": 50},
               "source_conf": [{"source_name": "mysql-01", "binlog_name": "binlog.000001", "binlog_pos": 4}]}}
            """;

    @Test
    void aTaskObjectBecomesAValidTaskFileAndComesBackTheSame() {
        String yaml = TaskObject.toYaml(JsonBody.parse(TASK), List.of());
        TaskConfig t = ConfigFiles.parseTask(yaml);
        assertEquals(List.of("mysql-01", "mysql-02"), t.mysqlInstances.stream().map(i -> i.sourceId).toList());
        assertEquals("binlog.000001", t.instance("mysql-01").meta.binlogName);
        assertEquals(12, t.instance("mysql-01").syncer.workerCount);
        assertEquals(8, t.instance("mysql-02").loader.poolSize);
        assertTrue(t.onlineDdl);

        JsonNode back = TaskObject.of(yaml);
        assertEquals("******", back.path("target_config").path("password").asText());
        assertEquals(4000, back.path("target_config").path("port").asInt());
        JsonNode r0 = back.path("table_migrate_rule").path(0);
        assertEquals("tb-*", r0.path("source").path("table").asText());
        assertEquals("db1", r0.path("target").path("schema").asText());
        assertEquals("rule-1", r0.path("binlog_filter_rule").path(0).asText());
        assertEquals("db2", back.path("table_migrate_rule").path(1).path("source").path("schema").asText());
        assertEquals("all dml", back.path("binlog_filter_rule").path("rule-1").path("ignore_event").path(0).asText());
        assertEquals(50, back.path("source_config").path("incr_migrate_conf").path("repl_batch").asInt());
        assertEquals("overwrite", back.path("on_duplicate").asText());
    }

    @Test
    void wrongTypesAndUndefinedRulesNameTheField() {
        SluiceException e = assertThrows(SluiceException.class,
                () -> TaskObject.toYaml(JsonBody.parse(TASK.replace("\"repl_threads\": 12", "\"repl_threads\": \"12\"")), List.of()));
        assertEquals(OpenApiErrors.WRONG_TYPE, e.code());
        assertTrue(e.getMessage().contains("source_config.incr_migrate_conf.repl_threads"), e.getMessage());
        e = assertThrows(SluiceException.class,
                () -> TaskObject.toYaml(JsonBody.parse(TASK.replace("[\"rule-1\"]", "[\"rule-9\"]")), List.of()));
        assertTrue(e.getMessage().contains("rule-9"), e.getMessage());
        e = assertThrows(SluiceException.class, () -> JsonBody.parse("{\"name\": "));
        assertEquals(OpenApiErrors.MALFORMED_BODY, e.code());
    }

    @Test
    void aSourceBodyBecomesASourceFileAndIsShownMasked() {
        String yaml = SourceObject.toYaml(JsonBody.parse("""
                {"source_name": "mysql-01", "host": "10.0.0.1", "port": 3307, "user": "dm", "password": "pw-123",
                 "enable_gtid": true, "purge": {"interval": 600, "expires": 3, "remain_space": 20}}
                """));
        JsonNode shown = SourceObject.of(yaml, false);
        assertEquals("mysql-01", shown.path("source_name").asText());
        assertEquals(3307, shown.path("port").asInt());
        assertEquals("******", shown.path("password").asText());
        assertEquals(false, shown.path("enable").asBoolean());
        assertEquals(600, shown.path("purge").path("interval").asInt());
        assertTrue(shown.path("enable_gtid").asBoolean());
        assertTrue(!shown.toString().contains("pw-123"));
        SluiceException e = assertThrows(SluiceException.class,
                () -> SourceObject.toYaml(JsonBody.parse("{\"source_name\": \"s\", \"host\": \"h\", \"user\": \"u\", \"port\": 1.5}")));
        assertEquals(OpenApiErrors.WRONG_TYPE, e.code());
    }
}
