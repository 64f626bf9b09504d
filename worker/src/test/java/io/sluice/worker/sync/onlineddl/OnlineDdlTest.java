package io.sluice.worker.sync.onlineddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import io.sluice.worker.sync.DdlRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statement-level decisions of online DDL handling, on the statements each tool writes to the binlog. */
class OnlineDdlTest {
    private static final String TASK = """
            name: t
            task-mode: incremental
            online-ddl: true
            target-database: {host: 127.0.0.1, port: 3306, user: root}
            mysql-instances:
              - source-id: s1
                route-rules: [r]
                block-allow-list: bal
            routes:
              r: {schema-pattern: "shop", table-pattern: "orders", target-schema: shop_copy, target-table: orders}
            block-allow-list:
              bal:
                do-dbs: ["shop"]
                ignore-tables: [{db-name: shop, tbl-name: secret}]
            """;

    private final MigrationRules rules;
    private final DdlRouter router;
    private final OnlineDdl online;

    OnlineDdlTest() {
        TaskConfig task = ConfigFiles.parseTask(TASK);
        rules = MigrationRules.of(task, task.instance("s1"));
        router = new DdlRouter(rules);
        online = OnlineDdl.enabled(rules, new GhostDdlStore("dm_meta", "t", "s1"), "task=t");
    }

    /** What the pipeline would run downstream for one binlog statement (target SQL). */
    private List<String> run(String db, String sql) {
        List<Map.Entry<String, DdlRouter.Ddl>> parsed = new ArrayList<>();
        router.route(db, sql, "here").forEach(d -> parsed.add(Map.entry(sql, d)));
        return online.rewrite(parsed, router, "here").stream().map(e -> e.getValue().targetSql()).toList();
    }

    @Test
    void tellsGhostAndTrashTablesByName() {
        assertEquals(TableRole.GHOST, TableRole.of("_orders_gho"));
        assertEquals(TableRole.GHOST, TableRole.of("_orders_new"));
        assertEquals(TableRole.TRASH, TableRole.of("_orders_ghc"));
        assertEquals(TableRole.TRASH, TableRole.of("_orders_del"));
        assertEquals(TableRole.TRASH, TableRole.of("_orders_old"));
        assertEquals(TableRole.REAL, TableRole.of("orders"));
        assertEquals(TableRole.REAL, TableRole.of("orders_new"), "no leading underscore: a user's table");
        assertEquals("my_orders", TableRole.realName("_my_orders_gho"));
        assertTrue(online.ignoresRowsOf("_orders_new"));
        assertTrue(online.ignoresRowsOf("_orders_ghc"));
        assertFalse(online.ignoresRowsOf("orders"));
        assertFalse(OnlineDdl.disabled().ignoresRowsOf("_orders_new"), "online-ddl off: ghost rows migrate like any");
    }

    @Test
    void ptOnlineSchemaChangeBecomesOneAlterOfTheRealTable() {
        assertEquals(List.of(), run("shop", "CREATE TABLE `shop`.`_orders_new` (id INT PRIMARY KEY, v INT)"));
        assertEquals(List.of(), run("shop", "ALTER TABLE `shop`.`_orders_new` ADD COLUMN c2 INT"));
        assertEquals(List.of("ALTER TABLE `shop`.`orders`\n\tADD COLUMN c2 INT"), online.recorded(new TableName("shop", "_orders_new")));
        List<String> cutOver = run("shop", "RENAME TABLE `shop`.`orders` TO `shop`.`_orders_old`, `shop`.`_orders_new` TO `shop`.`orders`");
        assertEquals(1, cutOver.size(), cutOver.toString());
        assertTrue(cutOver.get(0).startsWith("ALTER TABLE `shop_copy`.`orders`") && cutOver.get(0).contains("c2 INT"),
                "the recorded ALTER, routed like the real table: " + cutOver);
        assertEquals(List.of(), run("shop", "DROP TABLE IF EXISTS `shop`.`_orders_old`"));
        assertEquals(List.of(), online.recorded(new TableName("shop", "_orders_new")), "the run is over");
    }

    @Test
    void ghostSequenceWithUnqualifiedNamesAndTwoAlters() {
        assertEquals(List.of(), run("shop", "DROP TABLE IF EXISTS `_items_gho`"));
        assertEquals(List.of(), run("shop", "CREATE TABLE `_items_gho` LIKE `items`"));
        assertEquals(List.of(), run("shop", "ALTER TABLE `_items_gho` ADD COLUMN note VARCHAR(20)"));
        assertEquals(List.of(), run("shop", "ALTER TABLE _items_gho ADD INDEX idx_note (note)"));
        assertEquals(List.of(), run("shop", "CREATE TABLE `_items_ghc` (id BIGINT PRIMARY KEY, hint VARCHAR(64))"));
        assertEquals(List.of(), run("shop", "CREATE TABLE `_items_del` (id INT PRIMARY KEY) COMMENT='ghost-cut-over-sentry'"));
        assertEquals(List.of(), run("shop", "DROP TABLE IF EXISTS `_items_del`"));
        List<String> cutOver = run("shop", "RENAME TABLE `items` TO `_items_del`, `_items_gho` TO `items`");
        assertEquals(2, cutOver.size(), cutOver.toString());
        assertTrue(cutOver.get(0).startsWith("ALTER TABLE `shop`.`items`") && cutOver.get(0).contains("note"), cutOver.get(0));
        assertTrue(cutOver.get(1).contains("idx_note"), cutOver.get(1));
        assertEquals(List.of(), run("shop", "DROP TABLE IF EXISTS `_items_ghc`"));
    }

    @Test
    void aCutOverWhoseAltersWereNotSeenStopsWith36046() {
        SluiceException e = assertThrows(SluiceException.class, () -> run("shop", "RENAME TABLE `shop`.`_lost_gho` TO `shop`.`lost`"));
        assertEquals(SyncErrors.ONLINE_DDL_ON_GHOST, e.code());
        assertTrue(e.getMessage().contains("_lost_gho"), e.getMessage());
    }

    @Test
    void tablesOutsideTheTaskAreLeftAloneAndOrdinaryDdlPassesThrough() {
        assertEquals(List.of(), run("shop", "CREATE TABLE `_secret_gho` LIKE `secret`"));
        assertEquals(List.of(), run("shop", "ALTER TABLE `_secret_gho` ADD COLUMN x INT"));
        assertEquals(List.of(), online.recorded(new TableName("shop", "_secret_gho")), "an ignored table's run is not recorded");
        assertEquals(List.of(), run("shop", "RENAME TABLE `_secret_gho` TO `secret`"), "nor an error at its cut-over");
        assertEquals(List.of("ALTER TABLE `shop`.`items`\n\tADD COLUMN y INT"), run("shop", "ALTER TABLE items ADD COLUMN y INT"));
        assertEquals(1, run("shop", "RENAME TABLE a TO b").size());
    }

    @Test
    void offMeansGhostTablesAreOrdinaryTables() {
        List<Map.Entry<String, DdlRouter.Ddl>> parsed = new ArrayList<>();
        String sql = "CREATE TABLE `shop`.`_orders_new` (id INT PRIMARY KEY)";
        router.route("shop", sql, "here").forEach(d -> parsed.add(Map.entry(sql, d)));
        assertEquals(parsed, OnlineDdl.disabled().rewrite(parsed, router, "here"));
    }
}
