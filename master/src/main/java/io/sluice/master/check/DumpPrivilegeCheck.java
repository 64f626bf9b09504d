package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import io.sluice.common.config.DumperConfig;
import java.sql.SQLException;
import java.util.List;

/**
 * What the full copy needs of the source user: SELECT on every migrated table, RELOAD for the
 * short global read lock of consistency {@code flush} (and {@code auto} when it can take it),
 * LOCK TABLES for consistency {@code lock}.
 */
final class DumpPrivilegeCheck implements CheckItem {
    private static final int LISTED = 5;
    private final SourceDb db;
    private final DumperConfig dumper;
    private final TableSupplier tables;

    interface TableSupplier {
        List<UpstreamTable> get() throws SQLException;
    }

    DumpPrivilegeCheck(SourceDb db, DumperConfig dumper, TableSupplier tables) {
        this.db = db;
        this.dumper = dumper;
        this.tables = tables;
    }

    @Override
    public String item() {
        return CheckingItems.DUMP_PRIVILEGE;
    }

    @Override
    public CheckResult check() throws SQLException {
        CheckResult r = new CheckResult("source db dump privilege checker", "check dump privileges of source DB", db.extra());
        UserPrivileges p = db.privileges();
        String grant = "GRANT %s ON %s TO " + p.grantee();
        if (!p.hasGlobal("SELECT")) {
            List<UpstreamTable> visible = tables.get();
            List<String> missing = visible.stream().filter(t -> !p.has("SELECT", t.name())).map(t -> t.name().toString()).toList();
            if (visible.isEmpty()) {
                r.fail("lack of SELECT privilege: the user sees no table the task migrates",
                        "Run " + String.format(grant, "SELECT", "<schema>.*") + " for each migrated schema.");
            } else if (!missing.isEmpty()) {
                r.fail("lack of SELECT privilege on " + missing.size() + " table(s): " + shortList(missing),
                        "Run " + String.format(grant, "SELECT", "<schema>.*") + " for each migrated schema.");
            }
        }
        String consistency = dumper.consistency;
        if (consistency.equals("flush") && !p.hasGlobal("RELOAD")) {
            r.fail("lack of RELOAD privilege, which consistency flush needs for FLUSH TABLES WITH READ LOCK",
                    "Run " + String.format(grant, "RELOAD", "*.*") + ", or choose another consistency in mydumpers.");
        } else if (consistency.equals("auto") && !p.hasGlobal("RELOAD")) {
            if (db.isMariaDb()) {
                r.warn("lack of RELOAD privilege: consistency auto will use per-connection snapshots instead of a global read lock",
                        "Run " + String.format(grant, "RELOAD", "*.*") + " for one consistent position, or set consistency: snapshot.");
            } else {
                r.fail("lack of RELOAD privilege: consistency auto needs it on MySQL, which has no snapshot positions",
                        "Run " + String.format(grant, "RELOAD", "*.*") + ", or set consistency: none or lock.");
            }
        } else if (consistency.equals("lock") && !p.hasGlobal("LOCK TABLES")) {
            r.fail("lack of LOCK TABLES privilege, which consistency lock needs",
                    "Run " + String.format(grant, "LOCK TABLES", "*.*") + ", or choose another consistency in mydumpers.");
        }
        return r;
    }

    static String shortList(List<String> names) {
        return names.size() <= LISTED ? String.join(", ", names)
                : String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
    }
}
