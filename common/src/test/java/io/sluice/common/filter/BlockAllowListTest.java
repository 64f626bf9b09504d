package io.sluice.common.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.BlockAllowRule;
import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockAllowListTest {
    static BlockAllowRule.TableRef ref(String db, String tbl) {
        BlockAllowRule.TableRef r = new BlockAllowRule.TableRef();
        r.dbName = db;
        r.tblName = tbl;
        return r;
    }

    @Test
    void doDbsLimitSchemasAndIgnoreDbsIsThenIgnored() {
        BlockAllowRule r = new BlockAllowRule();
        r.doDbs = List.of("app_*");
        r.ignoreDbs = List.of("app_tmp");
        BlockAllowList ba = BlockAllowList.compile("ba", r, false);
        assertTrue(ba.schemaAllowed("app_main"));
        // Only do-dbs counts when both are set, so app_tmp passes.
        assertTrue(ba.schemaAllowed("app_tmp"));
        assertFalse(ba.schemaAllowed("other"));
        assertFalse(ba.tableAllowed("other", "t"));
    }

    @Test
    void ignoreDbsAloneFiltersMatches() {
        BlockAllowRule r = new BlockAllowRule();
        r.ignoreDbs = List.of("~^tmp");
        BlockAllowList ba = BlockAllowList.compile("ba", r, false);
        assertFalse(ba.schemaAllowed("TMP_1"));
        assertFalse(ba.tableAllowed("tmp_1", "t"));
        assertTrue(ba.tableAllowed("keep", "t"));
    }

    @Test
    void doTablesMakeEveryOtherTableFiltered() {
        BlockAllowRule r = new BlockAllowRule();
        r.doTables = List.of(ref("shop", "order_*"));
        r.ignoreTables = List.of(ref("shop", "order_tmp"));
        BlockAllowList ba = BlockAllowList.compile("ba", r, false);
        assertTrue(ba.tableAllowed("shop", "order_1"));
        assertTrue(ba.tableAllowed("shop", "order_tmp"), "do-tables match wins over ignore-tables");
        assertFalse(ba.tableAllowed("shop", "customer"));
        assertFalse(ba.tableAllowed("other", "order_1"));
        // The schema as an object only goes through the schema step.
        assertTrue(ba.schemaAllowed("other"));
        assertTrue(ba.tableAllowed("other", ""));
    }

    @Test
    void ignoreTablesAloneFiltersMatchesOnly() {
        BlockAllowRule r = new BlockAllowRule();
        r.ignoreTables = List.of(ref("~.*", "~_bak$"));
        BlockAllowList ba = BlockAllowList.compile("ba", r, true);
        assertFalse(ba.tableAllowed("a", "t_bak"));
        assertTrue(ba.tableAllowed("a", "t_bak2"));
    }

    /** DM's documented example: logs, forum and forum_backup_* with do/ignore at both levels. */
    @Test
    void dmWorkedExample() {
        BlockAllowRule r = new BlockAllowRule();
        r.doDbs = List.of("forum_backup_2018", "forum");
        r.ignoreDbs = List.of("~^forum_backup_");
        r.doTables = List.of(ref("logs", "~_2018$"), ref("~^forum.*", "messages"));
        r.ignoreTables = List.of(ref("~.*", "~^messages.*"));
        BlockAllowList ba = BlockAllowList.compile("bw-rule", r, false);
        assertFalse(ba.tableAllowed("logs", "messages_2016"));
        assertFalse(ba.tableAllowed("logs", "messages_2018"), "logs is not in do-dbs");
        assertFalse(ba.tableAllowed("forum_backup_2016", "messages"));
        assertTrue(ba.tableAllowed("forum_backup_2018", "messages"));
        assertTrue(ba.tableAllowed("forum", "messages"));
        assertFalse(ba.tableAllowed("forum", "users"), "do-tables set and not matched");
    }

    @Test
    void invalidEntriesNameTheRule() {
        BlockAllowRule half = new BlockAllowRule();
        half.doTables = List.of(ref("db", ""));
        SluiceException e = assertThrows(SluiceException.class, () -> BlockAllowList.compile("my-ba", half, false));
        assertEquals(ConfigErrors.INVALID_BA_LIST, e.code());
        assertTrue(e.getMessage().contains("my-ba"));

        BlockAllowRule bad = new BlockAllowRule();
        bad.doDbs = List.of("~[oops");
        SluiceException e2 = assertThrows(SluiceException.class, () -> BlockAllowList.compile("rx", bad, false));
        assertEquals(ConfigErrors.INVALID_BA_LIST, e2.code());
        assertTrue(e2.getMessage().contains("rx"));
    }
}
