package io.sluice.worker.process;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.MigrationRules;
import io.sluice.proto.Assignment;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.proto.ProcessResult;
import io.sluice.proto.RelayStatus;
import io.sluice.proto.SourceStatus;
import io.sluice.proto.Stage;
import io.sluice.proto.SubTaskAssignment;
import io.sluice.proto.SubTaskStatus;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.subtask.SubtaskRunner;
import io.sluice.worker.subtask.SubtaskUnits;
import io.sluice.worker.subtask.WorkerErrors;
import io.sluice.worker.relay.RelayNeeds;
import io.sluice.worker.relay.SourceRelay;
import io.sluice.worker.sync.ErrorOperations;
import io.sluice.worker.sync.SchemaEdits;
import io.sluice.worker.sync.SyncUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source this worker is bound to and its subtasks. Each keepalive reply is reconciled
 * into it: a new binding (source or epoch) stops everything from the old one first; subtasks
 * appear, change stage, or go away (stop-task) as the master says.
 */
public final class BoundSource {
    private static final Logger LOG = LoggerFactory.getLogger(BoundSource.class);

    private final String workerName;
    private final Path dataDir;
    private final SubtaskUnits units;
    private String source = "";
    private long epoch;
    private final Map<String, SubtaskRunner> subtasks = new ConcurrentHashMap<>();
    private final Map<String, ProcessResult> broken = new ConcurrentHashMap<>();
    private final Map<String, ErrorOperations> errorOperations = new ConcurrentHashMap<>();
    private final Map<String, SchemaEdits> schemaEdits = new ConcurrentHashMap<>();
    private final SourceRelay relay;
    private volatile Assignment assignment = Assignment.getDefaultInstance();

    public BoundSource(String workerName, Path dataDir, SubtaskUnits units) {
        this.workerName = workerName;
        this.dataDir = dataDir;
        this.units = units;
        this.relay = new SourceRelay(workerName, dataDir, () -> RelayNeeds.earliest(checkpoints(false)));
    }

    public synchronized void reconcile(Assignment a) {
        if (!a.getSource().equals(source) || a.getEpoch() != epoch) {
            if (!source.isEmpty()) {
                LOG.info("event=unbind worker={} source={} epoch={} next_source={} next_epoch={}", workerName, source, epoch,
                        a.getSource(), a.getEpoch());
            }
            stopAll();
            source = a.getSource();
            epoch = a.getEpoch();
            if (!source.isEmpty()) {
                LOG.info("event=bind worker={} source={} epoch={}", workerName, source, epoch);
            }
        }
        assignment = a;
        // before the subtasks: their sync units open their streams from the relay when it is on
        relay.reconcile(source.isEmpty() ? "" : a.getSourceConfig(), a.getRelay(), () -> checkpoints(true));
        Set<String> wanted = new HashSet<>();
        for (SubTaskAssignment st : a.getSubTasksList()) {
            wanted.add(st.getTask());
            SubtaskRunner r = subtasks.get(st.getTask());
            // before the stage: a resume that handle-error asked for must find its operation
            errorOperations.computeIfAbsent(st.getTask(), t -> new ErrorOperations()).update(st.getErrorOperationsList());
            if (r == null && !broken.containsKey(st.getTask())) {
                try {
                    SubtaskContext ctx = context(a, st);
                    r = new SubtaskRunner(ctx, new UnitsWithErrorOperations(units, errorOperations.get(st.getTask()),
                            schemaEdits.computeIfAbsent(st.getTask(), t -> new SchemaEdits()), relay));
                    subtasks.put(st.getTask(), r);
                } catch (SluiceException e) {
                    LOG.error("event=subtask_rejected worker={} source={} task={} msg={}", workerName, source, st.getTask(), e.getMessage());
                    broken.put(st.getTask(), ProcessResult.newBuilder()
                            .addErrors(WorkerErrors.BAD_ASSIGNMENT.wrap(e, st.getTask(), e.description()).toProcessError()).build());
                }
            }
            if (r != null) {
                r.apply(st.getStage(), st.getResumes());
            }
        }
        for (String task : new ArrayList<>(subtasks.keySet())) {
            if (!wanted.contains(task)) {
                LOG.info("event=subtask_removed worker={} source={} task={}", workerName, source, task);
                subtasks.remove(task).halt(Stage.Stopped);
            }
        }
        broken.keySet().retainAll(wanted);
        errorOperations.keySet().retainAll(wanted);
        schemaEdits.keySet().retainAll(wanted);
    }

