package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import java.sql.SQLException;

/**
 * What reading the binlog as a replica needs: REPLICATION SLAVE to stream it, and REPLICATION
 * CLIENT (MariaDB 10.5+ calls it BINLOG MONITOR) for SHOW MASTER STATUS and SHOW BINARY LOGS.
 * The sync unit needs them when it streams; the relay unit needs the same, whatever the
 * task's mode, when the source enables relay.
 */
final class ReplicationPrivilegeCheck implements CheckItem {
    private final SourceDb db;
    private final boolean relay;

    ReplicationPrivilegeCheck(SourceDb db, boolean relay) {
        this.db = db;
        this.relay = relay;
    }

    @Override
    public String item() {
        return CheckingItems.REPLICATION_PRIVILEGE;
    }

    @Override
    public CheckResult check() throws SQLException {
        CheckResult r = relay
                ? new CheckResult("source db relay privilege checker", "check relay log privileges of source DB", db.extra())
                : new CheckResult("source db replication privilege checker", "check replication privileges of source DB", db.extra());
        UserPrivileges p = db.privileges();
        if (!p.hasGlobal("REPLICATION SLAVE")) {
            r.fail("lack of REPLICATION SLAVE privilege", "Run GRANT REPLICATION SLAVE ON *.* TO " + p.grantee() + ".");
        }
        if (!p.hasGlobal("REPLICATION CLIENT", "BINLOG MONITOR")) {
            r.fail("lack of REPLICATION CLIENT privilege", "Run GRANT REPLICATION CLIENT ON *.* TO " + p.grantee() + ".");
        }
        return r;
    }
}
