package io.sluice.worker.relay;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.DbConfig;
import io.sluice.common.db.DbConnector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the relay asks the upstream before pulling: which server it is (a new one means a new
 * relay sub-directory), its flavor, and where its binlog ends now.
 *
 * <p>MySQL names itself by {@code @@server_uuid}; MariaDB has no server UUID, so its identity
 * is {@code <gtid_domain_id>-<server_id>}, which changes when a different server takes over.
 */
record UpstreamServer(String uuid, boolean mariaDb, BinlogPosition master) {

    static UpstreamServer inspect(DbConfig from) throws SQLException {
        try (Connection c = DbConnector.open(from); Statement st = c.createStatement()) {
            boolean mariaDb;
            try (ResultSet rs = st.executeQuery("SELECT VERSION()")) {
                rs.next();
                mariaDb = rs.getString(1).toLowerCase().contains("mariadb");
            }
            String uuid;
            if (mariaDb) {
                try (ResultSet rs = st.executeQuery("SELECT @@gtid_domain_id, @@server_id")) {
                    rs.next();
                    uuid = rs.getLong(1) + "-" + rs.getLong(2);
                }
            } else {
                try (ResultSet rs = st.executeQuery("SELECT @@server_uuid")) {
                    rs.next();
                    uuid = rs.getString(1);
                }
            }
            return new UpstreamServer(uuid, mariaDb, masterStatus(st, mariaDb));
        }
    }

    /** The upstream's current binlog end and executed GTID set; null when binlog is off. */
    static BinlogPosition masterStatus(Statement st, boolean mariaDb) throws SQLException {
        String file;
        long pos;
        String gtid = "";
        try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                return null;
            }
            file = rs.getString(1);
            pos = rs.getLong(2);
            if (!mariaDb && rs.getMetaData().getColumnCount() >= 5) {
                gtid = rs.getString(5) == null ? "" : rs.getString(5).replace("\n", "");
            }
        }
        if (mariaDb) {
            try (ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos")) {
                rs.next();
                gtid = rs.getString(1) == null ? "" : rs.getString(1);
            }
        }
        return new BinlogPosition(file, pos, gtid);
    }

    static BinlogPosition masterStatus(DbConfig from, boolean mariaDb) throws SQLException {
        try (Connection c = DbConnector.open(from); Statement st = c.createStatement()) {
            return masterStatus(st, mariaDb);
        }
    }
}
