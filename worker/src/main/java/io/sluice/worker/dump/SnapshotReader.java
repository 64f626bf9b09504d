package io.sluice.worker.dump;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.DbConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.DumpLoadErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a consistent snapshot of the source: a binlog position and connections whose
 * transactions all see the data exactly as of that position.
 *
 * <p>The usual way holds FLUSH TABLES WITH READ LOCK only while it reads the position and
 * opens one REPEATABLE READ snapshot transaction per dump thread, so every thread sees the
 * same instant. Where FTWRL is refused (no RELOAD privilege, managed services), MariaDB still
 * gives a consistent answer for a single connection: its {@code binlog_snapshot_file/position}
 * status variables are the position of that connection's snapshot; the dump then runs on one
 * thread.
 */
final class SnapshotReader {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReader.class);

    private SnapshotReader() {
    }

    /** The snapshot; closing it ends the transactions and closes the connections. */
    record Snapshot(BinlogPosition position, List<Connection> connections, boolean mariadb, boolean locked)
            implements AutoCloseable {
        @Override
        public void close() {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the snapshot is read-only; nothing to lose
                }
            }
        }
    }

    static Snapshot take(DbConfig from, int threads, String logTags) {
        List<Connection> opened = new ArrayList<>();
        try {
            Connection lock = DbConnector.open(from);
            opened.add(lock);
            boolean mariadb = scalar(lock, "SELECT VERSION()").contains("MariaDB");
            try (Statement st = lock.createStatement()) {
                st.execute("FLUSH TABLES WITH READ LOCK");
            } catch (SQLException denied) {
                LOG.warn("FLUSH TABLES WITH READ LOCK refused, dumping on one snapshot connection {} error=\"{}\"",
                        logTags, denied.getMessage());
                opened.remove(lock);
                lock.close();
                return unlocked(from, mariadb, opened);
            }
            BinlogPosition pos = masterStatus(lock, mariadb);
            List<Connection> workers = new ArrayList<>();
            for (int i = 0; i < Math.max(1, threads); i++) {
                Connection c = DbConnector.open(from);
                opened.add(c);
                beginSnapshot(c);
                workers.add(c);
            }
            try (Statement st = lock.createStatement()) {
                st.execute("UNLOCK TABLES");
            }
            opened.remove(lock);
            lock.close();
            LOG.info("snapshot taken {} binlog={} gtid={} threads={} locked=true", logTags, pos, pos.gtidSet(), workers.size());
            return new Snapshot(pos, workers, mariadb, true);
        } catch (SQLException | RuntimeException e) {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw e instanceof io.sluice.common.errors.SluiceException se ? se : DumpLoadErrors.DUMP_SNAPSHOT.wrap(e);
        }
    }

    private static Snapshot unlocked(DbConfig from, boolean mariadb, List<Connection> opened) throws SQLException {
        if (!mariadb) {
            throw DumpLoadErrors.DUMP_SNAPSHOT.error();
        }
        Connection c = DbConnector.open(from);
        opened.add(c);
        beginSnapshot(c);
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
        return new Snapshot(new BinlogPosition(file, pos, gtid), List.of(c), true, false);
    }

    private static void beginSnapshot(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            // long streamed reads must not be cut off while a slow disk catches up
            st.execute("SET SESSION net_write_timeout = 3600, SESSION wait_timeout = 28800");
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        }
    }

    private static BinlogPosition masterStatus(Connection c, boolean mariadb) throws SQLException {
        String file = "";
        long pos = 4;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
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
}
