package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The executed GTID set the checkpoint keeps, for MySQL's UUID intervals and MariaDB's per-domain positions. */
class ExecutedGtidsTest {
    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "9a2b3c4d-0000-11ee-8c99-0242ac120002";

    @Test
    void mysqlSetsParseMergeAndGrowOneTransactionAtATime() {
        // as gtid_executed prints a set: several UUIDs, several intervals each, newlines after commas
        ExecutedGtids g = new ExecutedGtids(false, A + ":1-5:7-9,\n" + B + ":1-3");
        g.add(A + ":6"); // fills the gap: 1-5 and 7-9 merge
        assertEquals(A + ":1-9," + B + ":1-3", g.toString());
        g.add(A + ":10");
        g.add(B + ":5"); // a new interval after a gap
        assertEquals(A + ":1-10," + B + ":1-3:5", g.toString());
        g.add(B + ":4");
        assertEquals(A + ":1-10," + B + ":1-5", g.toString());
        g.add(A + ":3"); // already in the set: nothing changes
        assertEquals(A + ":1-10," + B + ":1-5", g.toString());
    }

    @Test
    void mysqlSetStartsEmptyAndTakesANewServer() {
        ExecutedGtids g = new ExecutedGtids(false, "");
        g.add(B + ":1");
        g.add(B + ":2");
        g.add(A + ":1"); // after a primary switch the new primary's UUID joins the set
        assertEquals(A + ":1," + B + ":1-2", g.toString());
    }

    @Test
    void mariaDbKeepsTheLastGtidOfEachDomain() {
        ExecutedGtids g = new ExecutedGtids(true, "0-1-100,1-2-7");
        g.add("0-1-101");
        g.add("1-3-8"); // another server id in domain 1 after a switch
        g.add("2-3-1");
        assertEquals("0-1-101,1-3-8,2-3-1", g.toString());
    }
}
