package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The source must have a server_id (a server with 0 refuses replicas; MariaDB 10.2+ turns 0
 * into 1 by itself), and the server-id Sluice registers with, when the source file sets one,
 * must not be one another replica of that server already uses: the server keeps one binlog
 * stream per replica id and drops the older connection whenever the other one connects.
 */
final class ServerIdCheck implements CheckItem {
    private final SourceDb db;
    private final long replicaServerId;

    ServerIdCheck(SourceDb db, long replicaServerId) {
        this.db = db;
        this.replicaServerId = replicaServerId;
    }

    @Override
    public String item() {
        return CheckingItems.SERVER_ID;
    }

    @Override
    public CheckResult check() throws SQLException {
        CheckResult r = new CheckResult("mysql_server_id", "check whether mysql server_id has been greater than 0", db.extra());
        String value = db.variable("server_id");
        if (value == null) {
            r.fail("server_id not set", "Set server-id in the server's config file to a number unique among the servers that replicate.");
        } else if (value.equals("0")) {
            r.fail("server_id is 0", "Set server_id to a number greater than 0 (SET GLOBAL server_id = N and in the config file).");
        }
        if (replicaServerId != 0) {
            String holder = replicaWith(replicaServerId);
            if (holder != null) {
                r.fail("server-id " + replicaServerId + " of the source config is already used by replica " + holder,
                        "Set another server-id in the source file, or remove it and let Sluice pick one.");
            }
        }
        return r;
    }

    /** The host of a replica registered with this id, or null; a user that may not list replicas sees none. */
    private String replicaWith(long id) {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE HOSTS")) {
            while (rs.next()) {
                if (rs.getLong("Server_id") == id) {
                    String host = rs.getString("Host");
                    return (host == null || host.isEmpty() ? "(no report-host)" : host) + ":" + rs.getString("Port");
                }
            }
            return null;
        } catch (SQLException e) {
            return null;
        }
    }
}
