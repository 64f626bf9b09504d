package io.sluice.worker.relay;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.SourceConfig;
import io.sluice.proto.RelayAssignment;
import io.sluice.proto.RelayStatus;
import io.sluice.proto.Stage;
import io.sluice.worker.subtask.SubtaskContext;
import io.sluice.worker.sync.BinlogEventStream;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay of the source this worker is bound to, as the master's assignment says: started
 * when relay is enabled for this worker (start-relay, or {@code enable-relay: true} in the
 * source file), paused and resumed (pause-relay, resume-relay), stopped otherwise. Its subtasks
 * open their binlog streams here: from the relay log while relay runs, from the upstream
 * otherwise.
 */
public final class SourceRelay implements BinlogEventStream.Opener {
    private static final Logger LOG = LoggerFactory.getLogger(SourceRelay.class);
    private static final long LOG_WAIT_MILLIS = 30_000;

    private final String workerName;
    private final Path dataDir;
    private final Supplier<BinlogPosition> earliestNeeded;
    private volatile RelayUnit unit;
    private volatile RelayPurger purger;
    private String source = "";
    private long resumesSeen = -1;
    private String parsedYaml = "";
    private SourceConfig parsed;

    /** @param earliestNeeded the earliest position a subtask of the bound source needs (null when none is known) */
    public SourceRelay(String workerName, Path dataDir, Supplier<BinlogPosition> earliestNeeded) {
        this.workerName = workerName;
        this.dataDir = dataDir;
        this.earliestNeeded = earliestNeeded;
    }

    /**
     * Brings the relay in line with the assignment for the bound source ({@code sourceYaml} empty:
     * none bound). A source file that cannot be read leaves relay off: its subtasks report that.
     */
    public synchronized void reconcile(String sourceYaml, RelayAssignment wanted, CheckpointFloor floor) {
        SourceConfig sourceCfg = parse(sourceYaml);
        String id = sourceCfg == null ? "" : sourceCfg.sourceId;
        boolean enabled = sourceCfg != null && (wanted.getEnabled() || sourceCfg.enableRelay);
        if (!id.equals(source) || !enabled) {
            stop();
        }
        source = id;
        if (!enabled) {
            return;
        }
        if (unit == null) {
            Path dir = dataDir.resolve(sourceCfg.relayDir.isEmpty() ? "relay-dir" : sourceCfg.relayDir).normalize();
            RelayUnit u = new RelayUnit(sourceCfg, dir, workerName, earliestNeeded);
            u.start();
            unit = u;
            purger = RelayPurger.start(sourceCfg, new RelayDirectory(dir), u, floor, "source=" + id + " worker=" + workerName);
            LOG.info("event=relay_start source={} worker={} dir={}", id, workerName, dir);
        }
        Stage stage = wanted.getStage() == Stage.Paused ? Stage.Paused : Stage.Running;
        if (stage == Stage.Paused && unit.stage() == Stage.Running) {
            unit.pause();
        } else if (stage == Stage.Running && wanted.getResumes() != resumesSeen) {
            unit.resume();
        }
        resumesSeen = wanted.getResumes();
    }


    /** Parsed once per distinct file: assignments come with every keepalive. */
    private SourceConfig parse(String yaml) {
        if (yaml == null || yaml.isEmpty()) {
            return null;
        }
        if (!yaml.equals(parsedYaml)) {
            try {
                parsed = io.sluice.common.config.ConfigFiles.parseSource(yaml);
            } catch (io.sluice.common.errors.SluiceException e) {
                LOG.error("event=relay_source_unreadable worker={} error=\"{}\"", workerName, e.getMessage());
                parsed = null;
            }
            parsedYaml = yaml;
        }
        return parsed;
    }

    public synchronized void stop() {
        RelayPurger p = purger;
        if (p != null) {
            p.close();
            purger = null;
        }
        RelayUnit u = unit;
        if (u != null) {
            u.close();
            unit = null;
            resumesSeen = -1;
        }
    }

    /**
     * purge-relay: deletes the relay files of {@code sourceId} before {@code filename}, never one a
     * subtask still needs ({@code checkpoints}, by task) nor the one being written. Returns the
     * files deleted; the coded error, and nothing deleted, when the request is refused.
     */
    public synchronized java.util.List<String> purge(String sourceId, String filename, String subDir,
            java.util.Map<String, BinlogPosition> checkpoints) {
        RelayPurger p = purger;
        if (p == null || !sourceId.equals(source)) {
            throw io.sluice.common.errors.RelayErrors.RELAY_NOT_RUNNING_HERE.error(sourceId, workerName);
        }
        return p.purgeBefore(filename, subDir, checkpoints);
    }

    /** The relay's status for query-status, or null when relay is off. */
    public RelayStatus status() {
        RelayUnit u = unit;
        return u == null ? null : u.status();
    }

    @Override
    public BinlogEventStream open(SubtaskContext ctx, BinlogPosition from, long serverId) {
        RelayUnit u = unit;
        if (u == null) {
            return BinlogEventStream.Opener.UPSTREAM.open(ctx, from, serverId);
        }
        RelayLog log;
        try {
            log = u.awaitLog(LOG_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log = null;
        }
        if (log == null) {
            throw io.sluice.common.errors.SyncErrors.READ_BINLOG.error("relay of source " + ctx.sourceId() + " (not started yet)");
        }
        return log.open(ctx, from, serverId);
    }
}
