package io.sluice.master.shardddl.optimism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proto.OptimisticShardDdlRequest;
import io.sluice.proto.OptimisticShardTables;
import io.sluice.proto.raft.OptimisticShardGroup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Four shards (two sources × two tables) merged into `db`.`t`, changed one by one. */
class OptimisticGroupsTest {
    private static final String T = "`db`.`t`";
    private static final List<String> SHARDS = List.of("s1/t1", "s1/t2", "s2/t1", "s2/t2");

    private OptimisticShardGroup group;
    private final Map<String, String> schemas = new HashMap<>();

    OptimisticGroupsTest() {
        for (String s : List.of("s1", "s2")) {
            group = OptimisticGroups.withTables(group, "task", s, OptimisticShardTables.newBuilder().setTargetSchema("db")
                    .setTargetTable("t").addUpstreamTables("d\u001ft1").addUpstreamTables("d\u001ft2").build());
        }
        SHARDS.forEach(s -> schemas.put(s, "`id` int NOT NULL, `a` int DEFAULT NULL, PRIMARY KEY (`id`)"));
    }

    /** The shard's schema changes to {@code body}; returns the statements the target gets. */
    private List<String> change(String shard, String body, String ddl) throws SchemaConflict {
        String[] p = shard.split("/");
        OptimisticShardDdlRequest r = OptimisticShardDdlRequest.newBuilder().setTask("task").setSource(p[0]).setUpstreamSchema("d")
                .setUpstreamTable(p[1]).setTargetSchema("db").setTargetTable("t").setBefore(create(schemas.get(shard)))
                .setAfter(create(body)).addDdls(ddl).build();
        OptimisticGroups.Outcome o = OptimisticGroups.trySync(group, r);
        group = OptimisticGroups.done(o.group(), p[0], "d", p[1]);
        schemas.put(shard, body);
        return o.ddls();
    }

    private static String create(String body) {
        return "CREATE TABLE `t` (" + body + ")";
    }

    @Test
    void addColumnOnFirstArrivalAndDropColumnWithTheLastShard() throws Exception {
        String added = "`id` int NOT NULL, `a` int DEFAULT NULL, `b` varchar(10) DEFAULT 'x', PRIMARY KEY (`id`)";
        assertEquals(List.of("ALTER TABLE " + T + " ADD COLUMN `b` varchar(10) NULL DEFAULT 'x'"), change("s2/t1", added, "add b"));
        for (String s : List.of("s1/t1", "s2/t2", "s1/t2")) {
            assertEquals(List.of(), change(s, added, "add b"), s);
        }
        String dropped = "`id` int NOT NULL, `b` varchar(10) DEFAULT 'x', PRIMARY KEY (`id`)";
        for (String s : List.of("s1/t2", "s2/t1", "s1/t1")) {
            assertEquals(List.of(), change(s, dropped, "drop a"), s);
        }
        assertEquals(List.of("ALTER TABLE " + T + " DROP COLUMN `a`"), change("s2/t2", dropped, "drop a"));
        assertEquals(TableSchema.parse(create(dropped)), TableSchema.parse(group.getJoined()));
    }

    @Test
    void aTypeWidensAtOnceAndNarrowsWhenEveryShardNarrowed() throws Exception {
        String wide = "`id` int NOT NULL, `a` bigint DEFAULT NULL, PRIMARY KEY (`id`)";
        assertEquals(List.of("ALTER TABLE " + T + " MODIFY COLUMN `a` bigint NULL"), change("s1/t1", wide, "modify a"));
        assertEquals(List.of(), change("s2/t2", wide, "modify a"));
        String back = "`id` int NOT NULL, `a` int DEFAULT NULL, PRIMARY KEY (`id`)";
        assertEquals(List.of(), change("s1/t1", back, "modify a back"));
        assertEquals(List.of("ALTER TABLE " + T + " MODIFY COLUMN `a` int NULL"), change("s2/t2", back, "modify a back"));
    }

    @Test
    void anIndexReachesTheTargetWhenTheLastShardAddsItAndLeavesWithTheFirstDrop() throws Exception {
        String indexed = "`id` int NOT NULL, `a` int DEFAULT NULL, PRIMARY KEY (`id`), KEY `ia` (`a`)";
        for (String s : List.of("s1/t1", "s2/t1", "s1/t2")) {
            assertEquals(List.of(), change(s, indexed, "add index"), s);
        }
        assertEquals(List.of("ALTER TABLE " + T + " ADD INDEX `ia` (`a`)"), change("s2/t2", indexed, "add index"));
        assertEquals(List.of("ALTER TABLE " + T + " DROP INDEX `ia`"),
                change("s1/t2", "`id` int NOT NULL, `a` int DEFAULT NULL, PRIMARY KEY (`id`)", "drop index"));
    }

