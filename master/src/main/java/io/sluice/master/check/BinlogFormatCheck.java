package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import java.sql.SQLException;

/** Only ROW events carry the changed rows; STATEMENT and MIXED would make the stream re-run SQL. */
final class BinlogFormatCheck implements CheckItem {
    private final SourceDb db;

    BinlogFormatCheck(SourceDb db) {
        this.db = db;
    }

    @Override
    public String item() {
        return CheckingItems.BINLOG_FORMAT;
    }

    @Override
    public CheckResult check() throws SQLException {
        CheckResult r = new CheckResult("mysql_binlog_format", "check whether mysql binlog_format is ROW", db.extra());
        String value = db.variable("binlog_format");
        if (!"ROW".equalsIgnoreCase(value)) {
            r.fail("binlog_format is " + value + ", and should be ROW",
                    "Run SET GLOBAL binlog_format = ROW and set binlog-format=ROW in the server's config file; sessions opened before keep the old format.");
        }
        return r;
    }
}
