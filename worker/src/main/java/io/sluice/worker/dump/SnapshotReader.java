package io.sluice.worker.dump;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.binlog.BinlogStatusStatement;
import io.sluice.common.config.DbConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.errors.SluiceException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the dump's connections (lanes) on the source and tells, for each, the binlog position its
 * reads are consistent with, as the task's {@code consistency} asks:
 *
 * <ul>
 *   <li>{@code flush}: FLUSH TABLES WITH READ LOCK only while the position is read and one
 *       snapshot transaction per lane is opened; every lane has the same position. Refused → error.
 *   <li>{@code snapshot}: no global lock. On MariaDB each lane opens its own snapshot and reads that
 *       snapshot's own position ({@code binlog_snapshot_file/position}); lanes differ, which the
 *       per-chunk positions of the load checkpoint and the safe-mode replay absorb. MySQL has no
 *       such status: error.
 *   <li>{@code auto}: flush if allowed, else snapshot.
 *   <li>{@code lock}: LOCK TABLES … READ on the dumped tables for the whole dump.
 *   <li>{@code none}: no lock, no snapshot; rows are read anywhere between the position before the
 *       first read and the one after the last, so sync replays that window in safe mode. Tables
 *       without a key cannot be made exact this way.
 * </ul>
 */
final class SnapshotReader {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReader.class);

    private SnapshotReader() {
    }

    /** One dump connection and the position its reads are consistent with. */
    record Lane(Connection connection, BinlogPosition start) {
    }

    /** The lanes; closing them ends the transactions, releases a table lock and closes the connections. */
    static final class Snapshot implements AutoCloseable {
        private final List<Lane> lanes;
        private final Connection lockHolder;
        private final String consistency;
        private final DbConfig from;
        private final boolean mariadb;

        private Snapshot(List<Lane> lanes, Connection lockHolder, String consistency, DbConfig from, boolean mariadb) {
            this.lanes = lanes;
            this.lockHolder = lockHolder;
            this.consistency = consistency;
            this.from = from;
            this.mariadb = mariadb;
        }

        List<Lane> lanes() {
            return lanes;
        }

        String consistency() {
            return consistency;
        }

        BinlogPosition earliest() {
            return lanes.stream().map(Lane::start).min(BinlogPosition::compareTo).orElse(BinlogPosition.EMPTY);
        }

        /**
         * Where a replay of the rows lane {@code l} just read may leave safe mode: its own start
         * for a real snapshot; without one, the source's position now (call as soon as those
         * reads are done, so a chunk loaded before the dump ends has its own bound).
         */
        BinlogPosition safeUntil(Lane l) {
            return consistency.equals("none") ? endOfReads() : l.start();
        }

        /** The source's position now (for consistency none, after the last read). */
        BinlogPosition endOfReads() {
            if (!consistency.equals("none")) {
                return earliest();
            }
            try (Connection c = DbConnector.open(from)) {
                return masterStatus(c, mariadb);
            } catch (SQLException e) {
                throw DumpLoadErrors.DUMP_SNAPSHOT.wrap(e);
            }
        }

        @Override
        public void close() {
            List<Connection> all = new ArrayList<>();
            lanes.forEach(l -> all.add(l.connection()));
            if (lockHolder != null) {
                all.add(lockHolder); // closing the session releases LOCK TABLES
            }
            closeAll(all);
        }
    }

    static Snapshot take(DbConfig from, String consistency, int threads, List<SourceTable> tables, String logTags) {
        List<Connection> opened = new ArrayList<>();
        int lanes = Math.max(1, threads);
        try {
            Connection first = DbConnector.open(from);
            opened.add(first);
            boolean mariadb = scalar(first, "SELECT VERSION()").contains("MariaDB");
            Snapshot snap = switch (consistency) {
                case "flush", "auto" -> {
                    boolean locked = flushWithReadLock(first, consistency, logTags);
                    if (!locked && !mariadb) {
                        throw DumpLoadErrors.DUMP_SNAPSHOT.error(); // MySQL has no lock-free way to a position
                    }
                    yield locked ? flushed(from, first, lanes, mariadb, opened) : perLaneSnapshots(from, lanes, mariadb, opened);
                }
                case "snapshot" -> {
                    if (!mariadb) {
                        throw DumpLoadErrors.DUMP_CONSISTENCY.error("snapshot",
                                "only MariaDB reports a snapshot's own binlog position; use flush or lock on MySQL");
                    }
                    yield perLaneSnapshots(from, lanes, mariadb, opened);
                }
                case "lock" -> locked(from, first, lanes, tables, mariadb, opened);
                case "none" -> unlocked(from, lanes, mariadb, opened);
                default -> throw DumpLoadErrors.DUMP_CONSISTENCY.error(consistency, "unknown consistency");
            };
            if (snap.lockHolder != first) {
                opened.remove(first);
                first.close();
            }
            LOG.info("snapshot taken {} consistency={} lanes={} earliest={} gtid={} positions={}", logTags, consistency,
                    snap.lanes.size(), snap.earliest(), snap.earliest().gtidSet(),
                    snap.lanes.stream().map(l -> l.start().toString()).distinct().collect(Collectors.joining(";")));
            return snap;
        } catch (SQLException | RuntimeException e) {
            closeAll(opened);
            throw e instanceof SluiceException se ? se : DumpLoadErrors.DUMP_SNAPSHOT.wrap(e);
        }
    }

    private static boolean flushWithReadLock(Connection c, String consistency, String logTags) {
        try (Statement st = c.createStatement()) {
            st.execute("FLUSH TABLES WITH READ LOCK");
            return true;
        } catch (SQLException denied) {
            if (consistency.equals("flush")) {
                throw DumpLoadErrors.DUMP_CONSISTENCY.wrap(denied, "flush",
                        "FLUSH TABLES WITH READ LOCK was refused (RELOAD privilege missing?)");
            }
            LOG.warn("FLUSH TABLES WITH READ LOCK refused, each dump connection takes its own snapshot {} error=\"{}\"",
                    logTags, denied.getMessage());
            return false;
        }
    }

    private static Snapshot flushed(DbConfig from, Connection lock, int lanes, boolean mariadb, List<Connection> opened)
            throws SQLException {
        BinlogPosition pos = masterStatus(lock, mariadb);
        List<Lane> out = openLanes(from, lanes, opened, c -> pos);
        try (Statement st = lock.createStatement()) {
            st.execute("UNLOCK TABLES");
        }
        return new Snapshot(out, null, "flush", from, mariadb);
    }

    private static Snapshot perLaneSnapshots(DbConfig from, int lanes, boolean mariadb, List<Connection> opened)
            throws SQLException {
        return new Snapshot(openLanes(from, lanes, opened, SnapshotReader::snapshotStatus), null, "snapshot", from, mariadb);
    }

    interface LanePosition {
        BinlogPosition of(Connection inSnapshot) throws SQLException;
    }

    /** Opens the dump connections, each in its own snapshot transaction, with the position it reads at. */
    private static List<Lane> openLanes(DbConfig from, int lanes, List<Connection> opened, LanePosition position)
            throws SQLException {
        List<Lane> out = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            Connection c = DbConnector.open(from);
            opened.add(c);
            beginSnapshot(c);
            out.add(new Lane(c, position.of(c)));
        }
        return out;
    }

    private static Snapshot locked(DbConfig from, Connection lock, int lanes, List<SourceTable> tables, boolean mariadb,
            List<Connection> opened) throws SQLException {
        if (!tables.isEmpty()) {
            try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLES " + tables.stream().map(t -> t.quoted() + " READ").collect(Collectors.joining(", ")));
            } catch (SQLException e) {
                throw DumpLoadErrors.DUMP_CONSISTENCY.wrap(e, "lock", "LOCK TABLES ... READ was refused (LOCK TABLES privilege missing?)");
            }
        }
        BinlogPosition pos = masterStatus(lock, mariadb);
        return new Snapshot(openLanes(from, lanes, opened, c -> pos), lock, "lock", from, mariadb);
    }

    private static Snapshot unlocked(DbConfig from, int lanes, boolean mariadb, List<Connection> opened) throws SQLException {
        Connection any = opened.get(0);
        BinlogPosition before = masterStatus(any, mariadb);
        List<Lane> out = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            Connection c = DbConnector.open(from);
            opened.add(c);
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION net_write_timeout = 3600, SESSION wait_timeout = 28800");
            }
            out.add(new Lane(c, before));
        }
        return new Snapshot(out, null, "none", from, mariadb);
    }

    private static void beginSnapshot(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            // long streamed reads must not be cut off while a slow disk catches up
            st.execute("SET SESSION net_write_timeout = 3600, SESSION wait_timeout = 28800");
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        }
    }

    /** MariaDB: the binlog position of this connection's snapshot, and the GTID set there. */
    private static BinlogPosition snapshotStatus(Connection c) throws SQLException {
        String file = null;
        long pos = 4;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
            while (rs.next()) {
                if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_file")) {
                    file = rs.getString(2);
                } else if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_position")) {
                    pos = Long.parseLong(rs.getString(2));
                }
            }
        }
        String gtid = "";
        if (file != null && !file.isEmpty()) {
            try (var ps = c.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
                ps.setString(1, file);
                ps.setLong(2, pos);
                try (ResultSet rs = ps.executeQuery()) {
                    gtid = rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
                }
            }
        }
        return new BinlogPosition(file, pos, gtid);
    }

    private static BinlogPosition masterStatus(Connection c, boolean mariadb) throws SQLException {
        String file = "";
        long pos = 4;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(BinlogStatusStatement.of(c))) {
            if (rs.next()) {
                file = rs.getString("File");
                pos = rs.getLong("Position");
            }
        }
        String gtid = scalar(c, mariadb ? "SELECT @@GLOBAL.gtid_binlog_pos" : "SELECT @@GLOBAL.gtid_executed");
        return new BinlogPosition(file, pos, gtid.replace("\n", ""));
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
        }
    }

    private static void closeAll(List<Connection> connections) {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // read-only sessions; nothing to lose
            }
        }
    }
}