    @Test
    void aShardMayNotAddBackAColumnItDroppedBeforeEveryShardDroppedIt() throws Exception {
        String without = "`id` int NOT NULL, PRIMARY KEY (`id`)";
        String with = "`id` int NOT NULL, `a` int DEFAULT NULL, PRIMARY KEY (`id`)";
        assertEquals(List.of(), change("s1/t1", without, "drop a"));
        assertEquals(List.of("s1\u001fd\u001ft1"), group.getDroppingOrThrow("a").getShardsList());
        OptimisticShardGroup kept = group;
        SchemaConflict e = assertThrows(SchemaConflict.class, () -> change("s1/t1", with, "add a"));
        assertTrue(e.getMessage().contains("add column a that wasn't fully dropped in downstream"), e.getMessage());
        assertSame(kept, group);
        assertEquals(List.of(), change("s2/t1", without, "drop a"), "another shard may still drop it");
        for (String s : List.of("s1/t2", "s2/t2")) {
            change(s, without, "drop a");
        }
        assertEquals(0, group.getDroppingCount(), "dropped everywhere: nothing is being dropped any more");
        assertEquals(List.of("ALTER TABLE " + T + " ADD COLUMN `a` int NULL"), change("s1/t1", with, "add a"), "then it may come back");
    }

    @Test
    void aConflictLeavesTheGroupAsItWas() throws Exception {
        change("s1/t1", "`id` int NOT NULL, `a` int DEFAULT NULL, `age` int DEFAULT 0, PRIMARY KEY (`id`)", "add age 0");
        OptimisticShardGroup kept = group;
        SchemaConflict e = assertThrows(SchemaConflict.class,
                () -> change("s2/t1", "`id` int NOT NULL, `a` int DEFAULT NULL, `age` int DEFAULT -1, PRIMARY KEY (`id`)", "add age -1"));
        assertTrue(e.getMessage().contains("different defaults"), e.getMessage());
        assertSame(kept, group);
        assertThrows(SchemaConflict.class, () -> change("s2/t1", "`id` int NOT NULL, `a` varchar(3) DEFAULT NULL, PRIMARY KEY (`id`)", "modify a"));
        assertThrows(SchemaConflict.class, () -> change("s2/t1", schemas.get("s2/t1"), "ALTER TABLE t RENAME COLUMN a TO z"));
        assertSame(kept, group);
    }

    @Test
    void aReplayedChangeGetsItsPendingStatementsAgain() throws Exception {
        String added = "`id` int NOT NULL, `a` int DEFAULT NULL, `b` int DEFAULT NULL, PRIMARY KEY (`id`)";
        OptimisticShardDdlRequest r = OptimisticShardDdlRequest.newBuilder().setTask("task").setSource("s1").setUpstreamSchema("d")
                .setUpstreamTable("t1").setTargetSchema("db").setTargetTable("t").setBefore(create(schemas.get("s1/t1")))
                .setAfter(create(added)).addDdls("add b").build();
        OptimisticGroups.Outcome first = OptimisticGroups.trySync(group, r);
        // the worker died before it ran them: the same request again gets the same statements
        OptimisticGroups.Outcome again = OptimisticGroups.trySync(first.group(), r);
        assertEquals(first.ddls(), again.ddls());
        assertEquals(1, first.ddls().size());
        // and another shard adding the same column runs them too, as they may not have reached the target yet
        OptimisticShardDdlRequest other = r.toBuilder().setSource("s2").build();
        assertEquals(first.ddls(), OptimisticGroups.trySync(first.group(), other).ddls());
    }

    @Test
    void aSetSchemaWithoutABeforeJoinsAsTheShardsNewSchema() throws Exception {
        change("s1/t1", "`id` int NOT NULL, `a` int DEFAULT NULL, `b` int DEFAULT NULL, PRIMARY KEY (`id`)", "add b");
        // operate-schema set --sync, the tracker's schema unknown: the set schema has an extra nullable column
        OptimisticShardDdlRequest set = OptimisticShardDdlRequest.newBuilder().setTask("task").setSource("s2").setUpstreamSchema("d")
                .setUpstreamTable("t2").setTargetSchema("db").setTargetTable("t")
                .setAfter(create("`id` int NOT NULL, `a` int DEFAULT NULL, `b` int DEFAULT NULL, `z` int DEFAULT NULL, PRIMARY KEY (`id`)")).build();
        OptimisticGroups.Outcome o = OptimisticGroups.trySync(group, set);
        assertEquals(List.of("ALTER TABLE " + T + " ADD COLUMN `z` int NULL"), o.ddls());
    }
}
