package io.sluice.worker.sync;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Decodes the MySQL 5.6+ temporal formats (DATE, DATETIME2, TIME2, TIMESTAMP2; MariaDB writes
 * them too) straight to their SQL text, e.g. {@code -838:59:59.000000} or {@code 0000-00-00}.
 * The library turns them into epoch numbers, which cannot hold negative or >24h TIMEs nor zero
 * dates; text binds exactly into any target session (TIMESTAMP text is UTC, as our sessions are).
 */
public final class ExactTemporal {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private ExactTemporal() {
    }

    /** An event deserializer whose rows deserializers produce exact temporal text. */
    public static EventDeserializer eventDeserializer() {
        Map<Long, TableMapEventData> tableMaps = new HashMap<>();
        EventDeserializer d = new EventDeserializer(new EventHeaderV4Deserializer(), new NullEventDataDeserializer(),
                new IdentityHashMap<EventType, EventDataDeserializer>(), tableMaps);
        // That constructor registers nothing: take the library's stateless defaults for every
        // other event type, then replace the rows deserializers (which must share tableMaps).
        EventDeserializer defaults = new EventDeserializer();
        for (EventType type : EventType.values()) {
            d.setEventDataDeserializer(type, defaults.getEventDataDeserializer(type));
        }
        d.setEventDataDeserializer(EventType.WRITE_ROWS, new Write(tableMaps));
        d.setEventDataDeserializer(EventType.EXT_WRITE_ROWS, new Write(tableMaps).setMayContainExtraInformation(true));
        d.setEventDataDeserializer(EventType.UPDATE_ROWS, new Update(tableMaps));
        d.setEventDataDeserializer(EventType.EXT_UPDATE_ROWS, new Update(tableMaps).setMayContainExtraInformation(true));
        d.setEventDataDeserializer(EventType.DELETE_ROWS, new Delete(tableMaps));
        d.setEventDataDeserializer(EventType.EXT_DELETE_ROWS, new Delete(tableMaps).setMayContainExtraInformation(true));
        // Strings and binaries as raw bytes: the tracked charset decides how to read them.
        d.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        return d;
    }

    static String date(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(3);
        return String.format("%04d-%02d-%02d", v >>> 9, (v >>> 5) & 0xF, v & 0x1F);
    }

    static String datetime2(int fsp, ByteArrayInputStream in) throws IOException {
        long packed = bigEndian(in.read(5)) - 0x8000000000L;
        long ymd = packed >>> 17;
        long ym = ymd >>> 5;
        long hms = packed & 0x1FFFF;
        String s = String.format("%04d-%02d-%02d %02d:%02d:%02d", ym / 13, ym % 13, ymd & 0x1F,
                hms >>> 12, (hms >>> 6) & 0x3F, hms & 0x3F);
        return s + fraction(fsp, readFraction(fsp, in));
    }

    static String timestamp2(int fsp, ByteArrayInputStream in) throws IOException {
        long seconds = bigEndian(in.read(4));
        int micros = readFraction(fsp, in);
        String s = seconds == 0 ? "0000-00-00 00:00:00" : UTC.format(Instant.ofEpochSecond(seconds));
        return s + fraction(fsp, micros);
    }

    /** MySQL's my_time_packed_from_binary, then unpacked to [-]HHH:MM:SS[.ffffff]. */
    static String time2(int fsp, ByteArrayInputStream in) throws IOException {
        long packed;
        switch (fsp) {
            case 1, 2 -> {
                long intPart = bigEndian(in.read(3)) - 0x800000L;
                long frac = (byte) in.read(1)[0] & 0xFF;
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                packed = (intPart << 24) + frac * 10000;
            }
            case 3, 4 -> {
                long intPart = bigEndian(in.read(3)) - 0x800000L;
                long frac = bigEndian(in.read(2));
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                packed = (intPart << 24) + frac * 100;
            }
            case 5, 6 -> packed = bigEndian(in.read(6)) - 0x800000000000L;
            default -> packed = (bigEndian(in.read(3)) - 0x800000L) << 24;
        }
        boolean negative = packed < 0;
        long abs = Math.abs(packed);
        long hms = abs >>> 24;
        long micros = abs & 0xFFFFFF;
        String s = String.format("%s%02d:%02d:%02d", negative ? "-" : "", (hms >>> 12) & 0x3FF, (hms >>> 6) & 0x3F, hms & 0x3F);
        return s + fraction(fsp, (int) micros);
    }

    private static int readFraction(int fsp, ByteArrayInputStream in) throws IOException {
        int bytes = (fsp + 1) / 2;
        if (bytes == 0) {
            return 0;
        }
        long v = bigEndian(in.read(bytes));
        return (int) (v * (bytes == 1 ? 10000 : bytes == 2 ? 100 : 1));
    }

    private static String fraction(int fsp, int micros) {
        return fsp <= 0 ? "" : "." + String.format("%06d", micros).substring(0, fsp);
    }

    private static long bigEndian(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }

    private static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> maps) {
            super(maps);
        }

        @Override protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException { return date(in); }
        @Override protected Serializable deserializeDatetimeV2(int m, ByteArrayInputStream in) throws IOException { return datetime2(m, in); }
        @Override protected Serializable deserializeTimeV2(int m, ByteArrayInputStream in) throws IOException { return time2(m, in); }
        @Override protected Serializable deserializeTimestampV2(int m, ByteArrayInputStream in) throws IOException { return timestamp2(m, in); }
    }

    private static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> maps) {
            super(maps);
        }

        @Override protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException { return date(in); }
        @Override protected Serializable deserializeDatetimeV2(int m, ByteArrayInputStream in) throws IOException { return datetime2(m, in); }
        @Override protected Serializable deserializeTimeV2(int m, ByteArrayInputStream in) throws IOException { return time2(m, in); }
        @Override protected Serializable deserializeTimestampV2(int m, ByteArrayInputStream in) throws IOException { return timestamp2(m, in); }
    }

    private static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> maps) {
            super(maps);
        }

        @Override protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException { return date(in); }
        @Override protected Serializable deserializeDatetimeV2(int m, ByteArrayInputStream in) throws IOException { return datetime2(m, in); }
        @Override protected Serializable deserializeTimeV2(int m, ByteArrayInputStream in) throws IOException { return time2(m, in); }
        @Override protected Serializable deserializeTimestampV2(int m, ByteArrayInputStream in) throws IOException { return timestamp2(m, in); }
    }
}
