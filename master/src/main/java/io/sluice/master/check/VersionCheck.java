package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flavors and versions whose binlog and GTIDs Sluice reads: MariaDB from 10.1.2 and MySQL
 * from 5.6.0, as DM v5.3 supports. MySQL 8.0 was experimental in DM and later MySQL releases are
 * untested, so both only warn. A {@code flavor} in the source file that is not the server's
 * fails: GTID sets and binlog events are read the way the flavor says.
 */
final class VersionCheck implements CheckItem {
    private static final Pattern NUMBERS = Pattern.compile("^(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)\\.(\\d+)");
    private final SourceDb db;
    private final String configuredFlavor;

    VersionCheck(SourceDb db, String configuredFlavor) {
        this.db = db;
        this.configuredFlavor = configuredFlavor == null ? "" : configuredFlavor.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String item() {
        return CheckingItems.VERSION;
    }

    @Override
    public CheckResult check() throws SQLException {
        CheckResult r = new CheckResult("mysql_version", "check whether mysql version is satisfied", db.extra());
        String version = db.variable("version");
        Matcher m = version == null ? null : NUMBERS.matcher(version);
        if (m == null || !m.find()) {
            return r.fail("cannot read a version number from '" + version + "'", "Check that the source is MySQL or MariaDB.");
        }
        int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        String actual = db.isMariaDb() ? "mariadb" : "mysql";
        if (!configuredFlavor.isEmpty() && !configuredFlavor.equals(actual)) {
            r.fail("the source file says flavor " + configuredFlavor + " but the server is " + actual + " (" + version + ")",
                    "Set flavor: " + actual + " in the source file, or remove it to let Sluice detect the flavor.");
        }
        if (db.isMariaDb()) {
            if (below(v, 10, 1, 2)) {
                r.fail("version required at least 10.1.2 but got " + version, "Upgrade the MariaDB server to 10.1.2 or later.");
            }
        } else if (below(v, 5, 6, 0)) {
            r.fail("version required at least 5.6.0 but got " + version, "Upgrade the MySQL server to 5.6 or later.");
        } else if (!below(v, 8, 1, 0)) {
            r.warn("version " + version + " is newer than the MySQL versions Sluice is tested with (5.6 to 8.0)",
                    "Try the task on a copy first, or ignore this item with ignore-checking-items: [\"version\"].");
        } else if (!below(v, 8, 0, 0)) {
            r.warn("MySQL 8.0 (" + version + ") is supported experimentally, as in DM",
                    "Try the task on a copy first, or ignore this item with ignore-checking-items: [\"version\"].");
        }
        return r;
    }

    private static boolean below(int[] v, int major, int minor, int patch) {
        int[] min = {major, minor, patch};
        for (int i = 0; i < 3; i++) {
            if (v[i] != min[i]) {
                return v[i] < min[i];
            }
        }
        return false;
    }
}
