package io.sluice.master.api;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.raft.RelayMeta;
import io.sluice.proto.CommonWorkerResponse;
import io.sluice.proto.OperateRelayRequest;
import io.sluice.proto.OperateRelayResponse;
import io.sluice.proto.OperateWorkerRelayRequest;
import io.sluice.proto.OperateWorkerRelayResponse;
import io.sluice.proto.RelayAssignment;
import io.sluice.proto.RelayOp;
import io.sluice.proto.RelayOpV2;
import io.sluice.proto.Stage;
import io.sluice.proto.raft.AddRelayWorkers;
import io.sluice.proto.raft.BindingEntry;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RelayEntry;
import io.sluice.proto.raft.RemoveRelayWorkers;
import io.sluice.proto.raft.SetRelayStage;
import io.sluice.proto.raft.SourceEntry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * start-relay, stop-relay, pause-relay and resume-relay: each is one raft command recorded in
 * the cluster state; the workers learn it from their next keepalive assignment. Every source
 * and worker is checked before the command is submitted, so a bad one changes nothing.
 */
final class RelayOperations {
    private static final Logger LOG = LoggerFactory.getLogger(RelayOperations.class);

    private final RaftGroup raft;

    RelayOperations(RaftGroup raft) {
        this.raft = raft;
    }

    OperateRelayResponse operate(OperateRelayRequest req) {
        ClusterState state = raft.readState();
        String source = req.getSource();
        if (source.isEmpty() || !state.containsSources(source)) {
            throw MasterErrors.SOURCE_NOT_EXIST.error(source);
        }
        List<String> workers = new ArrayList<>(req.getWorkerList());
        BindingEntry bound = state.getBindingsOrDefault(source, null);
        if (workers.isEmpty() && req.getOp() == RelayOpV2.StartRelayV2) {
            if (bound == null) {
                throw MasterErrors.INVALID_ARGS.error("source " + source + " is not bound to a worker: name the workers to relay it");
            }
            workers.add(bound.getWorker());
        }
        for (String w : workers) {
            if (!state.containsWorkers(w)) {
                throw MasterErrors.WORKER_NOT_EXIST.error(w);
            }
            BindingEntry other = ClusterMeta.bindingOfWorker(state, w);
            if (req.getOp() == RelayOpV2.StartRelayV2 && other != null && !other.getSource().equals(source)) {
                throw MasterErrors.INVALID_ARGS.error("worker " + w + " is bound to source " + other.getSource() + ", not " + source);
            }
        }
        RaftCommand cmd = switch (req.getOp()) {
            case StartRelayV2 -> RaftCommand.newBuilder().setAddRelayWorkers(
                    AddRelayWorkers.newBuilder().setSource(source).addAllWorkers(workers)).build();
            case StopRelayV2 -> RaftCommand.newBuilder().setRemoveRelayWorkers(
                    RemoveRelayWorkers.newBuilder().setSource(source).addAllWorkers(workers)).build();
            default -> throw MasterErrors.INVALID_ARGS.error("start-relay or stop-relay expected");
        };
        raft.submit(cmd);
        LOG.info("event=relay_workers op={} source={} workers={}", req.getOp(), source, workers);
        OperateRelayResponse.Builder out = OperateRelayResponse.newBuilder().setResult(true);
        return out.build();
    }

    OperateWorkerRelayResponse operateStage(OperateWorkerRelayRequest req) {
        ClusterState state = raft.readState();
        if (req.getSourcesCount() == 0) {
            throw MasterErrors.INVALID_ARGS.error("must specify at least one source (-s)");
        }
        Stage stage = switch (req.getOp()) {
            case PauseRelay -> Stage.Paused;
            case ResumeRelay -> Stage.Running;
            default -> throw MasterErrors.INVALID_ARGS.error("pause-relay or resume-relay expected");
        };
        OperateWorkerRelayResponse.Builder out = OperateWorkerRelayResponse.newBuilder().setOp(req.getOp()).setResult(true);
        for (String source : req.getSourcesList()) {
            if (!state.containsSources(source)) {
                throw MasterErrors.SOURCE_NOT_EXIST.error(source);
            }
            if (!relayEnabled(state, source)) {
                throw MasterErrors.INVALID_ARGS.error("relay is not enabled for source " + source + ": run start-relay first");
            }
        }
        raft.submit(RaftCommand.newBuilder().setSetRelayStage(SetRelayStage.newBuilder().addAllSources(req.getSourcesList())
                .setStage(stage)).build());
        for (String source : req.getSourcesList()) {
            BindingEntry b = state.getBindingsOrDefault(source, null);
            out.addSources(CommonWorkerResponse.newBuilder().setResult(true).setSource(source).setWorker(b == null ? "" : b.getWorker()));
        }
        LOG.info("event=relay_stage op={} sources={}", req.getOp(), req.getSourcesList());
        return out.build();
    }

    private static boolean relayEnabled(ClusterState state, String source) {
        RelayEntry e = state.getRelaysOrDefault(source, null);
        return (e != null && e.getWorkersCount() > 0) || enableRelayInFile(state.getSourcesOrDefault(source, null));
    }

    private static boolean enableRelayInFile(SourceEntry s) {
        try {
            return s != null && ConfigFiles.parseSource(s.getConfig()).enableRelay;
        } catch (SluiceException e) {
            return false;
        }
    }

    /** What the worker bound to {@code source} is told about relay in its keepalive assignment. */
    static RelayAssignment assignment(ClusterState state, String source, String worker) {
        RelayEntry e = state.getRelaysOrDefault(source, null);
        boolean enabled = RelayMeta.relays(state, source, worker);
        if (e == null) {
            return enabled ? RelayAssignment.newBuilder().setEnabled(true).setStage(Stage.Running).build()
                    : RelayAssignment.getDefaultInstance();
        }
        return RelayAssignment.newBuilder().setEnabled(enabled).setStage(e.getStage()).setResumes(e.getResumes()).build();
    }
}
