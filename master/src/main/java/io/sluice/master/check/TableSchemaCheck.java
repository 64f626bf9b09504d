package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import io.sluice.common.db.MysqlCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether each migrated table can be copied faithfully: a table without a primary or unique key
 * can be migrated, but a replayed range (safe mode after a restart) may duplicate its rows, so it
 * warns; a foreign key warns because rows are applied in parallel, not in the source's order; a
 * character set the binlog decoder has no Java charset for fails, since its text would be read
 * as UTF-8 and corrupted.
 */
final class TableSchemaCheck implements CheckItem {
    private final SourceDb db;
    private final DumpPrivilegeCheck.TableSupplier tables;

    TableSchemaCheck(SourceDb db, DumpPrivilegeCheck.TableSupplier tables) {
        this.db = db;
        this.tables = tables;
    }

    @Override
    public String item() {
        return CheckingItems.TABLE_SCHEMA;
    }

    @Override
    public CheckResult check() throws SQLException {
        CheckResult r = new CheckResult("table structure compatibility check", "check compatibility of table structure", db.extra());
        List<String> keyless = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (UpstreamTable t : tables.get()) {
            if (t.uniqueKeys().isEmpty()) {
                keyless.add(t.name().toString());
            }
            if (t.hasForeignKey()) {
                foreign.add(t.name().toString());
            }
            for (String cs : t.charsets()) {
                if (!decodable(cs)) {
                    r.fail("table " + t.name() + " uses character set " + cs + ", which Sluice cannot decode from the binlog",
                            "Convert the table to utf8mb4 (ALTER TABLE … CONVERT TO CHARACTER SET utf8mb4), or leave it out of the block-allow list.");
                }
            }
        }
        if (!keyless.isEmpty()) {
            r.warn("table(s) without primary key or unique key: " + DumpPrivilegeCheck.shortList(keyless),
                    "Add a primary key or a unique key: without one, rows replayed after a restart may be duplicated downstream.");
        }
        if (!foreign.isEmpty()) {
            r.warn("table(s) with foreign keys: " + DumpPrivilegeCheck.shortList(foreign),
                    "Rows are applied in parallel: disable foreign key checks for the target user (session: foreign_key_checks: 0) or drop the keys downstream.");
        }
        return r;
    }

    static boolean decodable(String mysqlCharset) {
        return MysqlCharsets.decoder(mysqlCharset).isPresent();
    }
}
