package io.sluice.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proto.ErrorOp;
import io.sluice.proto.ErrorOperation;
import io.sluice.proto.Stage;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutErrorOperation;
import io.sluice.proto.raft.PutTask;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveErrorOperation;
import io.sluice.proto.raft.RemoveTask;
import io.sluice.proto.raft.TaskEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** handle-error's operations in the metadata state machine. */
class ErrorOperationsMetaTest {
    private static final ClusterState TASK = ClusterMeta.apply(ClusterState.getDefaultInstance(), RaftCommand.newBuilder()
            .setPutTask(PutTask.newBuilder().setTask(TaskEntry.newBuilder().setName("t").setConfig("name: t")
                    .putStages("s1", Stage.Paused).putStages("s2", Stage.Running).putResumes("s1", 3)))
            .build());

    private static RaftCommand put(String task, String source, ErrorOp op, String position, boolean resume, String... sqls) {
        return RaftCommand.newBuilder().setPutErrorOperation(PutErrorOperation.newBuilder().setResume(resume)
                .setOperation(ErrorOperation.newBuilder().setTask(task).setSource(source).setOp(op).setPosition(position)
                        .addAllSqls(List.of(sqls)))).build();
    }

    private static RaftCommand remove(String task, String source, String position) {
        return RaftCommand.newBuilder().setRemoveErrorOperation(RemoveErrorOperation.newBuilder().setTask(task).setSource(source)
                .setPosition(position)).build();
    }

    @Test
    void anOperationWaitsForItsSubtaskAndCanResumeIt() {
        ClusterState s = ClusterMeta.apply(TASK, put("t", "s1", ErrorOp.Skip, "mysql-bin.000001:1234", true));
        assertEquals(List.of(ErrorOp.Skip), ClusterMeta.errorOperationsOf(s, "t", "s1").stream().map(ErrorOperation::getOp).toList());
        assertEquals(Stage.Running, s.getTasksOrThrow("t").getStagesOrThrow("s1"));
        assertEquals(4, s.getTasksOrThrow("t").getResumesOrThrow("s1"), "the paused subtask is asked to run again");
        assertTrue(ClusterMeta.errorOperationsOf(s, "t", "s2").isEmpty());

        ClusterState future = ClusterMeta.apply(TASK, put("t", "s1", ErrorOp.Skip, "mysql-bin.000001:9999", false));
        assertEquals(Stage.Paused, future.getTasksOrThrow("t").getStagesOrThrow("s1"), "an operation for a later event does not resume");
    }

    @Test
    void aLaterOperationAtTheSamePositionReplacesTheEarlierAndRevertRemovesIt() {
        ClusterState s = ClusterMeta.apply(TASK, put("t", "s1", ErrorOp.Skip, "f.000001:100", false));
        s = ClusterMeta.apply(s, put("t", "s1", ErrorOp.Replace, "f.000001:100", false, "ALTER TABLE a ADD c INT"));
        List<ErrorOperation> ops = ClusterMeta.errorOperationsOf(s, "t", "s1");
        assertEquals(1, ops.size());
        assertEquals(ErrorOp.Replace, ops.get(0).getOp());
        assertEquals(List.of("ALTER TABLE a ADD c INT"), ops.get(0).getSqlsList());
        s = ClusterMeta.apply(s, remove("t", "s1", "f.000001:100"));
        assertTrue(ClusterMeta.errorOperationsOf(s, "t", "s1").isEmpty());
    }

    @Test
    void operationsThatDoNotFitTheStateChangeNothing() {
        assertEquals(TASK, ClusterMeta.apply(TASK, put("nope", "s1", ErrorOp.Skip, "f.000001:1", true)), "unknown task");
        assertEquals(TASK, ClusterMeta.apply(TASK, put("t", "s9", ErrorOp.Skip, "f.000001:1", true)), "source not in the task");
        assertEquals(TASK, ClusterMeta.apply(TASK, put("t", "s1", ErrorOp.Revert, "f.000001:1", true)), "revert is never stored");
        assertEquals(TASK, ClusterMeta.apply(TASK, put("t", "s1", ErrorOp.Skip, "", true)), "an operation needs its position");
        assertEquals(TASK, ClusterMeta.apply(TASK, remove("t", "s1", "f.000001:1")));
    }

    @Test
    void stoppingASubtaskDropsItsOperations() {
        ClusterState s = ClusterMeta.apply(TASK, put("t", "s1", ErrorOp.Skip, "f.000001:1", false));
        s = ClusterMeta.apply(s, put("t", "s2", ErrorOp.Skip, "f.000001:2", false));
        ClusterState oneGone = ClusterMeta.apply(s, RaftCommand.newBuilder()
                .setRemoveTask(RemoveTask.newBuilder().setTask("t").addSources("s1")).build());
        assertTrue(ClusterMeta.errorOperationsOf(oneGone, "t", "s1").isEmpty());
        assertEquals(1, ClusterMeta.errorOperationsOf(oneGone, "t", "s2").size());
        ClusterState allGone = ClusterMeta.apply(s, RaftCommand.newBuilder().setRemoveTask(RemoveTask.newBuilder().setTask("t")).build());
        assertEquals(0, allGone.getErrorOperationsCount());
    }
}
