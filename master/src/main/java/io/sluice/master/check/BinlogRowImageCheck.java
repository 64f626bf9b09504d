package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import java.sql.SQLException;

/**
 * Row events must carry every column: with MINIMAL or NOBLOB images an UPDATE lacks the
 * columns it did not change, and the target row cannot be rebuilt. Servers before the variable
 * existed (MySQL 5.6.2, MariaDB 10.1.6) always log full rows.
 */
final class BinlogRowImageCheck implements CheckItem {
    private final SourceDb db;

    BinlogRowImageCheck(SourceDb db) {
        this.db = db;
    }

    @Override
    public String item() {
        return CheckingItems.BINLOG_ROW_IMAGE;
    }

    @Override
    public CheckResult check() throws SQLException {
        CheckResult r = new CheckResult("mysql_binlog_row_image", "check whether mysql binlog_row_image is FULL", db.extra());
        String value = db.variable("binlog_row_image");
        if (value != null && !"FULL".equalsIgnoreCase(value)) {
            r.fail("binlog_row_image is " + value + ", and should be FULL",
                    "Run SET GLOBAL binlog_row_image = FULL and set binlog-row-image=FULL in the server's config file.");
        }
        return r;
    }
}
