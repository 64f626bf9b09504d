package io.sluice.worker.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * The dump compares a table's CREATE TABLE before and after its snapshot: inserts in between move
 * the AUTO_INCREMENT counter, which is not a change of shape (a playground under writes stopped with
 * 32002 on every start before), while a column change still is.
 */
class TableShapeTest {
    private static final String BEFORE = "CREATE TABLE `orders` (\n  `id` bigint(20) NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n)"
            + " ENGINE=InnoDB AUTO_INCREMENT=50001 DEFAULT CHARSET=latin1";

    @Test
    void theCounterIsNotTheShape() {
        assertEquals(DumpUnit.withoutCounter(BEFORE), DumpUnit.withoutCounter(BEFORE.replace("50001", "50013")));
        assertEquals(DumpUnit.withoutCounter(BEFORE), DumpUnit.withoutCounter(BEFORE.replace(" AUTO_INCREMENT=50001", "")));
        assertNotEquals(DumpUnit.withoutCounter(BEFORE), DumpUnit.withoutCounter(BEFORE.replace("bigint(20)", "int(11)")));
        assertEquals("`id` bigint(20) NOT NULL AUTO_INCREMENT", DumpUnit.withoutCounter("`id` bigint(20) NOT NULL AUTO_INCREMENT"),
                "the column attribute stays");
    }
}
