package io.sluice.worker.dump;

import io.sluice.common.filter.TableName;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a table into chunks by value ranges of its integer key, so several threads dump one
 * large table and the load unit gets files it can load (and checkpoint) independently. The
 * bounds are read inside the snapshot, so the ranges cover exactly the snapshot's rows; the
 * first and last ranges are open-ended all the same. A table without such a key is one chunk,
 * streamed into files rolled by size.
 */
final class ChunkPlanner {
    /** Rows per chunk when the task leaves {@code rows} at 0, as DM's default. */
    static final long DEFAULT_ROWS = 100_000;

    /** One range of one table; {@code where} is empty for the whole table. */
    record Chunk(SourceTable table, int seq, String where, boolean rollBySize) {
    }

    private final long rowsPerChunk;

    ChunkPlanner(long rowsPerChunk) {
        this.rowsPerChunk = rowsPerChunk > 0 ? rowsPerChunk : DEFAULT_ROWS;
    }

    List<Chunk> plan(Connection snapshot, SourceTable t) throws SQLException {
        if (t.splitColumn() == null) {
            return List.of(new Chunk(t, 0, "", true));
        }
        String col = TableName.quote(t.splitColumn());
        BigInteger min;
        BigInteger max;
        try (Statement st = snapshot.createStatement();
                ResultSet rs = st.executeQuery("SELECT MIN(" + col + "), MAX(" + col + ") FROM " + t.quoted())) {
            rs.next();
            if (rs.getString(1) == null) {
                return List.of(new Chunk(t, 0, "", false)); // empty table
            }
            min = new BigInteger(rs.getString(1));
            max = new BigInteger(rs.getString(2));
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger perChunk = BigInteger.valueOf(rowsPerChunk);
        long bySpan = span.add(perChunk).subtract(BigInteger.ONE).divide(perChunk).min(BigInteger.valueOf(Integer.MAX_VALUE)).longValue();
        // A sparse key (ids 1 and 10^15) must not become billions of empty ranges: the row
        // estimate bounds the count, with slack because estimates are rough.
        long byEstimate = Math.max(1, (2 * Math.max(t.estimatedRows(), rowsPerChunk) + rowsPerChunk - 1) / rowsPerChunk);
        int count = (int) Math.max(1, Math.min(bySpan, Math.min(byEstimate, 100_000)));
        if (count == 1) {
            return List.of(new Chunk(t, 0, "", false));
        }
        BigInteger width = span.add(BigInteger.valueOf(count - 1)).divide(BigInteger.valueOf(count));
        List<Chunk> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BigInteger lo = min.add(width.multiply(BigInteger.valueOf(i)));
            BigInteger hi = lo.add(width);
            String where;
            if (i == 0) {
                where = col + " < " + hi;
            } else if (i == count - 1) {
                where = col + " >= " + lo;
            } else {
                where = col + " >= " + lo + " AND " + col + " < " + hi;
            }
            chunks.add(new Chunk(t, i, where, false));
        }
        return chunks;
    }
}
