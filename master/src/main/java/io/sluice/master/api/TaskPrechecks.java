package io.sluice.master.api;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.master.MasterErrors;
import io.sluice.master.check.CheckReport;
import io.sluice.master.check.TaskPrecheck;
import io.sluice.proto.CheckTaskRequest;
import io.sluice.proto.CheckTaskResponse;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.SourceEntry;
import java.util.ArrayList;
import java.util.List;

/** check-task, and the same prechecks as start-task's gate. Neither changes any cluster state. */
final class TaskPrechecks {
    /** dmctl's defaults for --error and --warn. */
    static final int DEFAULT_COUNT = 10;

    private TaskPrechecks() {
    }

    static CheckTaskResponse check(CheckTaskRequest req, ClusterState state) {
        TaskConfig task = ConfigFiles.parseTask(req.getTask());
        List<SourceConfig> sources = new ArrayList<>();
        for (InstanceConfig instance : task.mysqlInstances) {
            SourceEntry se = state.getSourcesOrDefault(instance.sourceId, null);
            if (se == null) {
                throw MasterErrors.SOURCE_NOT_EXIST.error(instance.sourceId);
            }
            sources.add(ConfigFiles.parseSource(se.getConfig()));
        }
        int errCnt = req.getErrCnt() > 0 ? (int) Math.min(req.getErrCnt(), Integer.MAX_VALUE) : DEFAULT_COUNT;
        int warnCnt = req.getWarnCnt() > 0 ? (int) Math.min(req.getWarnCnt(), Integer.MAX_VALUE) : DEFAULT_COUNT;
        CheckReport report = new TaskPrecheck(task, sources).run();
        if (!report.passed()) {
            return CheckTaskResponse.newBuilder().setResult(false).setMsg(failure(report, errCnt, warnCnt)).build();
        }
        return CheckTaskResponse.newBuilder().setResult(true).setMsg(report.passMessage(errCnt, warnCnt)).build();
    }

    /** start-task's gate: any failed item refuses the task with 26005 and its detail. */
    static void requirePassed(TaskConfig task, List<SourceConfig> sources) {
        CheckReport report = new TaskPrecheck(task, sources).run();
        if (!report.passed()) {
            throw MasterErrors.CHECK_FAILED.error("check was failed, please see detail\n detail: " + report.detail(DEFAULT_COUNT, DEFAULT_COUNT));
        }
    }

    private static String failure(CheckReport report, int errCnt, int warnCnt) {
        return MasterErrors.CHECK_FAILED.error("check was failed, please see detail\n detail: " + report.detail(errCnt, warnCnt)).getMessage();
    }
}
