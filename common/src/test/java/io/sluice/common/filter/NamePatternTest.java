package io.sluice.common.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamePatternTest {
    @Test
    void starMatchesAnyTailIncludingNothing() {
        NamePattern p = NamePattern.wildcard("shard_*", false);
        assertTrue(p.matches("shard_"));
        assertTrue(p.matches("shard_0001"));
        assertFalse(p.matches("shard"));
        assertFalse(p.matches("xshard_1"));
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        NamePattern p = NamePattern.wildcard("t_?", true);
        assertTrue(p.matches("t_1"));
        assertFalse(p.matches("t_"));
        assertFalse(p.matches("t_12"));
    }

    @Test
    void characterClassIsPerCharacterNotANumericRange() {
        // DM's documented pitfall: [0-63] is the set {0..6, 3}, so t_10 does not match.
        NamePattern p = NamePattern.wildcard("t_[0-63]", true);
        assertTrue(p.matches("t_6"));
        assertFalse(p.matches("t_7"));
        assertFalse(p.matches("t_10"));
    }

    @Test
    void negatedClassAndUnclosedBracket() {
        NamePattern neg = NamePattern.wildcard("t[!ab]", true);
        assertTrue(neg.matches("tc"));
        assertFalse(neg.matches("ta"));
        NamePattern bang = NamePattern.wildcard("t[!]", true);
        assertTrue(bang.matches("t!"));
        NamePattern open = NamePattern.wildcard("a[b", true);
        assertTrue(open.matches("a[b"));
        assertFalse(open.matches("ab"));
    }

    @Test
    void regexMetacharactersInNamesAreLiteral() {
        NamePattern p = NamePattern.wildcard("a.b$*", true);
        assertTrue(p.matches("a.b$c"));
        assertFalse(p.matches("axb$c"));
    }

    @Test
    void caseRule() {
        assertTrue(NamePattern.wildcard("Shard_*", false).matches("SHARD_1"));
        assertFalse(NamePattern.wildcard("Shard_*", true).matches("SHARD_1"));
        assertTrue(NamePattern.wildcard("Logs", false).matches("logs"));
        assertFalse(NamePattern.wildcard("Logs", true).matches("logs"));
    }

    @Test
    void blockAllowRegexIsSearchedNotAnchored() {
        NamePattern anchored = NamePattern.blockAllowValue("~^test.*", false);
        assertTrue(anchored.matches("TEST_1"));
        assertFalse(anchored.matches("my_test"));
        NamePattern loose = NamePattern.blockAllowValue("~test", true);
        assertTrue(loose.matches("my_test_db"));
        NamePattern literal = NamePattern.blockAllowValue("test", true);
        assertFalse(literal.matches("my_test_db"));
    }

    @Test
    void badRegexIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamePattern.blockAllowValue("~(unclosed", false));
        assertTrue(e.getMessage().contains("(unclosed"));
        assertEquals("t_*", NamePattern.wildcard("t_*", false).text());
    }
}
