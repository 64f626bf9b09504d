package io.sluice.master.datacheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyChunkTest {
    @Test
    void openBoundsLeaveOutTheirSideOfTheCondition() {
        KeyChunk first = new KeyChunk(List.of("id"), null, List.of(11));
        KeyChunk last = new KeyChunk(List.of("id"), List.of(91), null);
        assertEquals("`id` < ?", first.condition());
        assertEquals("`id` >= ?", last.condition());
        assertEquals("`id` < 11", first.describe());
        assertEquals("`id` >= 91", last.describe());
        assertTrue(KeyChunk.all().isAll());
        assertEquals("whole table", KeyChunk.all().describe());
    }

    @Test
    void aCompositeKeyComparesAsARowAndShowsItsValuesQuoted() {
        KeyChunk c = new KeyChunk(List.of("a", "b"), List.of(7, "p"), List.of(9, "it's"));
        assertEquals("(`a`, `b`) >= (?, ?) AND (`a`, `b`) < (?, ?)", c.condition());
        assertEquals("(`a`, `b`) >= (7, 'p') AND (`a`, `b`) < (9, 'it''s')", c.describe());
        assertEquals(List.of("0x00FF"), KeyChunk.shown(List.of(new byte[] {0, (byte) 0xff})));
    }

    @Test
    void shardChecksumsCombineIntoTheChecksumOfTheUnion() {
        ChunkChecksum a = new ChunkChecksum(2, 0b1010, BigInteger.valueOf(30));
        ChunkChecksum b = new ChunkChecksum(1, 0b0110, BigInteger.valueOf(6));
        assertEquals(new ChunkChecksum(3, 0b1100, BigInteger.valueOf(36)), ChunkChecksum.EMPTY.plus(a).plus(b));
    }

    @Test
    void theRowHashFlagsNullsAndLengthsSoNullEmptyAndSeparatorsDiffer() {
        String h = ChunkChecksum.rowHash(List.of("x", "y`z"));
        assertEquals("CRC32(CONCAT_WS(',', `x`, `y``z`, CONCAT(ISNULL(`x`), ISNULL(`y``z`)), CONCAT_WS(',', LENGTH(`x`), LENGTH(`y``z`))))", h);
    }
}
