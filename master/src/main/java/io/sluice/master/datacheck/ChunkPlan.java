package io.sluice.master.datacheck;

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
 * Splits a target table's key space into chunks of about {@code chunkSize} rows. The bounds come
 * from the target alone and every side (target and each shard) is checked over the same ranges;
 * the first range is open below and the last open above, so a row that exists only upstream
 * still falls into exactly one chunk.
 *
 * <ul>
 *   <li>One integer key column: ranges of equal width between the smallest and largest key of
 *       the target and the sources, as many as the target's rows need.
 *   <li>Any other key (strings, composite keys): the target's keys are read in order, and every
 *       {@code chunkSize}-th key becomes a bound.
 *   <li>No key: one chunk, the whole table (the SUM of row hashes still counts duplicates).
 * </ul>
 */
final class ChunkPlan {
    static final long DEFAULT_CHUNK_SIZE = 10_000;
    /** A sparse integer key must not become millions of empty chunks. */
    private static final long MAX_CHUNKS = 100_000;

    private ChunkPlan() {
    }

    static List<KeyChunk> plan(Connection target, TableName table, TableShape shape, List<Upstream> upstreams, long chunkSize)
            throws SQLException {
        if (shape.keyless()) {
            return List.of(KeyChunk.all());
        }
        List<List<Object>> bounds = shape.integerKey() ? integerBounds(target, table, shape, upstreams, chunkSize)
                : sampledBounds(target, table, shape, chunkSize);
        List<KeyChunk> chunks = new ArrayList<>(bounds.size() + 1);
        List<Object> lower = null;
        for (int i = 0; i <= bounds.size(); i++) {
            List<Object> upper = i < bounds.size() ? bounds.get(i) : null;
            chunks.add(new KeyChunk(shape.key(), lower, upper));
            lower = upper;
        }
        return chunks;
    }

    private static List<List<Object>> integerBounds(Connection target, TableName table, TableShape shape, List<Upstream> upstreams,
            long chunkSize) throws SQLException {
        String col = TableName.quote(shape.key().get(0));
        String sql = "SELECT MIN(" + col + "), MAX(" + col + "), COUNT(*) FROM ";
        BigInteger min = null;
        BigInteger max = null;
        long targetRows = 0;
        List<Object[]> sides = new ArrayList<>();
        sides.add(new Object[] {target, table});
        upstreams.forEach(u -> sides.add(new Object[] {u.connection(), u.table()}));
        for (Object[] side : sides) {
            try (Statement st = ((Connection) side[0]).createStatement();
                    ResultSet rs = st.executeQuery(sql + ((TableName) side[1]).quoted())) {
                rs.next();
                if (side[0] == target) {
                    targetRows = rs.getLong(3);
                }
                if (rs.getString(1) != null) {
                    BigInteger lo = new BigInteger(rs.getString(1));
                    BigInteger hi = new BigInteger(rs.getString(2));
                    min = min == null ? lo : min.min(lo);
                    max = max == null ? hi : max.max(hi);
                }
            }
        }
        if (min == null) {
            return List.of();
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        long byRows = Math.max(1, (targetRows + chunkSize - 1) / chunkSize);
        long count = span.min(BigInteger.valueOf(Math.min(byRows, MAX_CHUNKS))).longValue();
        BigInteger width = span.add(BigInteger.valueOf(count - 1)).divide(BigInteger.valueOf(count));
        List<List<Object>> bounds = new ArrayList<>();
        for (long i = 1; i < count; i++) {
            BigInteger bound = min.add(width.multiply(BigInteger.valueOf(i)));
            // a long where it fits, so the server compares integers and keeps its range scan on the key
            bounds.add(List.of(bound.bitLength() < 64 ? (Object) bound.longValueExact() : new java.math.BigDecimal(bound)));
        }
        return bounds;
    }

    private static List<List<Object>> sampledBounds(Connection target, TableName table, TableShape shape, long chunkSize)
            throws SQLException {
        String cols = shape.key().stream().map(TableName::quote).collect(Collectors.joining(", "));
        List<List<Object>> bounds = new ArrayList<>();
        try (Statement st = target.createStatement()) {
            st.setFetchSize(4096);
            try (ResultSet rs = st.executeQuery("SELECT " + cols + " FROM " + table.quoted() + " ORDER BY " + cols)) {
                long n = 0;
                while (rs.next()) {
                    if (n > 0 && n % chunkSize == 0 && bounds.size() < MAX_CHUNKS) {
                        List<Object> bound = new ArrayList<>(shape.key().size());
                        for (int i = 1; i <= shape.key().size(); i++) {
                            bound.add(rs.getObject(i));
                        }
                        bounds.add(bound);
                    }
                    n++;
                }
            }
        }
        return bounds;
    }
}
