package io.sluice.worker.relay;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidListEventData;
import com.github.shyiko.mysql.binlog.event.PreviousGtidSetEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.RelayErrors;
import io.sluice.worker.sync.ExecutedGtids;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends the events of one upstream server to the relay files of one sub-directory, at the
 * upstream's own file names and offsets, so a relay file is byte for byte the upstream's binlog
 * from the point the relay started (and {@code mysqlbinlog} reads it).
 *
 * <p>A transaction is buffered until its end and then written whole, so a relay file only ever
 * holds complete transactions: a reader never sees half of one that a reconnect would send again.
 * Events the server makes up for the stream (fake rotate, a re-sent format description,
 * heartbeats: all with a next position of 0 or not following the file) are not written.
 */
final class RelayWriter implements AutoCloseable {
    static final byte[] MAGIC = {(byte) 0xFE, 'b', 'i', 'n'};

    private final Path dir;
    private ExecutedGtids gtids;
    private FileChannel out;
    private String file = "";
    /** End of the last transaction written to {@link #file}. */
    private long pos;
    /** End of the last event accepted (buffered or written). */
    private long acceptedPos;
    private final ByteArrayOutputStream txn = new ByteArrayOutputStream();
    private boolean inTxn;
    private String pendingGtid;

    /** Opens {@code dir} to continue from {@code at} (its file is cut back to there: anything after was never in the meta). */
    RelayWriter(Path dir, BinlogPosition at, boolean mariaDb) {
        this.dir = dir;
        this.gtids = new ExecutedGtids(mariaDb, at.gtidSet());
        openFile(at.file(), at.pos());
    }

    private void openFile(String name, long at) {
        closeFile();
        Path f = dir.resolve(name);
        try {
            out = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (out.size() < MAGIC.length || at <= MAGIC.length) {
                out.truncate(0);
                out.write(ByteBuffer.wrap(MAGIC));
                at = MAGIC.length;
            } else if (out.size() > at) {
                out.truncate(at);
            } else if (out.size() < at) {
                throw RelayErrors.GAP_IN_STREAM.error(name, at, out.size());
            }
            out.position(at);
        } catch (IOException e) {
            throw RelayErrors.RELAY_IO.wrap(e, "open", f);
        }
        file = name;
        pos = at;
        acceptedPos = at;
        txn.reset();
        inTxn = false;
        pendingGtid = null;
    }

    /** Takes the next event of the stream; a fake rotate to another file starts that file. */
    void accept(RawEvent e, ChecksumType checksum) {
        EventType type = e.type();
        if (type == EventType.HEARTBEAT) {
            return;
        }
        if (type == EventType.ROTATE && e.nextPosition() == 0) {
            RotateEventData r = e.event().getData();
            if (!r.getBinlogFilename().equals(file)) {
                flushTransaction();
                openFile(r.getBinlogFilename(), r.getBinlogPosition());
            }
            return;
        }
        long next = e.nextPosition();
        if (next == 0 || next <= acceptedPos) {
            return; // made up by the server for this stream, or already here
        }
        if (next - e.bytes().length != acceptedPos) {
            throw RelayErrors.GAP_IN_STREAM.error(file, next - e.bytes().length, acceptedPos);
        }
        if (!RawEventCapture.checksumValid(e.bytes(), checksum)) {
            throw RelayErrors.CHECKSUM_MISMATCH.error(file, next - e.bytes().length);
        }
        txn.writeBytes(e.bytes());
        acceptedPos = next;
        switch (type) {
            case MARIADB_GTID -> {
                MariadbGtidEventData g = e.event().getData();
                pendingGtid = g.getDomainId() + "-" + e.header().getServerId() + "-" + g.getSequence();
                inTxn = true;
            }
            case GTID -> {
                GtidEventData g = e.event().getData();
                pendingGtid = g.getMySqlGtid().toString();
                inTxn = true;
            }
            case QUERY -> {
                QueryEventData q = e.event().getData();
                if (q.getSql().trim().equalsIgnoreCase("BEGIN")) {
                    inTxn = true;
                } else {
                    endTransaction();
                }
            }
            case XID -> endTransaction();
            case MARIADB_GTID_LIST -> {
                gtids = new ExecutedGtids(true, ((MariadbGtidListEventData) e.event().getData()).getMariaGTIDSet().toString());
                flushIfOutsideTransaction();
            }
            case PREVIOUS_GTIDS -> {
                gtids = new ExecutedGtids(false, ((PreviousGtidSetEventData) e.event().getData()).getGtidSet());
                flushIfOutsideTransaction();
            }
            case ROTATE -> {
                flushTransaction();
                RotateEventData r = e.event().getData();
                openFile(r.getBinlogFilename(), r.getBinlogPosition());
            }
            default -> flushIfOutsideTransaction();
        }
    }

    private void endTransaction() {
        if (pendingGtid != null) {
            gtids.add(pendingGtid);
            pendingGtid = null;
        }
        inTxn = false;
        flushTransaction();
    }

    private void flushIfOutsideTransaction() {
        if (!inTxn) {
            flushTransaction();
        }
    }

    private void flushTransaction() {
        if (txn.size() == 0) {
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(txn.toByteArray());
            while (b.hasRemaining()) {
                out.write(b);
            }
        } catch (IOException ex) {
            throw RelayErrors.RELAY_IO.wrap(ex, "write", dir.resolve(file));
        }
        txn.reset();
        pos = acceptedPos;
    }

    /** Where the relay stands: the end of the last whole transaction, and the GTID set up to it. */
    BinlogPosition position() {
        return new BinlogPosition(file, pos, gtids.toString());
    }

    /** Makes the files durable, then records the position in relay.meta. */
    void saveMeta() {
        try {
            if (out != null) {
                out.force(false);
            }
        } catch (IOException e) {
            throw RelayErrors.RELAY_IO.wrap(e, "sync", dir.resolve(file));
        }
        RelayMeta.of(position()).write(dir);
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            out = null;
        }
    }

    /** Drops a partly received transaction (its events come again after a reconnect), saves the meta, closes. */
    @Override
    public void close() {
        txn.reset();
        acceptedPos = pos;
        if (out != null) {
            saveMeta();
        }
        closeFile();
    }
}
