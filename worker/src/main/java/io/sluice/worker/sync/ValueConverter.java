package io.sluice.worker.sync;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import io.sluice.common.db.MysqlCharsets;
import io.sluice.worker.schema.TableInfo;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns binlog cell values into values JDBC binds exactly. The binlog carries no signedness,
 * charset or declared width, so each value is read with the tracked column: unsigned integers
 * are widened, strings decoded with their charset, BINARY(n) padded back to n bytes (the binlog
 * drops trailing zero bytes), MySQL binary JSON rendered as text. ENUM and SET stay numbers
 * (index and bitmask), which MySQL accepts both as values and in comparisons.
 */
final class ValueConverter {
    private final boolean mariaDb;
    /**
     * Java charsets by MySQL name, resolved once: every string value of a row asks, and the
     * tracker hands out the same few names. Only the pipeline thread converts.
     */
    private final Map<String, Charset> charsets = new HashMap<>();

    /** @param mariaDb MariaDB stores JSON as text; MySQL 5.7+ sends its binary JSON format */
    ValueConverter(boolean mariaDb) {
        this.mariaDb = mariaDb;
    }

    Object[] convertRow(TableInfo table, Serializable[] row) {
        Object[] out = new Object[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = convert(table.columns().get(i), row[i]);
        }
        return out;
    }

    Object convert(TableInfo.Column col, Serializable v) {
        if (v == null) {
            return null;
        }
        String type = col.type();
        if (v instanceof Integer i) {
            if (type.equals("year")) {
                // The library adds 1900 to the stored byte, so YEAR 0000 arrives as 1900.
                return i == 1900 ? 0 : i;
            }
            if (!col.unsigned()) {
                return i;
            }
            return switch (type) {
                case "tinyint" -> i & 0xFF;
                case "smallint" -> i & 0xFFFF;
                case "mediumint" -> i & 0xFFFFFF;
                default -> Integer.toUnsignedLong(i);
            };
        }
        if (v instanceof Long l) {
            if (col.unsigned() && l < 0 && !type.equals("set")) {
                return new BigDecimal(Long.toUnsignedString(l));
            }
            return l;
        }
        if (v instanceof BitSet bits) {
            long x = bits.isEmpty() ? 0 : bits.toLongArray()[0];
            return x >= 0 ? x : new BigDecimal(new BigInteger(Long.toUnsignedString(x)));
        }
        if (v instanceof byte[] bytes) {
            return bytes(col, bytes);
        }
        return v; // BigDecimal, Float, Double, and temporal text from ExactTemporal
    }

    private Object bytes(TableInfo.Column col, byte[] b) {
        String type = col.type();
        if (type.equals("json")) {
            if (mariaDb) {
                return new String(b, StandardCharsets.UTF_8);
            }
            try {
                return JsonBinary.parseAsString(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (col.isBinaryString()) {
            if (type.equals("binary") && col.length() > b.length) {
                return Arrays.copyOf(b, col.length());
            }
            return b;
        }
        if (isBinaryValued(type)) {
            // INET4/INET6/UUID are fixed-width like BINARY(n), and lose trailing zero bytes the same way
            int width = switch (type) {
                case "inet6", "uuid" -> 16;
                case "inet4" -> 4;
                default -> 0;
            };
            return b.length < width ? Arrays.copyOf(b, width) : b;
        }
        Charset cs = charsets.get(col.charset());
        if (cs == null) {
            cs = charset(col.charset());
            charsets.put(col.charset(), cs);
        }
        return new String(b, cs);
    }

    /**
     * Types whose row-image value is their binary storage form, which the column accepts back as
     * a binary string: spatial types (SRID + WKB), MariaDB's INET4/INET6 and UUID (10.7+).
     */
    private static boolean isBinaryValued(String type) {
        return switch (type) {
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                    "geometrycollection", "inet4", "inet6", "uuid" -> true;
            default -> false;
        };
    }

    static Charset charset(String mysqlCharset) {
        return MysqlCharsets.decoder(mysqlCharset).orElse(StandardCharsets.UTF_8);
    }
}
