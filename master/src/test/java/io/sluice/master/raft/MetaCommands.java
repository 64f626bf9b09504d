package io.sluice.master.raft;

import io.sluice.proto.raft.Bind;
import io.sluice.proto.raft.PutSource;
import io.sluice.proto.raft.PutWorker;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.WorkerEntry;

/** Raft commands for tests of the pure metadata and scheduling logic. */
public final class MetaCommands {
    private MetaCommands() {
    }

    public static RaftCommand source(String id) {
        return RaftCommand.newBuilder().setPutSource(PutSource.newBuilder()
                .setSource(SourceEntry.newBuilder().setSourceId(id).setConfig("source-id: " + id).setEnabled(true))).build();
    }

    public static RaftCommand worker(String name) {
        return RaftCommand.newBuilder().setPutWorker(PutWorker.newBuilder()
                .setWorker(WorkerEntry.newBuilder().setName(name).setAddress(name + ":8262"))).build();
    }

    public static RaftCommand bind(String source, String worker) {
        return RaftCommand.newBuilder().setBind(Bind.newBuilder().setSource(source).setWorker(worker)).build();
    }

}
