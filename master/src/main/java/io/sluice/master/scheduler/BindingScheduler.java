package io.sluice.master.scheduler;

import io.sluice.proto.raft.BindingEntry;
import io.sluice.proto.raft.Bind;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.Unbind;
import io.sluice.proto.raft.WorkerEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which source goes to which worker: a pure function of the cluster state and the set
 * of live workers, returning the raft commands that carry the decision out. One source per
 * worker; a source whose worker is no longer alive is unbound and rebound to a free live
 * worker, preferring the worker it had last.
 */
public final class BindingScheduler {
    private BindingScheduler() {
    }

    public static List<RaftCommand> decide(ClusterState state, Set<String> alive) {
        List<RaftCommand> out = new ArrayList<>();
        Set<String> busy = new HashSet<>();
        Set<String> unbound = new HashSet<>();
        for (SourceEntry s : state.getSourcesMap().values()) {
            BindingEntry b = state.getBindingsOrDefault(s.getSourceId(), null);
            if (b != null && alive.contains(b.getWorker()) && s.getEnabled()) {
                busy.add(b.getWorker());
            } else {
                if (b != null) {
                    out.add(RaftCommand.newBuilder().setUnbind(Unbind.newBuilder().setSource(s.getSourceId())).build());
                }
                if (s.getEnabled()) {
                    unbound.add(s.getSourceId());
                }
            }
        }
        List<String> sources = unbound.stream().sorted().toList();
        for (String source : sources) {
            Optional<String> worker = pick(state, alive, busy, source);
            worker.ifPresent(w -> {
                busy.add(w);
                out.add(RaftCommand.newBuilder().setBind(Bind.newBuilder().setSource(source).setWorker(w)).build());
            });
        }
        return out;
    }

    private static Optional<String> pick(ClusterState state, Set<String> alive, Set<String> busy, String source) {
        List<WorkerEntry> free = state.getWorkersMap().values().stream()
                .filter(w -> alive.contains(w.getName()) && !busy.contains(w.getName()))
                .sorted(Comparator.comparing(WorkerEntry::getName))
                .toList();
        return free.stream().filter(w -> w.getLastSource().equals(source)).map(WorkerEntry::getName).findFirst()
                .or(() -> free.stream().filter(w -> w.getLastSource().isEmpty() || !state.containsSources(w.getLastSource()))
                        .map(WorkerEntry::getName).findFirst())
                .or(() -> free.stream().map(WorkerEntry::getName).findFirst());
    }
}
