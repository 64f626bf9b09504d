package io.sluice.master.shardddl.optimism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.master.raft.ClusterMeta;
import io.sluice.master.shardddl.DdlLockView;
import io.sluice.proto.OptimisticShardDdlRequest;
import io.sluice.proto.OptimisticShardTables;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.OptimisticShardGroup;
import io.sluice.proto.raft.PutOptimisticGroup;
import io.sluice.proto.raft.PutTask;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RemoveTask;
import io.sluice.proto.raft.TaskEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimisticMetaTest {
    private static RaftCommand put(OptimisticShardGroup g) {
        return RaftCommand.newBuilder().setPutOptimisticGroup(PutOptimisticGroup.newBuilder().setGroup(g)).build();
    }

    @Test
    void groupsLiveWithTheirTaskAndShowAsLocksWhileShardsDiffer() throws Exception {
        ClusterState s = ClusterState.getDefaultInstance();
        OptimisticShardGroup g = OptimisticGroups.withTables(null, "task", "s1", OptimisticShardTables.newBuilder()
                .setTargetSchema("db").setTargetTable("t").addUpstreamTables("d\u001ft1").build());
        g = OptimisticGroups.withTables(g, "task", "s2", OptimisticShardTables.newBuilder()
                .setTargetSchema("db").setTargetTable("t").addUpstreamTables("d\u001ft1").build());
        assertEquals(s, ClusterMeta.apply(s, put(g)), "no task, no group");
        s = ClusterMeta.apply(s, RaftCommand.newBuilder().setPutTask(PutTask.newBuilder().setTask(
                TaskEntry.newBuilder().setName("task").putStages("s1", io.sluice.proto.Stage.Running))).build());
        OptimisticGroups.Outcome o = OptimisticGroups.trySync(g, OptimisticShardDdlRequest.newBuilder().setTask("task").setSource("s1")
                .setUpstreamSchema("d").setUpstreamTable("t1").setTargetSchema("db").setTargetTable("t")
                .setBefore("CREATE TABLE t (`id` int NOT NULL, PRIMARY KEY (`id`))")
                .setAfter("CREATE TABLE t (`id` int NOT NULL, `c` int, PRIMARY KEY (`id`))").addDdls("ALTER TABLE t ADD c int").build());
        s = ClusterMeta.apply(s, put(o.group()));
        assertEquals(List.of(new DdlLockView("task-`db`.`t`", "task", "optimistic", "", List.of(), List.of(), List.of("s1", "s2"))),
                OptimisticLocks.views(s, "task"));
        s = ClusterMeta.apply(s, put(OptimisticGroups.done(o.group(), "s1", "d", "t1")));
        assertEquals(List.of("s1"), OptimisticLocks.views(s, "").get(0).synced());
        assertTrue(OptimisticLocks.views(s, "other").isEmpty());
        s = ClusterMeta.apply(s, RaftCommand.newBuilder().setRemoveTask(RemoveTask.newBuilder().setTask("task")).build());
        assertTrue(s.getOptimisticGroupsMap().isEmpty());
    }
}
