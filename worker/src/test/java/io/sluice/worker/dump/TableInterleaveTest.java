package io.sluice.worker.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableInterleaveTest {
    private record Chunk(String table, long rows) {
    }

    @Test
    void takesOneChunkOfEachTableInTurnBiggestTableFirst() {
        List<Chunk> planned = List.of(new Chunk("a", 10), new Chunk("a", 10), new Chunk("b", 10), new Chunk("b", 10),
                new Chunk("b", 10), new Chunk("c", 5));
        List<Chunk> ordered = TableInterleave.order(planned, Chunk::table, Chunk::rows);
        assertEquals(List.of("b", "a", "c", "b", "a", "b"), ordered.stream().map(Chunk::table).toList());
        assertEquals(planned.size(), ordered.size());
    }

    @Test
    void keepsEachTablesChunksInTheirPlannedOrder() {
        List<Chunk> planned = List.of(new Chunk("a", 3), new Chunk("a", 2), new Chunk("a", 1));
        assertEquals(planned, TableInterleave.order(planned, Chunk::table, Chunk::rows));
    }
}
