package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Patch;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.db.UpstreamTables;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import io.sluice.master.MasterErrors;
import io.sluice.master.api.MasterApiService;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.CommonWorkerResponse;
import io.sluice.proto.OperateSchemaRequest;
import io.sluice.proto.OperateSchemaResponse;
import io.sluice.proto.SchemaOp;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.TaskEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The OpenAPI's schema endpoints: a source's upstream schemas and tables, a task's view of them
 * (its block-allow list and routes: {@code migrate_targets}), and the tracked table schema of a
 * subtask (operate-schema get / set / remove).
 */
@Blocking
final class SchemaEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MasterApiService api;
    private final RaftGroup raft;

    SchemaEndpoints(MasterApiService api, RaftGroup raft) {
        this.api = api;
        this.raft = raft;
    }

    @Get("/sources/{source-name}/schemas")
    public HttpResponse sourceSchemas(@Param("source-name") String source) {
        return array(upstream(source(raft.readState(), source), null, null).stream().map(TableName::schema).distinct().toList());
    }

    @Get("/sources/{source-name}/schemas/{schema-name}")
    public HttpResponse sourceTables(@Param("source-name") String source, @Param("schema-name") String schema) {
        return array(upstream(source(raft.readState(), source), schema, null).stream().map(TableName::table).toList());
    }

    @Get("/tasks/{task-name}/sources/{source-name}/schemas")
    public HttpResponse taskSchemas(@Param("task-name") String task, @Param("source-name") String source) {
        return array(allowedTables(task, source, null).stream().map(TableName::schema).distinct().toList());
    }

    @Get("/tasks/{task-name}/sources/{source-name}/schemas/{schema-name}")
    public HttpResponse taskTables(@Param("task-name") String task, @Param("source-name") String source,
            @Param("schema-name") String schema) {
        return array(allowedTables(task, source, schema).stream().map(TableName::table).toList());
    }

    @Get("/tasks/{task-name}/sources/{source-name}/migrate_targets")
    public HttpResponse migrateTargets(@Param("task-name") String task, @Param("source-name") String source) {
        ClusterState state = raft.readState();
        MigrationRules rules = rules(state, task, source);
        ArrayNode data = JSON.createArrayNode();
        for (TableName t : upstream(source(state, source), null, rules)) {
            TableName to = rules.route(t.schema(), t.table());
            data.addObject().put("source_schema", t.schema()).put("source_table", t.table()).put("target_schema", to.schema())
                    .put("target_table", to.table());
        }
        return ClusterEndpoints.list(data);
    }

    @Get("/tasks/{task-name}/sources/{source-name}/schemas/{schema-name}/{table-name}")
    public HttpResponse trackedSchema(@Param("task-name") String task, @Param("source-name") String source,
            @Param("schema-name") String schema, @Param("table-name") String table) {
        OperateSchemaResponse r = operate(SchemaOp.GetSchema, task, source, schema, table, "", false, false);
        CommonWorkerResponse w = r.getSourcesCount() > 0 ? r.getSources(0) : CommonWorkerResponse.getDefaultInstance();
        ObjectNode body = JSON.createObjectNode().put("schema_name", schema).put("table_name", table).put("schema_create_sql", w.getMsg());
        return ClusterEndpoints.json(body);
    }

    /**
     * DM's docs name the method PATCH in the title and PUT in the example, and the newer API
     * lists it as POST: all three are taken.
     */
    @Put("/tasks/{task-name}/sources/{source-name}/schemas/{schema-name}/{table-name}")
    @Patch("/tasks/{task-name}/sources/{source-name}/schemas/{schema-name}/{table-name}")
    @Post("/tasks/{task-name}/sources/{source-name}/schemas/{schema-name}/{table-name}")
    public HttpResponse setSchema(@Param("task-name") String task, @Param("source-name") String source,
            @Param("schema-name") String schema, @Param("table-name") String table, AggregatedHttpRequest req) {
        JsonBody body = JsonBody.parse(JsonBody.text(req)).requireObject("schema");
        operate(SchemaOp.SetSchema, task, source, schema, table, body.requiredText("sql_content"), body.bool("flush", true),
                body.bool("sync", false));
        return HttpResponse.of(HttpStatus.OK);
    }

    @Delete("/tasks/{task-name}/sources/{source-name}/schemas/{schema-name}/{table-name}")
    public HttpResponse removeSchema(@Param("task-name") String task, @Param("source-name") String source,
            @Param("schema-name") String schema, @Param("table-name") String table) {
        operate(SchemaOp.RemoveSchema, task, source, schema, table, "", false, false);
        return HttpResponse.of(HttpStatus.OK);
    }

    private OperateSchemaResponse operate(SchemaOp op, String task, String source, String schema, String table, String sql, boolean flush,
            boolean sync) {
        rules(raft.readState(), task, source); // 46016 / 49002 before asking a worker
        OperateSchemaRequest req = OperateSchemaRequest.newBuilder().setOp(op).setTask(task).addSources(source).setDatabase(schema)
                .setTable(table).setSchema(sql).setFlush(flush).setSync(sync).build();
        return MasterCalls.<OperateSchemaResponse>call(o -> api.operateSchema(req, o));
    }

    private List<TableName> allowedTables(String task, String source, String schema) {
        ClusterState state = raft.readState();
        return upstream(source(state, source), schema, rules(state, task, source));
    }

    private static MigrationRules rules(ClusterState state, String task, String source) {
        TaskEntry t = TaskEndpoints.existing(state, task);
        if (!t.containsStages(source)) {
            throw OpenApiErrors.TASK_SOURCE_NOT_FOUND.error(task, source);
        }
        TaskConfig cfg = ConfigFiles.parseTask(t.getConfig());
        InstanceConfig instance = cfg.instance(source);
        return MigrationRules.of(cfg, instance, source(state, source));
    }

    private static SourceConfig source(ClusterState state, String id) {
        SourceEntry s = state.getSourcesOrDefault(id, null);
        if (s == null) {
            throw MasterErrors.SOURCE_NOT_EXIST.error(id);
        }
        return ConfigFiles.parseSource(s.getConfig());
    }

    /** The upstream's base tables (system schemas left out), of one schema when given, allowed by {@code rules} when given. */
    private static List<TableName> upstream(SourceConfig source, String schema, MigrationRules rules) {
        try (Connection c = DbConnector.open(source.from)) {
            return UpstreamTables.list(c, rules, schema);
        } catch (SQLException e) {
            throw MasterErrors.CHECK_DB_CONNECT.wrap(e, "source " + source.sourceId);
        }
    }

    private static HttpResponse array(List<String> names) {
        ArrayNode a = JSON.createArrayNode();
        names.forEach(a::add);
        return ClusterEndpoints.json(a);
    }
}
