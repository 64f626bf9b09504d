package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Patch;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import io.sluice.master.MasterErrors;
import io.sluice.master.api.MasterApiService;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.OperateTaskRequest;
import io.sluice.proto.OperateTaskResponse;
import io.sluice.proto.Stage;
import io.sluice.proto.StartTaskRequest;
import io.sluice.proto.StartTaskResponse;
import io.sluice.proto.TaskOp;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.SetStage;
import io.sluice.proto.raft.TaskEntry;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tasks/...} of both generations. The newer one creates a task stopped and starts
 * and stops it by name; v5.3's create (a body with {@code source_name_list} or {@code remove_meta})
 * starts it at once, and its DELETE, pause and resume keep working.
 */
@Blocking
final class TaskEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEndpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MasterApiService api;
    private final RaftGroup raft;
    private final TaskStatusObject status;

    TaskEndpoints(MasterApiService api, RaftGroup raft, TaskStatusObject status) {
        this.api = api;
        this.raft = raft;
        this.status = status;
    }

    @Post("/tasks")
    public HttpResponse create(AggregatedHttpRequest req) {
        JsonBody body = JsonBody.parse(JsonBody.text(req)).requireObject("body");
        boolean v53 = body.has("source_name_list") || body.has("remove_meta");
        List<String> sourceList = body.texts("source_name_list");
        boolean removeMeta = body.bool("remove_meta", false);
        if (!body.has("task")) {
            throw OpenApiErrors.COMMON.error("field task is required");
        }
        String yaml = TaskObject.toYaml(body.object("task"), sourceList);
        StartTaskRequest.Builder start = StartTaskRequest.newBuilder().setTask(yaml).addAllSources(sourceList)
                .setRemoveMeta(removeMeta).setCreateStopped(!v53);
        MasterCalls.<StartTaskResponse>call(o -> api.startTask(start.build(), o));
        String name = body.object("task").requiredText("name");
        LOG.info("event=openapi_task_created task={} started={}", name, v53);
        return ClusterEndpoints.json(TaskObject.of(existing(raft.readState(), name).getConfig()));
    }

    /**
     * The newer API's update of a stopped task: the same task object as POST, the same name and
     * sources; the next start runs with it (a stopped subtask has no runner on its worker).
     */
    @Put("/tasks/{task-name}")
    public HttpResponse update(@Param("task-name") String name, AggregatedHttpRequest req) {
        JsonBody body = JsonBody.parse(JsonBody.text(req)).requireObject("body");
        if (!body.has("task")) {
            throw OpenApiErrors.COMMON.error("field task is required");
        }
        JsonBody task = body.object("task");
        if (!name.equals(task.requiredText("name"))) {
            throw OpenApiErrors.COMMON.error("task name " + task.requiredText("name") + " is not the task of the path, " + name);
        }
        TaskEntry old = existing(raft.readState(), name);
        for (Map.Entry<String, Stage> st : old.getStagesMap().entrySet()) {
            if (st.getValue() != Stage.Stopped) {
                throw OpenApiErrors.TASK_NOT_STOPPED.error(name, st.getKey(), st.getValue());
            }
        }
        String yaml = TaskObject.toYaml(task, List.of());
        java.util.Set<String> sources = new java.util.TreeSet<>();
        io.sluice.common.config.ConfigFiles.parseTask(yaml).mysqlInstances.forEach(i -> sources.add(i.sourceId));
        if (!sources.equals(new java.util.TreeSet<>(old.getStagesMap().keySet()))) {
            throw OpenApiErrors.COMMON.error("an update keeps the task's sources " + new java.util.TreeSet<>(old.getStagesMap().keySet())
                    + ", got " + sources);
        }
        raft.submit(RaftCommand.newBuilder().setPutTask(io.sluice.proto.raft.PutTask.newBuilder().setTask(old.toBuilder().setConfig(yaml))).build());
        LOG.info("event=openapi_task_updated task={}", name);
        return ClusterEndpoints.json(TaskObject.of(existing(raft.readState(), name).getConfig()));
    }

    @Get("/tasks")
    public HttpResponse list(@Param("with_status") @Default("false") boolean withStatus) {
        ClusterState state = raft.readState();
        ArrayNode data = JSON.createArrayNode();
        state.getTasksMap().keySet().stream().sorted().forEach(name -> data.add(view(state, name, withStatus)));
        return ClusterEndpoints.list(data);
    }

    @Get("/tasks/{task-name}")
    public HttpResponse get(@Param("task-name") String name, @Param("with_status") @Default("false") boolean withStatus) {
        return ClusterEndpoints.json(view(raft.readState(), name, withStatus));
    }

    @Delete("/tasks/{task-name}")
    public HttpResponse delete(@Param("task-name") String name) {
        MasterCalls.<OperateTaskResponse>call(o -> api.operateTask(OperateTaskRequest.newBuilder().setOp(TaskOp.Stop).setName(name).build(), o));
        LOG.info("event=openapi_task_deleted task={}", name);
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    @Post("/tasks/{task-name}/start")
    public HttpResponse start(@Param("task-name") String name, AggregatedHttpRequest req) {
        List<String> sources = optionalSources(req);
        MasterCalls.<OperateTaskResponse>call(o -> api.operateTask(OperateTaskRequest.newBuilder().setOp(TaskOp.Resume).setName(name).addAllSources(sources).build(), o));
        LOG.info("event=openapi_task_started task={} sources={}", name, sources);
        return HttpResponse.of(HttpStatus.OK);
    }

    /** The newer generation's stop keeps the task (DELETE removes it): its subtasks halt at their checkpoints. */
    @Post("/tasks/{task-name}/stop")
    public HttpResponse stop(@Param("task-name") String name, AggregatedHttpRequest req) {
        List<String> sources = optionalSources(req);
        TaskEntry task = existing(raft.readState(), name);
        for (String s : sources) {
            if (!task.containsStages(s)) {
                throw OpenApiErrors.TASK_SOURCE_NOT_FOUND.error(name, s);
            }
        }
        raft.submit(RaftCommand.newBuilder().setSetStage(SetStage.newBuilder().setTask(name).addAllSources(sources).setStage(Stage.Stopped)).build());
        LOG.info("event=openapi_task_stopped task={} sources={}", name, sources);
        return HttpResponse.of(HttpStatus.OK);
    }

    @Patch("/tasks/{task-name}/pause")
    public HttpResponse pause(@Param("task-name") String name, AggregatedHttpRequest req) {
        return operate(name, TaskOp.Pause, req);
    }

    @Patch("/tasks/{task-name}/resume")
    public HttpResponse resume(@Param("task-name") String name, AggregatedHttpRequest req) {
        return operate(name, TaskOp.Resume, req);
    }

    @Get("/tasks/{task-name}/status")
    public HttpResponse status(@Param("task-name") String name, @Param("stage") @Default("") String stage) {
        ArrayNode data = JSON.createArrayNode();
        for (ObjectNode st : status.subtasks(name)) {
            if (stage.isEmpty() || st.path("stage").asText().equalsIgnoreCase(stage)) {
                data.add(st);
            }
        }
        return ClusterEndpoints.list(data);
    }

    /** v5.3's pause and resume take a bare JSON array of source names (all sources when empty). */
    private HttpResponse operate(String name, TaskOp op, AggregatedHttpRequest req) {
        String text = JsonBody.text(req);
        List<String> sources = text.isBlank() ? List.of() : JsonBody.parse(text).asTexts();
        existing(raft.readState(), name);
        MasterCalls.<OperateTaskResponse>call(o -> api.operateTask(OperateTaskRequest.newBuilder().setOp(op).setName(name).addAllSources(sources).build(), o));
        LOG.info("event=openapi_task_operated task={} op={} sources={}", name, op, sources);
        return HttpResponse.of(HttpStatus.OK);
    }

    /** An optional {@code {"source_name_list": [...]}} body; none means every source of the task. */
    private static List<String> optionalSources(AggregatedHttpRequest req) {
        String text = JsonBody.text(req);
        return text.isBlank() ? List.of() : JsonBody.parse(text).requireObject("body").texts("source_name_list");
    }

    private ObjectNode view(ClusterState state, String name, boolean withStatus) {
        ObjectNode o = TaskObject.of(existing(state, name).getConfig());
        if (withStatus) {
            ArrayNode list = o.putArray("status_list");
            status.subtasks(name).forEach(list::add);
        }
        return o;
    }

    static TaskEntry existing(ClusterState state, String name) {
        TaskEntry t = state.getTasksOrDefault(name, null);
        if (t == null) {
            throw MasterErrors.TASK_NOT_EXIST.error(name);
        }
        return t;
    }
}
