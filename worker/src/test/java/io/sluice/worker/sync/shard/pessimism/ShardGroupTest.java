package io.sluice.worker.sync.shard.pessimism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.TableName;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardGroupTest {
    private static final TableName TARGET = new TableName("merged", "t");
    private static final TableName A = new TableName("db1", "t1");
    private static final TableName B = new TableName("db1", "t2");
    private static final TableName C = new TableName("db2", "t1");
    private static final List<String> ADD_C = List.of("ALTER TABLE `merged`.`t` ADD COLUMN `c` INT");

    private static BinlogPosition at(long pos) {
        return new BinlogPosition("bin.000001", pos, "");
    }

    @Test
    void aSyncedShardsLaterRowsAreHeldUntilTheLastShardArrives() {
        ShardGroup g = new ShardGroup(TARGET, Set.of(A, B, C));
        assertFalse(g.arrive(A, ADD_C, at(100), at(90)));
        assertTrue(g.holds(A, at(150)), "rows of A after its DDL wait");
        assertFalse(g.holds(A, at(80)), "rows of A before its DDL were applied");
        assertFalse(g.holds(B, at(150)), "B still writes the old schema");
        assertFalse(g.arrive(B, List.of("ALTER  TABLE `merged`.`t`   ADD COLUMN `c` INT"), at(200), at(190)));
        assertEquals(List.of(C), g.unsyncedShards());
        assertTrue(g.arrive(C, ADD_C, at(300), at(290)), "the last shard resolves the round");
        assertEquals(at(90), g.rewindTo(), "the replay starts before the first DDL");
        g.endRound();
        assertFalse(g.holds(A, at(400)));
        assertFalse(g.inRound());
    }

    @Test
    void differentDdlsOrASecondDdlBeforeTheRoundEndsAreRefused() {
        ShardGroup g = new ShardGroup(TARGET, Set.of(A, B));
        g.arrive(A, ADD_C, at(100), at(90));
        SluiceException other = assertThrows(SluiceException.class,
                () -> g.arrive(B, List.of("ALTER TABLE `merged`.`t` ADD COLUMN `d` INT"), at(200), at(190)));
        assertEquals(36008, other.code().code());
        SluiceException again = assertThrows(SluiceException.class, () -> g.arrive(A, ADD_C, at(300), at(290)));
        assertEquals(36008, again.code().code());
        assertEquals(List.of(B), g.unsyncedShards(), "a refused arrival changes nothing");
    }

    @Test
    void aShardDroppedInsideARoundIsRefusedAndOutsideLeaves() {
        ShardGroup g = new ShardGroup(TARGET, Set.of(A, B));
        g.leave(B);
        assertEquals(Set.of(A), g.shards());
        g.arrive(A, ADD_C, at(100), at(90));
        g.endRound();
        ShardGroup h = new ShardGroup(TARGET, Set.of(A, B));
        h.arrive(A, ADD_C, at(100), at(90));
        assertEquals(36006, assertThrows(SluiceException.class, () -> h.leave(B)).code().code());
    }

    @Test
    void anOperatorsReplacementStandsForTheRound() {
        ShardGroup g = new ShardGroup(TARGET, Set.of(A, B));
        assertFalse(g.arrive(A, ADD_C, at(100), at(90)));
        List<String> other = List.of("ALTER TABLE `merged`.`t` ADD COLUMN `c` BIGINT");
        assertThrows(SluiceException.class, () -> g.arrive(B, other, at(200), at(190)), "differing DDLs: 36008");
        assertTrue(g.arrive(B, other, at(200), at(190), true), "handle-error replace on the last shard resolves the round");
        assertEquals(other, g.ddls(), "with the operator's statements");
    }
}
