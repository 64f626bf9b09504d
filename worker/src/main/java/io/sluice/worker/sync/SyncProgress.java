package io.sluice.worker.sync;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.binlog.BinlogStatusStatement;
import io.sluice.common.config.DbConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.proto.SyncStatus;
import io.sluice.worker.metrics.SyncMetrics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What query-status shows of the sync unit: event counts and rates, the upstream's latest
 * position (polled, since the binlog stream does not say how far behind it we are), the global
 * checkpoint, and the lag from the last event's upstream timestamp.
 */
final class SyncProgress {
    private final AtomicLong totalEvents = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private long recentEvents;
    private long recentNanos = System.nanoTime();
    private volatile long recentTps;
    private volatile BinlogPosition master;
    private volatile BinlogPosition checkpoint;
    private volatile BinlogPosition processed;
    private volatile long lastEventMillis;
    private volatile String binlogType = BinlogEventStream.REMOTE;
    private volatile SyncMetrics.Bound metrics;
    private long lastRateNanos;
    private long lastBytesRead;

    /** Where the master and syncer positions are also published; none until bound. */
    void bind(SyncMetrics.Bound m) {
        this.metrics = m;
    }

    void event(long upstreamMillis) {
        totalEvents.incrementAndGet();
        if (upstreamMillis > 0) {
            lastEventMillis = upstreamMillis;
        }
    }

    void processed(BinlogPosition p) {
        processed = p;
        SyncMetrics.Bound m = metrics;
        if (m != null) {
            m.syncer(p.file(), p.pos());
        }
    }

    /** query-status's binlogType: DM's "local" while the stream is the relay log, "remote" while it is the upstream. */
    void readingFrom(String type) {
        binlogType = type;
    }

    void checkpointed(BinlogPosition p) {
        checkpoint = p;
    }

    BinlogPosition processed() {
        return processed;
    }

    /** Reads the upstream's current position; also samples the recent rate. */
    void pollMaster(DbConfig from, boolean mariaDb) throws Exception {
        try (Connection c = DbConnector.open(from); Statement st = c.createStatement()) {
            String file = "";
            long pos = 0;
            String gtid = "";
            try (ResultSet rs = st.executeQuery(BinlogStatusStatement.of(c))) {
                if (rs.next()) {
                    file = rs.getString(1);
                    pos = rs.getLong(2);
                    if (!mariaDb && rs.getMetaData().getColumnCount() >= 5) {
                        gtid = rs.getString(5);
                    }
                }
            }
            if (mariaDb) {
                try (ResultSet rs = st.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
                    gtid = rs.next() ? rs.getString(1) : "";
                }
            }
            master = new BinlogPosition(file, pos, gtid == null ? "" : gtid.replace("\n", ""));
            SyncMetrics.Bound m = metrics;
            if (m != null) {
                m.master(file, pos);
                estimateRemaining(st, m, master, processed);
            }
        }
        synchronized (this) {
            long now = System.nanoTime();
            long events = totalEvents.get();
            double secs = (now - recentNanos) / 1e9;
            if (secs > 0) {
                recentTps = Math.round((events - recentEvents) / secs);
            }
            recentEvents = events;
            recentNanos = now;
        }
    }

    /**
     * DM's remaining time: the binlog bytes between the sync and the upstream's end, over the bytes
     * read per second since the last poll. Other files' sizes are read only when the sync is not
     * in the upstream's current file.
     */
    private void estimateRemaining(Statement st, SyncMetrics.Bound m, BinlogPosition upstream, BinlogPosition at)
            throws SQLException {
        long now = System.nanoTime();
        long read = m.bytesRead();
        double secs = (now - lastRateNanos) / 1e9;
        long bytesPerSec = lastRateNanos == 0 || secs <= 0 ? 0 : Math.round((read - lastBytesRead) / secs);
        lastRateNanos = now;
        lastBytesRead = read;
        if (at == null || upstream.file().isEmpty()) {
            return;
        }
        long behind;
        if (at.file().equals(upstream.file())) {
            behind = Math.max(0, upstream.pos() - at.pos());
        } else {
            behind = 0;
            try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    long size = rs.getLong(2);
                    int order = compareFiles(name, at.file());
                    if (order == 0) {
                        behind += Math.max(0, size - at.pos());
                    } else if (order > 0 && compareFiles(name, upstream.file()) < 0) {
                        behind += size;
                    } else if (name.equals(upstream.file())) {
                        behind += upstream.pos();
                    }
                }
            }
        }
        if (behind == 0) {
            m.remainingSeconds(0);
        } else if (bytesPerSec > 0) {
            m.remainingSeconds((double) behind / bytesPerSec);
        }
    }

    /** Binlog files of one server by their sequence number (the suffix), as MySQL names them. */
    private static int compareFiles(String a, String b) {
        return new BinlogPosition(a, 0, "").compareTo(new BinlogPosition(b, 0, ""));
    }

    BinlogPosition master() {
        return master;
    }

    /** Caught up: everything up to the upstream's last known position is read and written. */
    boolean caughtUp(boolean pipelineIdle) {
        BinlogPosition m = master;
        BinlogPosition p = processed;
        return pipelineIdle && m != null && p != null && p.compareTo(m) >= 0;
    }

    SyncStatus toStatus(boolean pipelineIdle) {
        long events = totalEvents.get();
        double secs = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        boolean synced = caughtUp(pipelineIdle);
        SyncStatus.Builder b = SyncStatus.newBuilder()
                .setTotalEvents(events)
                .setTotalTps(Math.round(events / secs))
                .setRecentTps(recentTps)
                .setBinlogType(binlogType)
                .setSynced(synced)
                .setSecondsBehindMaster(synced || lastEventMillis == 0 ? 0
                        : Math.max(0, (System.currentTimeMillis() - lastEventMillis) / 1000));
        BinlogPosition m = master;
        if (m != null) {
            b.setMasterBinlog(m.toString()).setMasterBinlogGtid(m.gtidSet());
        }
        BinlogPosition cp = checkpoint;
        if (cp != null) {
            b.setSyncerBinlog(cp.toString()).setSyncerBinlogGtid(cp.gtidSet());
        }
        return b.build();
    }
}
