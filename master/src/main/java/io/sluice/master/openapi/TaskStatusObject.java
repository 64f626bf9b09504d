package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.master.api.MasterApiService;
import io.sluice.proto.LoadStatus;
import io.sluice.proto.ProcessError;
import io.sluice.proto.QueryStatusListRequest;
import io.sluice.proto.QueryStatusListResponse;
import io.sluice.proto.QueryStatusResponse;
import io.sluice.proto.ShardingGroup;
import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.SyncStatus;
import io.sluice.proto.UnitType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A task's subtasks as the OpenAPI's status object, from the same query-status sluicectl uses. */
final class TaskStatusObject {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MasterApiService api;

    TaskStatusObject(MasterApiService api) {
        this.api = api;
    }

    /** What query-status says of each (task, source), with the source and worker it ran on. */
    record Subtask(String source, String worker, SubTaskStatus status) {
    }

    List<Subtask> query(String task) {
        QueryStatusListResponse r = MasterCalls.call(o -> api.queryStatus(QueryStatusListRequest.newBuilder().setName(task).build(), o));
        List<Subtask> out = new ArrayList<>();
        for (QueryStatusResponse s : r.getSourcesList()) {
            for (SubTaskStatus st : s.getSubTaskStatusList()) {
                out.add(new Subtask(s.getSourceStatus().getSource(), s.getSourceStatus().getWorker(), st));
            }
        }
        return out;
    }

    List<ObjectNode> subtasks(String task) {
        return query(task).stream().map(TaskStatusObject::toObject).toList();
    }

    static String unit(SubTaskStatus st) {
        return st.getUnit() == UnitType.InvalidUnit ? "" : st.getUnit().name().toLowerCase(Locale.ROOT);
    }

    private static ObjectNode toObject(Subtask s) {
        SubTaskStatus st = s.status();
        ObjectNode o = JSON.createObjectNode();
        o.put("name", st.getName());
        o.put("source_name", s.source());
        o.put("worker_name", s.worker());
        o.put("stage", st.getStage().name());
        o.put("unit", unit(st));
        o.put("unresolved_ddl_lock_id", st.getUnresolvedDDLLockID());
        if (st.hasLoad()) {
            LoadStatus l = st.getLoad();
            ObjectNode load = o.putObject("load_status");
            load.put("finished_bytes", l.getFinishedBytes());
            load.put("total_bytes", l.getTotalBytes());
            load.put("progress", l.getProgress());
            load.put("meta_binlog", l.getMetaBinlog());
            load.put("meta_binlog_gtid", l.getMetaBinlogGTID());
        }
        if (st.hasSync()) {
            SyncStatus y = st.getSync();
            ObjectNode sync = o.putObject("sync_status");
            sync.put("total_events", y.getTotalEvents());
            sync.put("total_tps", y.getTotalTps());
            sync.put("recent_tps", y.getRecentTps());
            sync.put("master_binlog", y.getMasterBinlog());
            sync.put("master_binlog_gtid", y.getMasterBinlogGtid());
            sync.put("syncer_binlog", y.getSyncerBinlog());
            sync.put("syncer_binlog_gtid", y.getSyncerBinlogGtid());
            ArrayNode blocking = sync.putArray("blocking_ddls");
            y.getBlockingDDLsList().forEach(blocking::add);
            ArrayNode groups = sync.putArray("unresolved_groups");
            for (ShardingGroup g : y.getUnresolvedGroupsList()) {
                ObjectNode go = groups.addObject();
                go.put("target", g.getTarget());
                ArrayNode ddls = go.putArray("ddl_list");
                g.getDDLsList().forEach(ddls::add);
                go.put("first_location", g.getFirstLocation());
                ArrayNode synced = go.putArray("synced");
                g.getSyncedList().forEach(synced::add);
                ArrayNode unsynced = go.putArray("unsynced");
                g.getUnsyncedList().forEach(unsynced::add);
            }
            sync.put("synced", y.getSynced());
            sync.put("binlog_type", y.getBinlogType());
            sync.put("seconds_behind_master", y.getSecondsBehindMaster());
        }
        String err = errorMessage(st);
        if (!err.isEmpty()) {
            o.put("error_msg", err);
        }
        return o;
    }

    static String errorMessage(SubTaskStatus st) {
        if (st.hasResult() && st.getResult().getErrorsCount() > 0) {
            ProcessError e = st.getResult().getErrors(0);
            return e.getMessage() + (e.getRawCause().isEmpty() ? "" : ": " + e.getRawCause());
        }
        return st.hasMsg() ? st.getMsg() : "";
    }
}
