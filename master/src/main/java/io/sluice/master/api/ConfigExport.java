package io.sluice.master.api;

import io.sluice.master.raft.PasswordKeys;
import io.sluice.proto.ExportConfigsResponse;
import io.sluice.proto.ExportedRelay;
import io.sluice.proto.ExportedSource;
import io.sluice.proto.ExportedTask;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RelayEntry;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.TaskEntry;
import java.util.Comparator;

/**
 * What {@code config export} writes: one consistent read of the cluster state, sources and tasks
 * in name order. The configs are the stored text, unmasked, because an export must import again
 * (get-config, which is for reading, masks them) — with the passwords re-encrypted under the
 * built-in key, since the cluster's own keys mean nothing to the cluster that imports them.
 */
final class ConfigExport {
    private ConfigExport() {
    }

    static ExportConfigsResponse of(ClusterState state) {
        ExportConfigsResponse.Builder r = ExportConfigsResponse.newBuilder().setResult(true);
        state.getSourcesMap().values().stream().sorted(Comparator.comparing(SourceEntry::getSourceId))
                .forEach(s -> r.addSources(ExportedSource.newBuilder().setSourceId(s.getSourceId()).setConfig(PasswordKeys.portable(s.getConfig()))));
        state.getTasksMap().values().stream().sorted(Comparator.comparing(TaskEntry::getName))
                .forEach(t -> r.addTasks(ExportedTask.newBuilder().setName(t.getName()).setConfig(PasswordKeys.portable(t.getConfig()))
                        .putAllStages(t.getStagesMap())));
        state.getRelaysMap().values().stream().sorted(Comparator.comparing(RelayEntry::getSource))
                .filter(relay -> relay.getWorkersCount() > 0)
                .forEach(relay -> r.addRelays(ExportedRelay.newBuilder().setSource(relay.getSource())
                        .addAllWorkers(relay.getWorkersList().stream().sorted().toList())));
        return r.build();
    }
}
