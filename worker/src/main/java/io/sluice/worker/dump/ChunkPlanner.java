package io.sluice.worker.dump;

import io.sluice.common.filter.TableName;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Splits a table into chunks, each a key range the load unit loads (and checkpoints) as one
 * transaction. Only rows outside the ranges already loaded are planned, so a dump taken again
 * after a failover dumps the complement and nothing twice.
 *
 * <ul>
 *   <li>One integer key column: ranges of equal width between MIN and MAX, read in the snapshot.
 *   <li>Any other key (strings, composite keys): the key is read in order once, and every
 *       {@code rows}-th key becomes a bound, so chunks hold about {@code rows} rows each.
 *   <li>No key: one chunk, streamed into files rolled by size and loaded all together.
 * </ul>
 * The first range is open below and the last open above, so rows inserted later still belong to
 * exactly one range of the plan.
 */
final class ChunkPlanner {
    /** Rows per chunk when the task leaves {@code rows} at 0, as DM's default. */
    static final long DEFAULT_ROWS = 100_000;

    /**
     * One chunk: the rows of {@code range} outside the {@code excluded} ranges (loaded before).
     * {@code seq} numbers its first data file; chunks of one table never share a number across
     * dumps, so the number names the chunk in the load checkpoint.
     */
    record Chunk(SourceTable table, int seq, KeyRange range, List<KeyRange> excluded, boolean rollBySize) {
        String id() {
            return DumpLayout.dataFile(table.schema(), table.name(), seq);
        }

        /** The WHERE condition, empty for the whole table. */
        String where() {
            List<String> parts = new ArrayList<>(2);
            if (!range.isAll()) {
                parts.add(range.predicate(table.keyColumns()));
            }
            String rest = KeyRange.outside(excluded, table.keyColumns());
            if (!rest.isEmpty()) {
                parts.add(rest);
            }
            return String.join(" AND ", parts);
        }
    }

    private final long rowsPerChunk;

    ChunkPlanner(long rowsPerChunk) {
        this.rowsPerChunk = rowsPerChunk > 0 ? rowsPerChunk : DEFAULT_ROWS;
    }

    /**
     * @param loaded   the ranges of this table already loaded (by any dump)
     * @param firstSeq the first free file number for this table
     * @return the chunks still to dump; empty when the loaded ranges cover the table
     */
    List<Chunk> plan(Connection snapshot, SourceTable t, List<KeyRange> loaded, int firstSeq) throws SQLException {
        if (t.keyless()) {
            // all or nothing: a keyless table has one chunk ever, so loaded means complete
            return loaded.isEmpty() ? List.of(new Chunk(t, firstSeq, KeyRange.ALL, List.of(), true)) : List.of();
        }
        List<KeyRange> excluded = t.integerKey() ? KeyRange.mergeIntegers(loaded) : List.copyOf(loaded);
        if (excluded.contains(KeyRange.ALL) || (!t.integerKey() && KeyRange.coverAll(excluded))) {
            return List.of();
        }
        List<List<String>> bounds = t.integerKey() ? integerBounds(snapshot, t, excluded) : sampledBounds(snapshot, t, excluded);
        List<Chunk> chunks = new ArrayList<>(bounds.size() + 1);
        List<String> lo = null;
        for (int i = 0; i <= bounds.size(); i++) {
            List<String> hi = i < bounds.size() ? bounds.get(i) : null;
            chunks.add(new Chunk(t, firstSeq + i, new KeyRange(lo, hi), excluded, false));
            lo = hi;
        }
        return chunks;
    }

    private List<List<String>> integerBounds(Connection snapshot, SourceTable t, List<KeyRange> excluded) throws SQLException {
        String col = TableName.quote(t.keyColumns().get(0));
        String rest = KeyRange.outside(excluded, t.keyColumns());
        BigInteger min;
        BigInteger max;
        try (Statement st = snapshot.createStatement(); ResultSet rs = st.executeQuery("SELECT MIN(" + col + "), MAX(" + col
                + ") FROM " + t.quoted() + (rest.isEmpty() ? "" : " WHERE " + rest))) {
            rs.next();
            if (rs.getString(1) == null) {
                return List.of(); // nothing left: one empty chunk still records the table as done
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
        BigInteger width = span.add(BigInteger.valueOf(count - 1)).divide(BigInteger.valueOf(count));
        List<List<String>> bounds = new ArrayList<>(count - 1);
        for (int i = 1; i < count; i++) {
            bounds.add(List.of(min.add(width.multiply(BigInteger.valueOf(i))).toString()));
        }
        return bounds;
    }

    /** Every {@code rows}-th key of the rows left, read in key order inside the snapshot. */
    private List<List<String>> sampledBounds(Connection snapshot, SourceTable t, List<KeyRange> excluded) throws SQLException {
        String cols = t.keyColumns().stream().map(TableName::quote).collect(Collectors.joining(", "));
        String rest = KeyRange.outside(excluded, t.keyColumns());
        List<List<String>> bounds = new ArrayList<>();
        try (Statement st = snapshot.createStatement()) {
            st.setFetchSize(4096);
            try (ResultSet rs = st.executeQuery("SELECT " + cols + " FROM " + t.quoted() + (rest.isEmpty() ? "" : " WHERE " + rest)
                    + " ORDER BY " + cols)) {
                long n = 0;
                while (rs.next()) {
                    n++;
                    if (n > rowsPerChunk && (n - 1) % rowsPerChunk == 0) {
                        List<String> bound = new ArrayList<>(t.keyColumns().size());
                        for (int i = 0; i < t.keyColumns().size(); i++) {
                            bound.add(literal(rs, i + 1, t.binaryColumn(t.keyColumns().get(i))));
                        }
                        bounds.add(bound);
                    }
                }
            }
        }
        return bounds;
    }

    /** The column's value as a SQL literal the server compares exactly: hex for binary columns. */
    private static String literal(ResultSet rs, int col, boolean binary) throws SQLException {
        if (binary) {
            byte[] b = rs.getBytes(col);
            StringBuilder sb = new StringBuilder(2 + 2 * b.length).append(b.length == 0 ? "''" : "0x");
            for (byte x : b) {
                sb.append(String.format("%02X", x));
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder("'");
        DataFileFormat.appendEscaped(sb, rs.getString(col));
        return sb.append('\'').toString();
    }
}
