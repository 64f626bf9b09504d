package io.sluice.master.api;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.errors.RelayErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.raft.RelayMeta;
import io.sluice.proto.CommonWorkerResponse;
import io.sluice.proto.PurgeRelayRequest;
import io.sluice.proto.PurgeRelayResponse;
import io.sluice.proto.PurgeWorkerRelayRequest;
import io.sluice.proto.PurgeWorkerRelayResponse;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.SourceEntry;
import java.time.Duration;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * purge-relay: the request is checked as a whole (every source exists, a file is named, one
 * source per file name as dmctl insists), then the worker relaying each source purges its own
 * relay directory and answers in that source's {@code sources} entry. The reply's
 * {@code result} is true only when every worker purged.
 */
final class RelayPurge {
    private static final Logger LOG = LoggerFactory.getLogger(RelayPurge.class);
    /** Deleting files is quick; reading each subtask's checkpoint from its target may take a moment. */
    static final Duration WORKER_DEADLINE = Duration.ofSeconds(30);

    private final RaftGroup raft;
    private final WorkerControlLink workers;

    RelayPurge(RaftGroup raft, WorkerControlLink workers) {
        this.raft = raft;
        this.workers = workers;
    }

    PurgeWorkerRelayResponse purge(PurgeWorkerRelayRequest req) {
        ClusterState state = raft.readState();
        if (req.getSourcesCount() == 0) {
            throw MasterErrors.INVALID_ARGS.error("must specify at least one source (`-s` / `--source`)");
        }
        if (req.getInactive() || req.getTime() != 0) {
            throw RelayErrors.PURGE_REQUEST_NOT_VALID.error("(only purging before a file name is supported, as in dmctl)");
        }
        if (req.getFilename().isBlank()) {
            throw RelayErrors.PURGE_REQUEST_NOT_VALID.error("(must specify the name of the terminal file before which to purge relay log files)");
        }
        if (req.getSourcesCount() > 1) {
            throw MasterErrors.INVALID_ARGS.error("for --filename, can only specify one source per time");
        }
        for (String s : req.getSourcesList()) {
            if (!state.containsSources(s)) {
                throw MasterErrors.SOURCE_NOT_EXIST.error(s);
            }
        }
        PurgeWorkerRelayResponse.Builder r = PurgeWorkerRelayResponse.newBuilder().setResult(true);
        for (String source : new TreeSet<>(req.getSourcesList())) {
            CommonWorkerResponse.Builder one = CommonWorkerResponse.newBuilder().setSource(source);
            try {
                String worker = relayWorker(state, source);
                one.setWorker(worker);
                PurgeRelayRequest toWorker = PurgeRelayRequest.newBuilder().setSource(source).setFilename(req.getFilename().trim())
                        .setSubDir(req.getSubDir().trim()).build();
                PurgeRelayResponse answer = workers.call(state, worker, "PurgeRelay", stub -> stub.purgeRelay(toWorker));
                one.setResult(answer.getResult()).setMsg(answer.getMsg());
            } catch (SluiceException e) {
                one.setResult(false).setMsg(e.getMessage());
            }
            r.setResult(r.getResult() && one.getResult());
            r.addSources(one);
        }
        LOG.info("event=purge_relay sources={} filename={} subDir={} result={}", req.getSourcesList(), req.getFilename(),
                req.getSubDir(), r.getResult());
        return r.build();
    }

    /**
     * The worker relaying {@code source}: a worker relays only the source it is bound to, when
     * start-relay named it or the source file says {@code enable-relay: true}.
     */
    private static String relayWorker(ClusterState state, String source) {
        String bound = ClusterMeta.workerOf(state, source);
        if (bound.isEmpty() || !(RelayMeta.relays(state, source, bound) || enableRelayInFile(state.getSourcesOrDefault(source, null)))) {
            throw RelayErrors.RELAY_WORKER_NOT_FOUND.error(source);
        }
        return bound;
    }

    private static boolean enableRelayInFile(SourceEntry s) {
        try {
            return s != null && ConfigFiles.parseSource(s.getConfig()).enableRelay;
        } catch (SluiceException e) {
            return false;
        }
    }
}
