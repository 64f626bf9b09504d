package io.sluice.master.shardddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.SluiceException;
import io.sluice.proto.ShowDDLLocksRequest;
import io.sluice.proto.ShowDDLLocksResponse;
import io.sluice.proto.UnlockDDLLockRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlLocksTest {
    private static final DdlLockView PESSIMISTIC = new DdlLockView("t1-`db`.`tbl`", "t1", "pessimistic", "mysql-01",
            List.of("ALTER TABLE `db`.`tbl` ADD COLUMN c INT"), List.of("mysql-01"), List.of("mysql-02"));
    private static final DdlLockView OPTIMISTIC = new DdlLockView("t2-`db`.`tbl`", "t2", "optimistic", "", List.of(),
            List.of("mysql-03"), List.of("mysql-04"));

    @Test
    void listsEveryModesLocksNarrowedByTaskAndSource() {
        DdlLocks locks = new DdlLocks();
        assertEquals("no DDL lock exists", locks.show(ShowDDLLocksRequest.getDefaultInstance()).getMsg());
        locks.add(() -> List.of(PESSIMISTIC));
        locks.add(() -> List.of(OPTIMISTIC));
        ShowDDLLocksResponse all = locks.show(ShowDDLLocksRequest.getDefaultInstance());
        assertTrue(all.getResult());
        assertEquals(List.of("t1-`db`.`tbl`", "t2-`db`.`tbl`"), all.getLocksList().stream().map(l -> l.getID()).toList());
        assertEquals("mysql-01", all.getLocks(0).getOwner());
        assertEquals(List.of("mysql-02"), all.getLocks(0).getUnsyncedList());
        assertEquals(1, locks.show(ShowDDLLocksRequest.newBuilder().setTask("t2").build()).getLocksCount());
        assertEquals("t1", locks.show(ShowDDLLocksRequest.newBuilder().addSources("mysql-02").build()).getLocks(0).getTask());
        ShowDDLLocksResponse none = locks.show(ShowDDLLocksRequest.newBuilder().setTask("t3").build());
        assertTrue(none.getResult());
        assertEquals("no DDL lock exists", none.getMsg());
    }

    @Test
    void unlockReachesTheHoldingModeAndRefusesUnknownOrOptimisticLocksWithoutAChange() {
        List<String> unlocked = new ArrayList<>();
        DdlLocks locks = new DdlLocks();
        locks.add(new DdlLockSource() {
            @Override
            public List<DdlLockView> locks() {
                return List.of(PESSIMISTIC);
            }

            @Override
            public void unlock(DdlLockView lock, String replaceOwner, boolean forceRemove) {
                unlocked.add(lock.id() + "|" + replaceOwner + "|" + forceRemove);
            }
        });
        locks.add(() -> List.of(OPTIMISTIC));
        SluiceException unknown = assertThrows(SluiceException.class,
                () -> locks.unlock(UnlockDDLLockRequest.newBuilder().setID("t9-`db`.`tbl`").build()));
        assertEquals(38019, unknown.code().code());
        SluiceException optimistic = assertThrows(SluiceException.class,
                () -> locks.unlock(UnlockDDLLockRequest.newBuilder().setID("t2-`db`.`tbl`").build()));
        assertEquals(38150, optimistic.code().code());
        assertEquals(List.of(), unlocked, "a refused unlock changes nothing");
        assertTrue(locks.unlock(UnlockDDLLockRequest.newBuilder().setID("t1-`db`.`tbl`").setReplaceOwner("mysql-02")
                .setForceRemove(true).build()).getResult());
        assertEquals(List.of("t1-`db`.`tbl`|mysql-02|true"), unlocked);
    }
}
