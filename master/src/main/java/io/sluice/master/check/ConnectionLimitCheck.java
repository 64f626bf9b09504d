package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import java.sql.SQLException;

/**
 * Whether the database still has room for the connections the task will open (dump threads,
 * binlog stream, load and sync writers). Counted against max_connections less the connections
 * open now, and against max_user_connections when that is set.
 */
final class ConnectionLimitCheck implements CheckItem {
    private final SourceDb db;
    private final int needed;
    private final String neededFor;

    ConnectionLimitCheck(SourceDb db, int needed, String neededFor) {
        this.db = db;
        this.needed = needed;
        this.neededFor = neededFor;
    }

    @Override
    public String item() {
        return CheckingItems.CONN_NUMBER;
    }

    @Override
    public CheckResult check() throws SQLException {
        CheckResult r = new CheckResult("connection number checker", "check the number of connections the task needs", db.extra());
        long max = Long.parseLong(db.variable("max_connections"));
        long open = Long.parseLong(db.status("Threads_connected"));
        String perUser = db.variable("max_user_connections");
        if (max - open < needed) {
            r.fail("the task needs " + needed + " connections (" + neededFor + ") but max_connections is " + max + " with " + open
                            + " open",
                    "Raise max_connections (SET GLOBAL max_connections = N), or lower the threads in mydumpers, loaders or syncers.");
        }
        if (perUser != null && Long.parseLong(perUser) > 0 && Long.parseLong(perUser) < needed) {
            r.fail("the task needs " + needed + " connections (" + neededFor + ") but max_user_connections is " + perUser,
                    "Raise max_user_connections, or lower the threads in mydumpers, loaders or syncers.");
        }
        return r;
    }
}
