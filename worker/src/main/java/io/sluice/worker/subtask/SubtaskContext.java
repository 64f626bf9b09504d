package io.sluice.worker.subtask;

import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.filter.MigrationRules;
import java.nio.file.Path;

/**
 * Everything a unit needs to run one subtask (one task on one source) on this worker.
 *
 * @param epoch    the binding epoch of the source on this worker; every checkpoint write carries
 *                 it and fails when the stored epoch is newer (fencing)
 * @param dumpDir  where the dump unit writes its files and the load unit reads them
 */
public record SubtaskContext(
        TaskConfig task,
        InstanceConfig instance,
        SourceConfig source,
        MigrationRules rules,
        String workerName,
        long epoch,
        Path dumpDir) {

    public String taskName() {
        return task.name;
    }

    public String sourceId() {
        return source.sourceId;
    }

    /** For structured log lines: {@code task=… source=… worker=…}. */
    public String logTags() {
        return "task=" + task.name + " source=" + source.sourceId + " worker=" + workerName;
    }
}
