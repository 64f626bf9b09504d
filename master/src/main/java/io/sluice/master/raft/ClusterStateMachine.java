package io.sluice.master.raft;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed commands to the cluster state and saves or loads it as one snapshot file.
 * The state is an immutable protobuf swapped on each apply, so readers never see half a change.
 */
public final class ClusterStateMachine extends StateMachineAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterStateMachine.class);
    private static final String SNAPSHOT_FILE = "cluster-state.pb";

    private volatile ClusterState state = ClusterState.getDefaultInstance();
    private final AtomicLong leaderTerm = new AtomicLong(-1);
    private final Consumer<Boolean> leadershipListener;

    public ClusterStateMachine(Consumer<Boolean> leadershipListener) {
        this.leadershipListener = leadershipListener;
    }

    public ClusterState state() {
        return state;
    }

    public boolean isLeader() {
        return leaderTerm.get() > 0;
    }

    @Override
    public void onApply(Iterator iter) {
        while (iter.hasNext()) {
            Closure done = iter.done();
            try {
                RaftCommand cmd = RaftCommand.parseFrom(iter.getData());
                state = PasswordKeys.apply(state, cmd);
                if (cmd.hasRotatePasswordKey()) {
                    PasswordKeys.install(state);
                }
                if (done != null) {
                    done.run(Status.OK());
                }
            } catch (InvalidProtocolBufferException e) {
                LOG.error("event=bad_raft_command index={}", iter.getIndex(), e);
                if (done != null) {
                    done.run(new Status(RaftError.EINVAL, "bad command: %s", e.getMessage()));
                }
            }
            iter.next();
        }
    }

    @Override
    public void onSnapshotSave(SnapshotWriter writer, Closure done) {
        ClusterState snap = state;
        try {
            Files.write(Path.of(writer.getPath(), SNAPSHOT_FILE), snap.toByteArray());
            if (writer.addFile(SNAPSHOT_FILE)) {
                done.run(Status.OK());
            } else {
                done.run(new Status(RaftError.EIO, "cannot add snapshot file"));
            }
        } catch (IOException e) {
            done.run(new Status(RaftError.EIO, "cannot save snapshot: %s", e.getMessage()));
        }
    }

    @Override
    public boolean onSnapshotLoad(SnapshotReader reader) {
        Path file = Path.of(reader.getPath(), SNAPSHOT_FILE);
        if (reader.getFileMeta(SNAPSHOT_FILE) == null || !Files.exists(file)) {
            LOG.error("event=snapshot_missing path={}", file);
            return false;
        }
        try {
            state = ClusterState.parseFrom(Files.readAllBytes(file));
            PasswordKeys.install(state);
            LOG.info("event=snapshot_loaded sources={} workers={} tasks={}", state.getSourcesCount(),
                    state.getWorkersCount(), state.getTasksCount());
            return true;
        } catch (IOException e) {
            LOG.error("event=snapshot_unreadable path={}", file, e);
            return false;
        }
    }

    @Override
    public void onLeaderStart(long term) {
        leaderTerm.set(term);
        LOG.info("event=leader_start term={}", term);
        leadershipListener.accept(true);
    }

    @Override
    public void onLeaderStop(Status status) {
        leaderTerm.set(-1);
        LOG.info("event=leader_stop status={}", status);
        leadershipListener.accept(false);
    }
}
