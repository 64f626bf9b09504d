package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import java.sql.SQLException;

/** The source must write a binlog, or there is nothing to stream after the full copy. */
final class BinlogEnableCheck implements CheckItem {
    private final SourceDb db;

    BinlogEnableCheck(SourceDb db) {
        this.db = db;
    }

    @Override
    public String item() {
        return CheckingItems.BINLOG_ENABLE;
    }

    @Override
    public CheckResult check() throws SQLException {
        CheckResult r = new CheckResult("mysql_binlog_enable", "check whether mysql binlog is enabled", db.extra());
        String value = db.variable("log_bin");
        if (!"ON".equalsIgnoreCase(value) && !"1".equals(value)) {
            r.fail("log_bin is " + value + ", and should be ON",
                    "Start the server with log-bin (and a server-id), then restart it; the binlog cannot be turned on at runtime.");
        }
        return r;
    }
}
