package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import io.sluice.proto.DumpStatus;
import io.sluice.proto.LoadStatus;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.SyncStatus;

/**
 * Per-task lag and progress, in the spirit of Doris's CCR syncer ({@code get_lag},
 * {@code job_progress}): one row per source, so an operator sees which source holds a task back
 * without reading the whole status object.
 */
@Blocking
final class TaskProgressEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaskStatusObject status;

    TaskProgressEndpoints(TaskStatusObject status) {
        this.status = status;
    }

    /** Seconds behind master and both binlog positions while syncing; null lag before the sync unit runs. */
    @Get("/tasks/{task-name}/lag")
    public HttpResponse lag(@Param("task-name") String task) {
        ArrayNode data = JSON.createArrayNode();
        long worst = -1;
        for (TaskStatusObject.Subtask s : status.query(task)) {
            SubTaskStatus st = s.status();
            ObjectNode o = row(s);
            if (st.hasSync()) {
                SyncStatus y = st.getSync();
                o.put("seconds_behind_master", y.getSecondsBehindMaster());
                o.put("master_binlog", y.getMasterBinlog());
                o.put("master_binlog_gtid", y.getMasterBinlogGtid());
                o.put("syncer_binlog", y.getSyncerBinlog());
                o.put("syncer_binlog_gtid", y.getSyncerBinlogGtid());
                o.put("synced", y.getSynced());
                worst = Math.max(worst, y.getSecondsBehindMaster());
            } else {
                o.putNull("seconds_behind_master");
            }
            data.add(o);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("task_name", task);
        if (worst < 0) {
            body.putNull("max_seconds_behind_master");
        } else {
            body.put("max_seconds_behind_master", worst);
        }
        body.put("total", data.size());
        body.set("data", data);
        return ClusterEndpoints.json(body);
    }

    /** Which unit each subtask is in and how far: dump tables and rows, load bytes, sync event totals. */
    @Get("/tasks/{task-name}/progress")
    public HttpResponse progress(@Param("task-name") String task) {
        ArrayNode data = JSON.createArrayNode();
        for (TaskStatusObject.Subtask s : status.query(task)) {
            SubTaskStatus st = s.status();
            ObjectNode o = row(s);
            if (st.hasDump()) {
                DumpStatus d = st.getDump();
                ObjectNode dump = o.putObject("dump");
                dump.put("total_tables", d.getTotalTables());
                dump.put("completed_tables", (long) d.getCompletedTables());
                dump.put("finished_bytes", (long) d.getFinishedBytes());
                dump.put("finished_rows", (long) d.getFinishedRows());
                dump.put("estimate_total_rows", (long) d.getEstimateTotalRows());
            }
            if (st.hasLoad()) {
                LoadStatus l = st.getLoad();
                ObjectNode load = o.putObject("load");
                load.put("finished_bytes", l.getFinishedBytes());
                load.put("total_bytes", l.getTotalBytes());
                load.put("progress", l.getProgress());
            }
            if (st.hasSync()) {
                SyncStatus y = st.getSync();
                ObjectNode sync = o.putObject("sync");
                sync.put("total_events", y.getTotalEvents());
                sync.put("total_tps", y.getTotalTps());
                sync.put("recent_tps", y.getRecentTps());
            }
            data.add(o);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("task_name", task);
        body.put("total", data.size());
        body.set("data", data);
        return ClusterEndpoints.json(body);
    }

    private static ObjectNode row(TaskStatusObject.Subtask s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("source_name", s.source());
        o.put("worker_name", s.worker());
        o.put("stage", s.status().getStage().name());
        o.put("unit", TaskStatusObject.unit(s.status()));
        String err = TaskStatusObject.errorMessage(s.status());
        if (!err.isEmpty()) {
            o.put("error_msg", err);
        }
        return o;
    }
}
