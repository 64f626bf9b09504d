package io.sluice.master.raft;

import io.sluice.proto.Stage;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RelayEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relay part of the cluster state: which workers relay a source (start-relay, stop-relay)
 * and the relay's expected stage (pause-relay, resume-relay). Pure, like {@link ClusterMeta}.
 */
public final class RelayMeta {
    private RelayMeta() {
    }

    static void apply(ClusterState state, ClusterState.Builder b, RaftCommand cmd) {
        switch (cmd.getCmdCase()) {
            case ADDRELAYWORKERS -> {
                String source = cmd.getAddRelayWorkers().getSource();
                if (!state.containsSources(source)) {
                    return;
                }
                RelayEntry old = state.getRelaysOrDefault(source, RelayEntry.newBuilder().setSource(source).setStage(Stage.Running).build());
                Set<String> workers = new LinkedHashSet<>(old.getWorkersList());
                workers.addAll(cmd.getAddRelayWorkers().getWorkersList());
                b.putRelays(source, old.toBuilder().clearWorkers().addAllWorkers(workers).build());
            }
            case REMOVERELAYWORKERS -> {
                String source = cmd.getRemoveRelayWorkers().getSource();
                RelayEntry old = state.getRelaysOrDefault(source, null);
                if (old == null) {
                    return;
                }
                List<String> gone = cmd.getRemoveRelayWorkers().getWorkersList();
                List<String> kept = new ArrayList<>(old.getWorkersList());
                if (gone.isEmpty()) {
                    kept.clear();
                } else {
                    kept.removeAll(gone);
                }
                if (kept.isEmpty()) {
                    b.removeRelays(source);
                } else {
                    b.putRelays(source, old.toBuilder().clearWorkers().addAllWorkers(kept).build());
                }
            }
            case SETRELAYSTAGE -> {
                Stage stage = cmd.getSetRelayStage().getStage();
                for (String source : cmd.getSetRelayStage().getSourcesList()) {
                    RelayEntry old = state.getRelaysOrDefault(source, null);
                    if (old == null && state.containsSources(source)) {
                        // enable-relay in the source file: pausing it needs an entry without workers
                        old = RelayEntry.newBuilder().setSource(source).setStage(Stage.Running).build();
                    }
                    if (old != null) {
                        RelayEntry.Builder e = old.toBuilder().setStage(stage);
                        if (stage == Stage.Running) {
                            e.setResumes(old.getResumes() + 1);
                        }
                        b.putRelays(source, e.build());
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Whether {@code worker} is one of the relay workers of {@code source}. */
    public static boolean relays(ClusterState state, String source, String worker) {
        RelayEntry e = state.getRelaysOrDefault(source, null);
        return e != null && e.getWorkersList().contains(worker);
    }
}
