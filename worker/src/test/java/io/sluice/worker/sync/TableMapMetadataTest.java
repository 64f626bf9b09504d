package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.sluice.worker.schema.TableInfo;
import io.sluice.worker.schema.TableInfo.Column;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MySQL 8's optional table map metadata ({@code binlog_row_metadata=FULL}), on table map events
 * built byte by byte as the server writes them and read by the binlog library's own deserializer.
 */
class TableMapMetadataTest {
    // binlog column type codes
    private static final int LONG = 3;
    private static final int LONGLONG = 8;
    private static final int YEAR = 13;
    private static final int VARCHAR = 15;
    private static final int NEWDECIMAL = 246;

    /** y YEAR, id BIGINT UNSIGNED, name VARCHAR(20), n INT UNSIGNED, d DECIMAL(10,2), s INT */
    private static final int[] TYPES = {YEAR, LONGLONG, VARCHAR, LONG, NEWDECIMAL, LONG};
    private static final byte[] TYPE_METADATA = {/* varchar max length 80 */ 80, 0, /* decimal precision, scale */ 10, 2};

    /** The tracker read the table's current definition, where an ALTER since made every column signed. */
    private static final TableInfo TRACKED = new TableInfo("db", "t", List.of(new Column("y", "year", false, "", -1),
            new Column("id", "bigint", false, "", -1), new Column("name", "varchar", false, "utf8mb4", 20),
            new Column("n", "int", false, "", -1), new Column("d", "decimal", false, "", -1), new Column("s", "int", false, "", -1)),
            List.of("id"), List.of(), "CREATE TABLE t (…)");

    @Test
    void signednessFromTheEventWinsOverTheTrackedShape() throws Exception {
        // the numeric columns in order: y, id, n, d, s (YEAR counts, as MariaDB writes it); unsigned: y, id and n
        TableMapEventData map = tableMap(signedness(true, true, true, false, false), columnNames("y", "id", "name", "n", "d", "s"));
        assertEquals(List.of("y", "id", "name", "n", "d", "s"), map.getEventMetadata().getColumnNames(), "the library read the block");

        TableInfo shape = new TableMapMetadata().apply(TRACKED, map);
        assertTrue(shape.columns().get(1).unsigned());
        assertTrue(shape.columns().get(3).unsigned());
        assertFalse(shape.columns().get(5).unsigned());
        assertFalse(shape.columns().get(2).unsigned(), "strings are not in the list");
        ValueConverter converter = new ValueConverter(false);
        assertEquals(new BigDecimal("18446744073709551615"), converter.convert(shape.columns().get(1), -1L));
        assertEquals(4294967295L, converter.convert(shape.columns().get(3), -1));
        assertEquals(-1, converter.convert(shape.columns().get(5), -1));
        assertEquals(List.of("id"), shape.identityKey(), "keys and the rest of the shape stay");
    }

    @Test
    void anUnsignedIntegerIsWidenedByTheWidthItWasWrittenWith() throws Exception {
        // written as INT UNSIGNED (binlog LONG); the tracker read the table after an ALTER to BIGINT
        TableInfo altered = new TableInfo("db", "t", List.of(new Column("y", "year", false, "", -1),
                new Column("id", "bigint", false, "", -1), new Column("name", "varchar", false, "utf8mb4", 20),
                new Column("n", "bigint", false, "", -1), new Column("d", "decimal", false, "", -1), new Column("s", "int", false, "", -1)),
                List.of("id"), List.of(), "CREATE TABLE t (…)");
        TableInfo shape = new TableMapMetadata().apply(altered, tableMap(signedness(false, false, true, false, false)));
        assertEquals("int", shape.columns().get(3).type());
        assertEquals(4294967295L, new ValueConverter(false).convert(shape.columns().get(3), -1));
        assertEquals("year", shape.columns().get(0).type(), "only integer types take the binlog's width");
    }

    @Test
    void theSameShapeIsHandedOutWhileTheEventsRepeat() throws Exception {
        TableMapMetadata metadata = new TableMapMetadata();
        TableInfo first = metadata.apply(TRACKED, tableMap(signedness(true, true, true, false, false)));
        assertSame(first, metadata.apply(TRACKED, tableMap(signedness(true, true, true, false, false))));
    }

    @Test
    void withoutMetadataOrWhenItAgreesTheTrackedShapeIsUsed() throws Exception {
        TableMapEventData minimal = tableMap();
        assertNull(minimal.getEventMetadata());
        assertSame(TRACKED, new TableMapMetadata().apply(TRACKED, minimal));
        assertSame(TRACKED, new TableMapMetadata().apply(TRACKED, tableMap(signedness(false, false, false, false, false))));
    }

    /** A TABLE_MAP event body: fixed part, columns, type metadata, null bitmap, then the optional TLV fields. */
    private static TableMapEventData tableMap(byte[]... optional) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {42, 0, 0, 0, 0, 0}); // table id
        b.write(new byte[] {1, 0}); // flags
        name(b, "db");
        name(b, "t");
        b.write(TYPES.length);
        for (int t : TYPES) {
            b.write(t);
        }
        b.write(TYPE_METADATA.length);
        b.write(TYPE_METADATA);
        b.write(0b0011_1111); // every column nullable
        for (byte[] field : optional) {
            b.write(field);
        }
        return new TableMapEventDataDeserializer().deserialize(new ByteArrayInputStream(b.toByteArray()));
    }

    private static void name(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(bytes.length);
        b.writeBytes(bytes);
        b.write(0);
    }

    /** Field 1 (SIGNEDNESS): one bit per numeric column, most significant bit first, set when unsigned. */
    private static byte[] signedness(boolean... unsigned) {
        byte[] bits = new byte[(unsigned.length + 7) / 8];
        for (int i = 0; i < unsigned.length; i++) {
            if (unsigned[i]) {
                bits[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        byte[] out = new byte[2 + bits.length];
        out[0] = 1;
        out[1] = (byte) bits.length;
        System.arraycopy(bits, 0, out, 2, bits.length);
        return out;
    }

    /** Field 4 (COLUMN_NAME): each name length-prefixed. */
    private static byte[] columnNames(String... names) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (String n : names) {
            byte[] bytes = n.getBytes(StandardCharsets.UTF_8);
            value.write(bytes.length);
            value.writeBytes(bytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(4);
        out.write(value.size());
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }
}
