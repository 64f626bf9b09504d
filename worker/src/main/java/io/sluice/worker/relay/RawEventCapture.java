package io.sluice.worker.relay;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * Keeps each event's raw bytes while the binlog library decodes it.
 *
 * <p>The library hands its deserializer a stream positioned at an event (the socket for normal
 * packets, a buffer for packets split over 16 MB). The event header carries the event's full
 * length at byte 9, so reading the 19-byte header and then the rest gives the exact bytes the
 * upstream wrote, checksum included; the library then decodes a copy of them. This costs one
 * array copy per event and needs nothing from the library beyond its public deserializer API.
 *
 * <p>The relay only needs a few event bodies (rotate, format description, GTIDs, query, XID);
 * every other body is skipped undecoded.
 */
final class RawEventCapture extends EventDeserializer {
    static final int HEADER_LENGTH = 19;
    private static final EventType[] DECODED = {EventType.ROTATE, EventType.FORMAT_DESCRIPTION, EventType.GTID,
        EventType.MARIADB_GTID, EventType.MARIADB_GTID_LIST, EventType.QUERY, EventType.XID, EventType.STOP};

    private volatile ChecksumType checksum = ChecksumType.NONE;
    private byte[] lastBytes;

    RawEventCapture() {
        NullEventDataDeserializer skip = new NullEventDataDeserializer();
        EventDeserializer defaults = new EventDeserializer();
        for (EventType type : EventType.values()) {
            setEventDataDeserializer(type, skip);
        }
        for (EventType type : DECODED) {
            setEventDataDeserializer(type, defaults.getEventDataDeserializer(type));
        }
    }

    @Override
    public void setChecksumType(ChecksumType checksumType) {
        super.setChecksumType(checksumType);
        this.checksum = checksumType;
    }

    ChecksumType checksum() {
        return checksum;
    }

    @Override
    public Event nextEvent(ByteArrayInputStream in) throws IOException {
        if (in.peek() == -1) {
            return null;
        }
        long started = System.nanoTime();
        byte[] header = in.read(HEADER_LENGTH);
        long length = eventLength(header, 0);
        if (length < HEADER_LENGTH || length > Integer.MAX_VALUE) {
            throw new IOException("bad binlog event length " + length);
        }
        byte[] bytes = new byte[(int) length];
        System.arraycopy(header, 0, bytes, 0, HEADER_LENGTH);
        in.fill(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH);
        lastBytes = bytes;
        RelayMetrics.READ_DURATION.observe((System.nanoTime() - started) / 1e9);
        return super.nextEvent(new ByteArrayInputStream(bytes));
    }

    /** The raw bytes of the event {@link #nextEvent} returned last (read on the same thread). */
    byte[] lastBytes() {
        return lastBytes;
    }

    static long eventLength(byte[] b, int off) {
        return (b[off + 9] & 0xFFL) | (b[off + 10] & 0xFFL) << 8 | (b[off + 11] & 0xFFL) << 16 | (b[off + 12] & 0xFFL) << 24;
    }

    /** Whether the event's CRC32 trailer matches its bytes (always true when the stream has no checksums). */
    static boolean checksumValid(byte[] bytes, ChecksumType checksum) {
        if (checksum != ChecksumType.CRC32 || bytes.length < HEADER_LENGTH + 4) {
            return true;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int n = bytes.length - 4;
        long stored = (bytes[n] & 0xFFL) | (bytes[n + 1] & 0xFFL) << 8 | (bytes[n + 2] & 0xFFL) << 16 | (bytes[n + 3] & 0xFFL) << 24;
        return crc.getValue() == stored;
    }
}
