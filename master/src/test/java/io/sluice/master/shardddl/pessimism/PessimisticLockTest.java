package io.sluice.master.shardddl.pessimism;

import static io.sluice.master.shardddl.pessimism.PessimisticLock.Operation.EXECUTE;
import static io.sluice.master.shardddl.pessimism.PessimisticLock.Operation.NONE;
import static io.sluice.master.shardddl.pessimism.PessimisticLock.Operation.SKIP;
import static io.sluice.master.shardddl.pessimism.PessimisticLock.Operation.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.SluiceException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PessimisticLockTest {
    private static final List<String> ADD = List.of("ALTER TABLE `db`.`tbl` ADD COLUMN c INT");
    private static final List<String> SOURCES = List.of("mysql-01", "mysql-02", "mysql-03");

    @Test
    void theFirstArrivalOwnsTheLockRunsTheDdlWhenAllArrivedAndTheOthersSkipAfterIt() {
        PessimisticLock l = PessimisticLock.open("task", "db", "tbl", SOURCES, "mysql-02", ADD);
        assertEquals("task-`db`.`tbl`", l.id());
        assertEquals("mysql-02", l.owner());
        assertEquals(WAIT, l.operationFor("mysql-02"), "the owner waits for the others");
        l = l.arrive("mysql-01", ADD);
        assertSame(l, l.arrive("mysql-01", ADD), "a retried report changes nothing");
        assertEquals(List.of("mysql-03"), l.view().unsynced());
        l = l.arrive("mysql-03", List.of("ALTER  TABLE `db`.`tbl`\n ADD COLUMN c INT"));
        assertEquals(EXECUTE, l.operationFor("mysql-02"));
        assertEquals(WAIT, l.operationFor("mysql-01"), "the others skip only once the owner ran it");
        l = l.finished("mysql-02");
        assertEquals(SKIP, l.operationFor("mysql-01"));
        assertFalse(l.resolved());
        l = l.finished("mysql-01").finished("mysql-03");
        assertEquals(NONE, l.operationFor("mysql-03"));
        assertTrue(l.resolved());
    }

    @Test
    void otherDdlsAreRefusedWithDmsCodeAndLeaveTheLockAsItWas() {
        PessimisticLock l = PessimisticLock.open("task", "db", "tbl", SOURCES, "mysql-01", ADD);
        SluiceException e = assertThrows(SluiceException.class,
                () -> l.arrive("mysql-02", List.of("ALTER TABLE `db`.`tbl` ADD COLUMN d INT")));
        assertEquals(38016, e.code().code());
        assertEquals(List.of("mysql-01"), l.synced());
    }

    @Test
    void unlockStopsWaitingForARemovedSourceAndCanHandTheDdlToAnotherOwner() {
        // DM's first stuck scenario: mysql-03 was removed and will never arrive; the owner is gone too
        PessimisticLock l = PessimisticLock.open("task", "db", "tbl", SOURCES, "mysql-01", ADD).arrive("mysql-02", ADD);
        PessimisticLock u = l.unlock("mysql-02");
        assertTrue(u.allSynced());
        assertEquals(EXECUTE, u.operationFor("mysql-02"));
        assertEquals(WAIT, u.operationFor("mysql-01"));
        u = u.finished("mysql-02");
        assertEquals(SKIP, u.operationFor("mysql-01"));
        assertTrue(u.finished("mysql-01").resolved());
    }

    @Test
    void unlockOfALockReopenedByARestartedWorkerRunsTheDdlAgainOnIt() {
        // DM's second scenario: mysql-02 skipped, crashed before its checkpoint, and reported again
        PessimisticLock again = PessimisticLock.open("task", "db", "tbl", SOURCES, "mysql-02", ADD);
        PessimisticLock u = again.unlock("");
        assertEquals(EXECUTE, u.operationFor("mysql-02"), "the DDL runs again downstream (it must be idempotent)");
        assertTrue(u.finished("mysql-02").resolved());
    }

    @Test
    void aSourceReadingItsFinishedEventAgainIsToldItIsDoneEvenAfterTheLockResolved() {
        PessimisticLock l = PessimisticLock.open("task", "db", "tbl", List.of("mysql-01", "mysql-02"), "mysql-01", ADD)
                .arrivedAt("mysql-01", "bin.1:100").arrive("mysql-02", ADD).arrivedAt("mysql-02", "bin.7:40");
        assertFalse(l.finishedAt("mysql-01", "bin.1:100"), "not finished yet: it is told to execute again");
        l = l.finished("mysql-01").finished("mysql-02");
        assertTrue(l.resolved());
        assertTrue(l.finishedAt("mysql-01", "bin.1:100"), "a crash after its part: the same event again");
        assertTrue(l.finishedAt("mysql-02", "bin.7:40"));
        assertFalse(l.finishedAt("mysql-02", "bin.7:900"), "a later event is a new round");
    }

    @Test
    void aSourceReadingItsFinishedEventAgainOnceTheNextRoundOpenedIsToldItIsDone() {
        List<String> two = List.of("mysql-01", "mysql-02");
        PessimisticLock first = PessimisticLock.open("task", "db", "tbl", two, "mysql-01", ADD).arrivedAt("mysql-01", "bin.1:100")
                .arrive("mysql-02", ADD).arrivedAt("mysql-02", "bin.7:40").finished("mysql-01").finished("mysql-02");
        List<String> drop = List.of("ALTER TABLE `db`.`tbl` DROP COLUMN `c`");
        // mysql-02 crashed after its part; mysql-01 opens the next round before it restarts
        PessimisticLock next = PessimisticLock.open("task", "db", "tbl", two, "mysql-01", drop).after(first).arrivedAt("mysql-01", "bin.1:900");
        assertTrue(next.finishedAt("mysql-02", "bin.7:40"), "its old event: its part is done, not a 38016");
        assertFalse(next.finishedAt("mysql-01", "bin.1:100"), "the opener is in this round: only its new event counts");
        assertFalse(next.finishedAt("mysql-02", "bin.7:400"), "a later event of mysql-02 joins this round");
        PessimisticLock joined = next.arrive("mysql-02", drop).arrivedAt("mysql-02", "bin.7:400");
        assertFalse(joined.finishedAt("mysql-02", "bin.7:400"), "arrived, not finished");
        assertEquals(EXECUTE, joined.operationFor("mysql-01"));
    }

    @Test
    void forceRemoveLetsEveryWaitingSourceGoOnWithoutTheDdl() {
        PessimisticLock l = PessimisticLock.open("task", "db", "tbl", SOURCES, "mysql-01", ADD).arrive("mysql-02", ADD).forceResolved();
        assertTrue(l.resolved());
        assertEquals(NONE, l.operationFor("mysql-01"));
        assertEquals(NONE, l.operationFor("mysql-02"));
    }
}
