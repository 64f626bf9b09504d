package io.sluice.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proto.Stage;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutTask;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveSource;
import io.sluice.proto.raft.RemoveTask;
import io.sluice.proto.raft.SetStage;
import io.sluice.proto.raft.TaskEntry;
import io.sluice.proto.raft.Unbind;
import org.junit.jupiter.api.Test;

class ClusterMetaTest {
    private static RaftCommand source(String id) {
        return MetaCommands.source(id);
    }

    private static RaftCommand worker(String name) {
        return MetaCommands.worker(name);
    }

    private static RaftCommand bind(String source, String worker) {
        return MetaCommands.bind(source, worker);
    }

    static ClusterState apply(ClusterState s, RaftCommand... cmds) {
        for (RaftCommand c : cmds) {
            s = ClusterMeta.apply(s, c);
        }
        return s;
    }

    @Test
    void everyBindingGetsALargerEpochAndTheWorkerRemembersItsSource() {
        ClusterState s = apply(ClusterState.getDefaultInstance(), source("s1"), worker("w1"), worker("w2"), bind("s1", "w1"));
        assertEquals(1, s.getBindingsOrThrow("s1").getEpoch());
        assertEquals("s1", s.getWorkersOrThrow("w1").getLastSource());
        s = apply(s, RaftCommand.newBuilder().setUnbind(Unbind.newBuilder().setSource("s1")).build(), bind("s1", "w2"));
        assertEquals("w2", ClusterMeta.workerOf(s, "s1"));
        assertEquals(2, s.getBindingsOrThrow("s1").getEpoch());
        assertEquals("s1", s.getWorkersOrThrow("w1").getLastSource(), "kept for sticky rebinding");
    }

    @Test
    void aBindThatNoLongerFitsTheStateChangesNothing() {
        ClusterState s = apply(ClusterState.getDefaultInstance(), source("s1"), source("s2"), worker("w1"), bind("s1", "w1"));
        ClusterState busy = ClusterMeta.apply(s, bind("s2", "w1"));
        assertEquals(s, busy, "one source per worker");
        ClusterState gone = apply(s, RaftCommand.newBuilder().setRemoveSource(RemoveSource.newBuilder().setSourceId("s2")).build());
        assertEquals(gone, ClusterMeta.apply(gone, bind("s2", "w1")), "a removed source is not bound");
        assertNull(ClusterMeta.bindingOfWorker(gone, "nobody"));
    }

    @Test
    void reRegisteringAWorkerKeepsItsLastSource() {
        ClusterState s = apply(ClusterState.getDefaultInstance(), source("s1"), worker("w1"), bind("s1", "w1"), worker("w1"));
        assertEquals("s1", s.getWorkersOrThrow("w1").getLastSource());
    }

    @Test
    void stagesAndResumeCountsPerSource() {
        TaskEntry task = TaskEntry.newBuilder().setName("t").setConfig("name: t")
                .putStages("s1", Stage.Running).putStages("s2", Stage.Running).build();
        ClusterState s = apply(ClusterState.getDefaultInstance(), RaftCommand.newBuilder().setPutTask(PutTask.newBuilder().setTask(task)).build());
        s = apply(s, RaftCommand.newBuilder().setSetStage(SetStage.newBuilder().setTask("t").addSources("s1").setStage(Stage.Paused)).build());
        assertEquals(Stage.Paused, ClusterMeta.stageOf(s.getTasksOrThrow("t"), "s1"));
        assertEquals(Stage.Running, ClusterMeta.stageOf(s.getTasksOrThrow("t"), "s2"));
        s = apply(s, RaftCommand.newBuilder().setSetStage(SetStage.newBuilder().setTask("t").setStage(Stage.Running)).build());
        assertEquals(1, s.getTasksOrThrow("t").getResumesOrThrow("s1"), "every resume counts, so an errored subtask restarts");
        s = apply(s, RaftCommand.newBuilder().setRemoveTask(RemoveTask.newBuilder().setTask("t").addSources("s1")).build());
        assertFalse(s.getTasksOrThrow("t").containsStages("s1"));
        s = apply(s, RaftCommand.newBuilder().setRemoveTask(RemoveTask.newBuilder().setTask("t").addSources("s2")).build());
        assertTrue(s.getTasksMap().isEmpty(), "a task without subtasks is gone");
    }
}
