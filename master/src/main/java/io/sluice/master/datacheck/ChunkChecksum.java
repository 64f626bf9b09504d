package io.sluice.master.datacheck;

import io.sluice.common.filter.TableName;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checksum of the rows of one chunk, computed by the database so that rows never travel:
 * each row hashes to CRC32 over its column values, a NULL flag per column (CONCAT_WS skips NULLs,
 * so NULL and '' would otherwise hash alike) and each value's length (so a separator inside a
 * value cannot shift one value into the next). The chunk keeps the row count and the XOR of the
 * row hashes; a keyless table also the SUM, since XOR misses a pair of duplicate rows (they
 * cancel) and only a keyless table can hold duplicates. The SUM is not free: it doubles the
 * hashing (the server evaluates the expression once per aggregate, derived table or not; 2.6 s
 * against 1.1 s for 500,000 rows). All three combine across shards: the union of shard chunks is
 * the sum of counts, the XOR of XORs and the sum of sums.
 */
record ChunkChecksum(long rows, long xor, BigInteger sum) {
    static final ChunkChecksum EMPTY = new ChunkChecksum(0, 0, BigInteger.ZERO);

    ChunkChecksum plus(ChunkChecksum other) {
        return new ChunkChecksum(rows + other.rows, xor ^ other.xor, sum.add(other.sum));
    }

    @Override
    public String toString() {
        return Long.toHexString(xor) + "-" + sum.toString(16);
    }

    /** The checksum of {@code table}'s rows in {@code chunk}, over the target's {@code columns}; the SUM only {@code withSum}. */
    static ChunkChecksum of(Connection c, TableName table, List<String> columns, KeyChunk chunk, boolean withSum) throws SQLException {
        String hash = rowHash(columns);
        String sql = "SELECT COUNT(*), COALESCE(BIT_XOR(" + hash + "), 0), " + (withSum ? "COALESCE(SUM(" + hash + "), 0)" : "0")
                + " FROM " + table.quoted() + (chunk.isAll() ? "" : " WHERE " + chunk.condition());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            chunk.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ChunkChecksum(rs.getLong(1), new BigInteger(rs.getString(2)).longValue(), new BigInteger(rs.getString(3)));
            }
        }
    }

    static String rowHash(List<String> columns) {
        List<String> quoted = columns.stream().map(TableName::quote).toList();
        String values = String.join(", ", quoted);
        String nulls = quoted.stream().map(q -> "ISNULL(" + q + ")").collect(Collectors.joining(", "));
        String lengths = quoted.stream().map(q -> "LENGTH(" + q + ")").collect(Collectors.joining(", "));
        return "CRC32(CONCAT_WS(',', " + values + ", CONCAT(" + nulls + "), CONCAT_WS(',', " + lengths + ")))";
    }
}
