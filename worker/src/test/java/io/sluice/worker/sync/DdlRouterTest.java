package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.EventType;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlRouterTest {
    private static final String TASK = """
            name: t
            task-mode: incremental
            target-database: {host: 127.0.0.1, port: 3306, user: root}
            mysql-instances:
              - source-id: s1
                route-rules: [r-schema, r-table]
            routes:
              r-schema: {schema-pattern: "shard_*", target-schema: merged}
              r-table: {schema-pattern: "shard_*", table-pattern: "t_*", target-schema: merged, target-table: t}
            """;

    private final DdlRouter router;

    DdlRouterTest() {
        TaskConfig task = ConfigFiles.parseTask(TASK);
        router = new DdlRouter(MigrationRules.of(task, task.instance("s1")));
    }

    @Test
    void rewritesTableNamesOnTheAst() {
        List<DdlRouter.Ddl> d = router.route("shard_1", "ALTER TABLE t_1 ADD COLUMN `t_1` INT COMMENT 't_1'", "here");
        assertEquals(1, d.size());
        assertEquals(EventType.ALTER_TABLE, d.get(0).type());
        assertEquals(new TableName("shard_1", "t_1"), d.get(0).source());
        String sql = d.get(0).targetSql();
        assertTrue(sql.startsWith("ALTER TABLE `merged`.`t`"), sql);
        // the column and the comment that happen to share the table's name are left alone
        assertTrue(sql.contains("`t_1` INT") && sql.contains("'t_1'"), sql);

        String idx = router.route("shard_2", "CREATE INDEX i ON shard_2.t_9 (a)", "here").get(0).targetSql();
        assertTrue(idx.contains("`merged`.`t`"), idx);
        String create = router.route("shard_1", "CREATE TABLE other (id INT PRIMARY KEY)", "here").get(0).targetSql();
        assertTrue(create.contains("`merged`.`other`"), create);
    }

    @Test
    void splitsMultiTableStatements() {
        List<DdlRouter.Ddl> drops = router.route("shard_1", "DROP TABLE t_1, shard_2.t_2, x", "here");
        assertEquals(3, drops.size());
        assertEquals("DROP TABLE IF EXISTS `merged`.`t`", drops.get(0).targetSql());
        assertEquals(new TableName("shard_2", "t_2"), drops.get(1).source());
        assertEquals("DROP TABLE IF EXISTS `merged`.`x`", drops.get(2).targetSql());

        List<DdlRouter.Ddl> renames = router.route("db", "RENAME TABLE a TO b, db.c TO other.d", "here");
        assertEquals(2, renames.size());
        assertEquals("RENAME TABLE `db`.`a` TO `db`.`b`", renames.get(0).targetSql());
        assertEquals("RENAME TABLE `db`.`c` TO `other`.`d`", renames.get(1).targetSql());

        DdlRouter.Ddl db = router.route("", "CREATE DATABASE shard_7", "here").get(0);
        assertEquals(EventType.CREATE_DATABASE, db.type());
        assertTrue(db.targetSql().contains("`merged`"), db.targetSql());
    }

    @Test
    void recognisesOnlyTableDdl() {
        assertTrue(DdlRouter.isTableDdl("/* app */ alter table t add c int"));
        assertTrue(DdlRouter.isTableDdl("CREATE UNIQUE INDEX i ON t (a)"));
        assertTrue(DdlRouter.isTableDdl("TRUNCATE t"));
        assertFalse(DdlRouter.isTableDdl("CREATE USER 'x'@'%'"));
        assertFalse(DdlRouter.isTableDdl("GRANT SELECT ON *.* TO 'x'@'%'"));
        assertFalse(DdlRouter.isTableDdl("CREATE TEMPORARY TABLE tmp (a INT)"));
        assertFalse(DdlRouter.isTableDdl("CREATE VIEW v AS SELECT 1"));
        assertFalse(DdlRouter.isTableDdl("SAVEPOINT sp"));
    }

    @Test
    void unparseableDdlIsA11006Error() {
        SluiceException e = assertThrows(SluiceException.class,
                () -> router.route("db", "ALTER TABLE t ADD COLUMN ((( nonsense", "(mysql-bin.000001, 42)"));
        assertEquals(SyncErrors.PARSE_DDL, e.code());
        assertTrue(e.getMessage().contains("mysql-bin.000001, 42"), e.getMessage());
    }
}