    private SubtaskContext context(Assignment a, SubTaskAssignment st) {
        TaskConfig task = ConfigFiles.parseTask(st.getTaskConfig());
        SourceConfig sourceCfg = ConfigFiles.parseSource(a.getSourceConfig());
        InstanceConfig instance = task.instance(a.getSource());
        if (instance == null) {
            throw WorkerErrors.BAD_ASSIGNMENT.error(st.getTask(), "source " + a.getSource() + " is not in mysql-instances");
        }
        String dir = instance.loader.dir.isEmpty() ? "dumped_data" : instance.loader.dir;
        Path dumpDir = dataDir.resolve(dir + "." + task.name).resolve(a.getSource()).normalize();
        return new SubtaskContext(task, instance, sourceCfg, MigrationRules.of(task, instance), workerName, a.getEpoch(), dumpDir);
    }

    /** Stops every subtask (they resume from their checkpoints when started again). */
    public synchronized void stopAll() {
        subtasks.values().forEach(r -> r.halt(Stage.Stopped));
        subtasks.clear();
        broken.clear();
        errorOperations.clear();
        schemaEdits.clear();
    }

    public synchronized void unbind() {
        stopAll();
        relay.stop();
        source = "";
        epoch = 0;
    }

    /** The subtask of {@code task} running here, or null. */
    public SubtaskRunner subtask(String task) {
        return subtasks.get(task);
    }

    /** The operate-schema edits waiting for the next sync run of {@code task}. */
    public SchemaEdits schemaEdits(String task) {
        return schemaEdits.computeIfAbsent(task, t -> new SchemaEdits());
    }

    public String source() {
        return source;
    }

    public long epoch() {
        return epoch;
    }

    public List<SubTaskStatus> statuses() {
        List<SubTaskStatus> out = new ArrayList<>();
        subtasks.values().forEach(r -> out.add(r.status()));
        broken.forEach((task, res) -> out.add(SubTaskStatus.newBuilder().setName(task).setStage(Stage.Paused).setResult(res).build()));
        return out;
    }

    public SourceStatus sourceStatus() {
        SourceStatus.Builder b = SourceStatus.newBuilder().setSource(source).setWorker(workerName);
        RelayStatus rs = relay.status();
        if (rs != null) {
            b.setRelayStatus(rs);
        }
        return b.build();
    }

    /**
     * purge-relay on this worker's relay of {@code sourceId}: the subtasks' saved checkpoints decide
     * what must stay (an unreadable one refuses the purge).
     */
    public List<String> purgeRelay(String sourceId, String filename, String subDir) {
        Assignment a = assignment;
        Map<String, BinlogPosition> byTask = new java.util.LinkedHashMap<>();
        if (a.getSource().equals(sourceId)) {
            for (SubTaskAssignment st : a.getSubTasksList()) {
                BinlogPosition p = null;
                try {
                    p = SyncUnit.savedCheckpoint(context(a, st));
                } catch (Exception e) {
                    LOG.warn("event=checkpoint_unreadable worker={} source={} task={} error=\"{}\"", workerName, sourceId, st.getTask(),
                            e.getMessage());
                }
                byTask.put(st.getTask(), p);
            }
        }
        return relay.purge(sourceId, filename, subDir, byTask);
    }

    /**
     * The saved sync checkpoints of the assigned subtasks. With {@code all}, null when one of them
     * cannot tell (no checkpoint yet, target unreachable); without, those that can.
     */
    private List<BinlogPosition> checkpoints(boolean all) {
        Assignment a = assignment;
        List<BinlogPosition> out = new ArrayList<>();
        for (SubTaskAssignment st : a.getSubTasksList()) {
            BinlogPosition p = null;
            try {
                p = SyncUnit.savedCheckpoint(context(a, st));
            } catch (Exception e) {
                LOG.warn("event=checkpoint_unreadable worker={} source={} task={} error=\"{}\"", workerName, a.getSource(), st.getTask(),
                        e.getMessage());
            }
            if (p != null) {
                out.add(p);
            } else if (all) {
                return null;
            }
        }
        return out;
    }
}
