package io.sluice.master.check;

import java.sql.SQLException;

/** One precheck. {@link #item()} is the DM name that {@code ignore-checking-items} turns it off with. */
interface CheckItem {
    String item();

    CheckResult check() throws SQLException;
}
