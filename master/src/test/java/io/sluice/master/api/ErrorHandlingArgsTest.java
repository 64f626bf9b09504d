package io.sluice.master.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.SluiceException;
import io.sluice.master.MasterErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How handle-error reads its -b position and its replace statements. */
class ErrorHandlingArgsTest {
    @Test
    void positionsInBothDmSpellings() {
        assertEquals("mysql-bin.000003:3270", ErrorHandling.normalizePosition("mysql-bin.000003:3270"));
        assertEquals("mysql-bin.000003:3270", ErrorHandling.normalizePosition("mysql-bin|000001.000003:3270"), "relay form");
        assertEquals("binlog.000012:4", ErrorHandling.normalizePosition(" binlog.000012:0004 "));
        for (String bad : List.of("mysql-bin.000003", "3270", "mysql-bin.000003:x", "(mysql-bin.000003, 3270)")) {
            SluiceException e = assertThrows(SluiceException.class, () -> ErrorHandling.normalizePosition(bad), bad);
            assertEquals(MasterErrors.INVALID_ARGS, e.code());
        }
    }

    @Test
    void anOperationHasTakenEffectOnceTheCheckpointIsPastItsEvent() {
        assertTrue(ErrorHandling.passed("mysql-bin.000001:1700", "(mysql-bin.000001, 1800)"));
        assertTrue(ErrorHandling.passed("mysql-bin.000001:1700", "(mysql-bin.000002, 4)"));
        assertFalse(ErrorHandling.passed("mysql-bin.000001:1700", "(mysql-bin.000001, 1700)"), "paused on it: not yet");
        assertFalse(ErrorHandling.passed("mysql-bin.000002:4", "(mysql-bin.000001, 99999)"));
        assertFalse(ErrorHandling.passed("mysql-bin.000001:1700", ""), "no checkpoint reported");
    }

    @Test
    void replaceStatementsAreSplitAndChecked() {
        List<String> sqls = ErrorHandling.statements(List.of(
                "ALTER TABLE `db1`.`tb1` ADD COLUMN `new_col` INT; ALTER TABLE `db1`.`tb1` ADD UNIQUE (`new_col`);"));
        assertEquals(2, sqls.size(), sqls.toString());
        assertTrue(sqls.get(0).contains("ADD COLUMN") && sqls.get(1).contains("UNIQUE"), sqls.toString());
        assertEquals(List.of(), ErrorHandling.statements(List.of(" ")));
        SluiceException e = assertThrows(SluiceException.class, () -> ErrorHandling.statements(List.of("ALTER TABLE t ADD COLUMN")));
        assertEquals(MasterErrors.INVALID_ARGS, e.code());
    }
}
