package io.sluice.worker.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The range arithmetic a later dump uses to take only what is not loaded yet. */
class KeyRangeTest {
    private static KeyRange r(String lo, String hi) {
        return new KeyRange(lo == null ? null : List.of(lo), hi == null ? null : List.of(hi));
    }

    @Test
    void integerRangesMergeIntoDisjointOnesAndAFullPlanBecomesAll() {
        assertEquals(List.of(r(null, "300"), r("500", null)),
                KeyRange.mergeIntegers(List.of(r("500", null), r("100", "300"), r(null, "100"), r("150", "200"))));
        assertEquals(List.of(KeyRange.ALL), KeyRange.mergeIntegers(List.of(r("100", "200"), r(null, "100"), r("200", null))));
        // a later plan's open first range overlapping an earlier loaded one
        assertEquals(List.of(r(null, "250")), KeyRange.mergeIntegers(List.of(r("100", "200"), r(null, "150"), r("150", "250"))));
    }

    @Test
    void otherKeysAreCompleteWhenSomePlanIsWhollyLoaded() {
        List<KeyRange> firstPlanPartly = List.of(r(null, "'b'"), r("'d'", null));
        assertFalse(KeyRange.coverAll(firstPlanPartly));
        List<KeyRange> plus = new java.util.ArrayList<>(firstPlanPartly);
        plus.addAll(List.of(r(null, "'c'"), r("'c'", null))); // a second plan, wholly loaded
        assertTrue(KeyRange.coverAll(plus));
        assertTrue(KeyRange.coverAll(List.of(KeyRange.ALL)));
    }

    @Test
    void predicatesUseRowComparisonForCompositeKeysAndStayOpenWhereUnbounded() {
        KeyRange c = new KeyRange(List.of("1", "'x'"), List.of("3", "'a'"));
        assertEquals("(`a`, `b`) >= (1, 'x') AND (`a`, `b`) < (3, 'a')", c.predicate(List.of("a", "b")));
        assertEquals("`id` < 10", r(null, "10").predicate(List.of("id")));
        assertEquals("NOT ((`id` < 10) OR (`id` >= 20))", KeyRange.outside(List.of(r(null, "10"), r("20", null)), List.of("id")));
        assertEquals("", KeyRange.outside(List.of(), List.of("id")));
        assertEquals(List.of("'it\\'s'", "0x00FF"), KeyRange.decode(KeyRange.encode(List.of("'it\\'s'", "0x00FF"))));
        assertEquals(null, KeyRange.decode(KeyRange.encode(null)));
    }
}
