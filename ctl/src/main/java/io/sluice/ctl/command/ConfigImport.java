package io.sluice.ctl.command;

import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.ctl.CtlErrors;
import io.sluice.ctl.MasterClient;
import io.sluice.proto.OperateSourceRequest;
import io.sluice.proto.OperateSourceResponse;
import io.sluice.proto.OperateTaskRequest;
import io.sluice.proto.OperateTaskResponse;
import io.sluice.proto.QueryStatusListRequest;
import io.sluice.proto.QueryStatusListResponse;
import io.sluice.proto.SourceOp;
import io.sluice.proto.Stage;
import io.sluice.proto.StartTaskRequest;
import io.sluice.proto.StartTaskResponse;
import io.sluice.proto.TaskOp;
import io.sluice.proto.TaskStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code config import}: sources first (one operate-source create, which the master checks whole
 * before it stores any), then each task with start-task and its stages. The master has no
 * transaction across requests, so a failure part-way undoes what this import created (its tasks
 * stopped, then its sources removed), in the manner of DM's operate-source create rollback.
 * Everything that can be checked before the first request is: every file, and that no source
 * or task of the directory exists in the cluster yet.
 */
final class ConfigImport {
    private final MasterClient master;
    private final PrintStream out;
    private final List<String> createdTasks = new ArrayList<>();
    private final List<String> createdSources = new ArrayList<>();

    ConfigImport(MasterClient master, PrintStream out) {
        this.master = master;
        this.out = out;
    }

    void run(ConfigDirectory.Contents contents) {
        Set<String> existingSources = existingSources();
        checkAgainstCluster(contents, existingSources);
        out.println("start creating sources");
        if (!contents.sources().isEmpty()) {
            createSources(contents.sources());
        }
        out.println("start creating tasks");
        for (ConfigDirectory.Task task : contents.tasks()) {
            try {
                startTask(task);
            } catch (RuntimeException e) {
                rollBack();
                throw CtlErrors.CONFIG_IMPORT_FAILED.wrap(e, task.file());
            }
        }
    }

    private void checkAgainstCluster(ConfigDirectory.Contents contents, Set<String> existingSources) {
        Set<String> existingTasks = existingTasks();
        Set<String> known = new HashSet<>(existingSources);
        for (ConfigDirectory.Source s : contents.sources()) {
            if (existingSources.contains(s.id())) {
                throw CtlErrors.CONFIG_FILE_INVALID.wrap(
                        new IllegalArgumentException("source " + s.id() + " already exists in the cluster"), s.file());
            }
            known.add(s.id());
        }
        for (ConfigDirectory.Task t : contents.tasks()) {
            TaskConfig cfg = t.config();
            if (existingTasks.contains(cfg.name)) {
                throw CtlErrors.CONFIG_FILE_INVALID.wrap(
                        new IllegalArgumentException("task " + cfg.name + " already exists in the cluster"), t.file());
            }
            for (String source : t.stages().keySet()) {
                if (!known.contains(source)) {
                    throw CtlErrors.CONFIG_FILE_INVALID.wrap(new IllegalArgumentException(
                            "task " + cfg.name + " needs source " + source + ", which is neither in the directory nor in the cluster"),
                            t.file());
                }
                if (cfg.instance(source) == null) {
                    throw CtlErrors.CONFIG_FILE_INVALID.wrap(new IllegalArgumentException(
                            "task_stages.json gives task " + cfg.name + " a subtask on " + source
                                    + ", which is not in its mysql-instances"), t.file());
                }
            }
        }
    }

    private void createSources(List<ConfigDirectory.Source> sources) {
        OperateSourceRequest req = OperateSourceRequest.newBuilder().setOp(SourceOp.StartSource)
                .addAllConfig(sources.stream().map(ConfigDirectory.Source::yaml).toList()).build();
        OperateSourceResponse reply = master.call("OperateSource", stub -> stub.operateSource(req));
        if (!reply.getResult()) {
            // the master checks every source before it stores one, so a refusal stored nothing
            throw CtlErrors.CONFIG_IMPORT_FAILED.wrap(new IllegalStateException(reply.getMsg()), "the sources");
        }
        sources.forEach(s -> createdSources.add(s.id()));
    }

    /** Running and paused subtasks start together and the paused ones are paused; stopped ones are created stopped. */
    private void startTask(ConfigDirectory.Task task) {
        String name = task.config().name;
        List<String> live = sourcesIn(task.stages(), Stage.Running, Stage.Paused);
        List<String> stopped = sourcesIn(task.stages(), Stage.Stopped);
        List<String> paused = sourcesIn(task.stages(), Stage.Paused);
        if (!live.isEmpty()) {
            start(task, live, false);
        }
        if (!stopped.isEmpty()) {
            start(task, stopped, true);
        }
        if (!paused.isEmpty()) {
            OperateTaskRequest req = OperateTaskRequest.newBuilder().setOp(TaskOp.Pause).setName(name).addAllSources(paused).build();
            OperateTaskResponse reply = master.call("OperateTask", stub -> stub.operateTask(req));
            if (!reply.getResult()) {
                throw new IllegalStateException("pause-task " + name + ": " + reply.getMsg());
            }
        }
    }

    private void start(ConfigDirectory.Task task, List<String> sources, boolean stopped) {
        StartTaskRequest req = StartTaskRequest.newBuilder().setTask(task.yaml()).addAllSources(sources).setCreateStopped(stopped).build();
        StartTaskResponse reply = master.call("StartTask", stub -> stub.startTask(req));
        if (!createdTasks.contains(task.config().name) && reply.getResult()) {
            createdTasks.add(task.config().name);
        }
        if (!reply.getResult()) {
            throw new IllegalStateException("start-task " + task.config().name + ": " + reply.getMsg());
        }
    }

    /** Best effort: what cannot be undone stays, and the error the user sees is the import's own. */
    private void rollBack() {
        for (String task : createdTasks) {
            try {
                master.call("OperateTask", stub -> stub.operateTask(
                        OperateTaskRequest.newBuilder().setOp(TaskOp.Stop).setName(task).build()));
            } catch (SluiceException ignored) {
                // the source removal below reports the task that is still there
            }
        }
        if (!createdSources.isEmpty()) {
            try {
                master.call("OperateSource", stub -> stub.operateSource(OperateSourceRequest.newBuilder()
                        .setOp(SourceOp.StopSource).addAllSourceID(createdSources).build()));
            } catch (SluiceException e) {
                out.println("[warn] could not remove the imported sources " + createdSources + ": " + e.getMessage());
            }
        }
    }

    private static List<String> sourcesIn(Map<String, Stage> stages, Stage... wanted) {
        List<Stage> w = List.of(wanted);
        return stages.entrySet().stream().filter(e -> w.contains(e.getValue())).map(Map.Entry::getKey).sorted().toList();
    }

    private Set<String> existingSources() {
        OperateSourceResponse reply = master.call("OperateSource", stub -> stub.operateSource(
                OperateSourceRequest.newBuilder().setOp(SourceOp.ShowSource).build()));
        Set<String> ids = new HashSet<>();
        reply.getSourcesList().forEach(s -> ids.add(s.getSource()));
        return ids;
    }

    private Set<String> existingTasks() {
        QueryStatusListResponse reply = master.call("QueryStatus", stub -> stub.queryStatus(QueryStatusListRequest.newBuilder().build()));
        Set<String> names = new HashSet<>();
        reply.getTasksList().stream().map(TaskStatus::getTaskName).forEach(names::add);
        return names;
    }
}
