package io.sluice.worker.relay;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.FormatDescriptionEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.RelayErrors;
import io.sluice.common.errors.SyncErrors;
import io.sluice.worker.sync.BinlogEventStream;
import io.sluice.worker.sync.ExactTemporal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the sync unit the events of the relay log from a position on, as {@code BinlogReader}
 * hands those of the upstream: first a rotate naming the start, then each event in order. It
 * follows the relay as it grows, into the next file after a rotate or stop event, and into the
 * next sub-directory once the relay moved to another upstream server.
 *
 * <p>Reads happen on the caller's thread: a relay file is local, so there is nothing to overlap.
 */
final class RelayLogReader implements BinlogEventStream {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLogReader.class);
    /** {@link #moveOn}'s answer when it opened the file a real rotate event named: read on. */
    private static final Event CONTINUE = new Event(null, null);

    private final RelayLog log;
    private final BinlogPosition from;
    private final String logTags;
    private final EventDeserializer deserializer = ExactTemporal.eventDeserializer();
    private final byte[] header = new byte[RawEventCapture.HEADER_LENGTH];
    private String subDir;
    private String file;
    private FileChannel in;
    private long offset;
    private Event pendingRotate;
    private String rotateTo;
    private final SeenTransactions seen;

    RelayLogReader(RelayLog log, BinlogPosition from, String logTags) {
        this.log = log;
        this.from = from;
        this.logTags = logTags;
        this.seen = new SeenTransactions(log.isMariaDb(), from.gtidSet());
    }

    @Override
    public void start() {
        // the file may be one the relay has not reached yet: poll() waits for it
        pendingRotate = rotate(from.file(), from.pos());
        LOG.info("relay reader starting {} from={} relayDir={}", logTags, from, log.directory().root());
    }

    @Override
    public Event poll(long millis) throws InterruptedException {
        if (pendingRotate != null) {
            Event r = pendingRotate;
            pendingRotate = null;
            return r;
        }
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            Event e;
            try {
                e = next();
            } catch (IOException ex) {
                throw SyncErrors.READ_BINLOG.wrap(ex, "relay " + subDir + "/" + file + ":" + offset);
            }
            if (e != null && !seen.pass(e)) {
                continue;
            }
            if (e != null) {
                return e;
            }
            if (log.isClosed()) {
                throw SyncErrors.READ_BINLOG.error("relay of source " + log.sourceId() + " (stopped)");
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            log.awaitGrowth(Math.min(left, 50));
        }
    }

    /** The next event, or null when the relay has nothing more yet. */
    private Event next() throws IOException {
        if (in == null && !openStart()) {
            return null;
        }
        while (true) {
            Event e = readEvent();
            if (e != null) {
                return e;
            }
            Event moved = moveOn();
            if (moved == null) {
                return null;
            }
            if (moved != CONTINUE) {
                return moved;
            }
        }
    }

    /** Finds the start file and skips to the start offset; false while the relay has not written it yet. */
    private boolean openStart() throws IOException {
        List<String> subDirs = log.directory().subDirs();
        for (int i = subDirs.size() - 1; i >= 0; i--) {
            if (Files.exists(log.directory().path(subDirs.get(i)).resolve(from.file()))) {
                open(subDirs.get(i), from.file());
                skipTo(from.pos());
                return true;
            }
        }
        if (!subDirs.isEmpty()) {
            List<String> files = log.directory().files(subDirs.get(subDirs.size() - 1));
            String first = relayStart(subDirs);
            if (first != null && RelayDirectory.compareBinlogNames(from.file(), first) < 0) {
                throw RelayErrors.NOT_IN_RELAY.error(log.sourceId(), from, "from " + first);
            }
            if (!files.isEmpty() && RelayDirectory.compareBinlogNames(from.file(), files.get(files.size() - 1)) < 0) {
                throw RelayErrors.NOT_IN_RELAY.error(log.sourceId(), from, "a later file " + files.get(files.size() - 1));
            }
        }
        return false;
    }

    private String relayStart(List<String> subDirs) {
        for (String s : subDirs) {
            List<String> files = log.directory().files(s);
            if (!files.isEmpty()) {
                return files.get(0);
            }
        }
        return null;
    }

    private void open(String sub, String name) throws IOException {
        close();
        subDir = sub;
        file = name;
        in = FileChannel.open(log.directory().path(sub).resolve(name), StandardOpenOption.READ);
        offset = RelayWriter.MAGIC.length;
        rotateTo = null;
        deserializer.setChecksumType(ChecksumType.NONE);
    }

    /** Reads events up to {@code pos} without handing them over; the format description sets the checksum. */
    private void skipTo(long pos) throws IOException {
        while (offset < pos) {
            if (readEvent() == null) {
                throw RelayErrors.NOT_IN_RELAY.error(log.sourceId(), from, file + " up to " + offset);
            }
        }
    }

    /** The event at {@link #offset} if it is wholly on disk, else null. */
    private Event readEvent() throws IOException {
        if (in.size() < offset + header.length) {
            return null;
        }
        ByteBuffer hb = ByteBuffer.wrap(header);
        in.read(hb, offset);
        long length = RawEventCapture.eventLength(header, 0);
        if (in.size() < offset + length) {
            return null;
        }
        byte[] bytes = new byte[(int) length];
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        while (bb.hasRemaining()) {
            if (in.read(bb, offset + bb.position()) < 0) {
                return null;
            }
        }
        Event e = deserializer.nextEvent(new ByteArrayInputStream(bytes));
        offset += length;
        EventHeaderV4 h = e.getHeader();
        if (h.getEventType() == EventType.FORMAT_DESCRIPTION) {
            FormatDescriptionEventData fd = e.getData();
            deserializer.setChecksumType(fd.getChecksumType());
        } else if (h.getEventType() == EventType.ROTATE) {
            rotateTo = ((RotateEventData) e.getData()).getBinlogFilename();
        }
        return e;
    }

    /**
     * At the end of the current file: the next file (a rotate event for the sync unit when the
     * file did not end with one), {@link #CONTINUE} after a real rotate, or null to wait.
     */
    private Event moveOn() throws IOException {
        if (rotateTo != null) {
            if (!Files.exists(log.directory().path(subDir).resolve(rotateTo))) {
                return nextSubDir();
            }
            open(subDir, rotateTo);
            return CONTINUE;
        }
        List<String> files = log.directory().files(subDir);
        int at = files.indexOf(file);
        if (at >= 0 && at + 1 < files.size()) {
            Event late = readEvent(); // written just before the relay created the next file
            if (late != null) {
                return late;
            }
            String next = files.get(at + 1);
            open(subDir, next);
            return rotate(next, RelayWriter.MAGIC.length);
        }
        return nextSubDir();
    }

    /** The first file of the next sub-directory once the relay moved there, else null. */
    private Event nextSubDir() throws IOException {
        List<String> subDirs = log.directory().subDirs();
        int at = subDirs.indexOf(subDir);
        if (at < 0 || at + 1 >= subDirs.size()) {
            return null;
        }
        Event late = readEvent();
        if (late != null) {
            return late;
        }
        String sub = subDirs.get(at + 1);
        List<String> files = log.directory().files(sub);
        if (files.isEmpty()) {
            return null;
        }
        LOG.info("relay reader switching sub-directory {} from={} to={} file={} droppedSoFar={}", logTags, subDir, sub, files.get(0),
                seen.dropped());
        open(sub, files.get(0));
        seen.serverChanged();
        return rotate(files.get(0), RelayWriter.MAGIC.length);
    }

    /** A rotate event as the server makes one up at the start of a stream (timestamp 0, next position 0). */
    private static Event rotate(String name, long pos) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(EventType.ROTATE);
        h.setTimestamp(0);
        h.setNextPosition(0);
        RotateEventData d = new RotateEventData();
        d.setBinlogFilename(name);
        d.setBinlogPosition(pos);
        return new Event(h, d);
    }

    @Override
    public int backlog() {
        return 0;
    }

    @Override
    public void close() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            in = null;
        }
    }

    @Override
    public String binlogType() {
        return LOCAL;
    }
}
