package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.filter.MigrationRules;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.schema.DruidSchemaTracker;
import io.sluice.worker.schema.SchemaTracker;
import io.sluice.worker.schema.TableInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DDL as the sync unit tracks it (routed, split into one change per statement, then applied to
 * the tracker) against a real server's SHOW CREATE TABLE after the same statements: columns
 * with the facts that decide how a binlog value is read (type, sign, charset, width) and keys.
 * Covers the statements druid's parser or repository get wrong on their own: CHARSET spelled
 * short, a table charset change (existing columns keep theirs), CONVERT TO, DROP PRIMARY KEY
 * of a key declared on its column, CREATE TABLE LIKE, ALTER ... RENAME TO amid other clauses.
 */
@Tag("integration")
class DdlTrackingTest {
    private static final String TASK = """
            name: t
            task-mode: incremental
            target-database: {host: 127.0.0.1, port: 3306, user: root}
            mysql-instances:
              - source-id: s1
            """;

    @Test
    void trackedSchemasMatchTheServerAfterEachKindOfDdl() throws Exception {
        TaskConfig task = ConfigFiles.parseTask(TASK);
        DdlRouter router = new DdlRouter(MigrationRules.of(task, task.instance("s1")));
        List<String> ddl = List.of(
                "CREATE TABLE k (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, a VARCHAR(10), b TEXT) DEFAULT CHARSET=utf8mb4",
                "ALTER TABLE k ADD c INT UNSIGNED, ADD d VARCHAR(5) CHARSET latin1 DEFAULT 'x', ADD INDEX i_c (c)",
                "ALTER TABLE k DEFAULT CHARSET=latin1",
                "ALTER TABLE k ADD e VARCHAR(5)",
                "ALTER TABLE k ALTER COLUMN a SET DEFAULT 'dflt', MODIFY b MEDIUMTEXT CHARACTER SET utf8mb4",
                "ALTER TABLE k DROP PRIMARY KEY, ADD PRIMARY KEY (id, c)",
                "CREATE TABLE nk (id INT PRIMARY KEY, v VARCHAR(8) CHARACTER SET latin1, w CHAR(3)) CHARSET latin1",
                "ALTER TABLE nk DROP PRIMARY KEY",
                "ALTER TABLE nk CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                "ALTER TABLE nk ADD UNIQUE KEY uk_w (w), CHANGE v vv VARCHAR(20), RENAME TO nk2, ADD x BIT(3)",
                "CREATE TABLE cp LIKE k",
                "ALTER TABLE cp DROP COLUMN e, ADD f BINARY(4) FIRST",
                "CREATE INDEX i_f ON cp (f)",
                "RENAME TABLE cp TO cp2, k TO k2");
        try (MariaDbServer db = MariaDbServer.start("ddltrack")) {
            db.execute("CREATE DATABASE s1");
            SchemaTracker tracker = new DruidSchemaTracker();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("USE s1");
                for (String s : ddl) {
                    st.execute(s);
                    for (DdlRouter.Ddl d : router.route("s1", s, "test")) {
                        if (d.type() == io.sluice.common.filter.EventType.CREATE_TABLE && d.sourceSql().contains(" LIKE ")) {
                            // the pipeline loads a table created LIKE another from the upstream at its first row
                            tracker.load("s1", d.source().table(), showCreate(st, d.source().table()));
                        } else {
                            tracker.applyDdl("s1", d.sourceSql());
                        }
                    }
                }
                for (String t : List.of("k2", "nk2", "cp2")) {
                    SchemaTracker fromServer = new DruidSchemaTracker();
                    fromServer.load("s1", t, showCreate(st, t));
                    TableInfo want = fromServer.table("s1", t);
                    TableInfo got = tracker.table("s1", t);
                    assertNotNull(got, t + " is tracked");
                    assertEquals(want.columns(), got.columns(), t + "\n" + got.createSql());
                    assertEquals(want.primaryKey(), got.primaryKey(), t + "\n" + got.createSql());
                    assertEquals(want.uniqueKeys(), got.uniqueKeys(), t + "\n" + got.createSql());
                }
            }
        }
    }

    @Test
    void splitsAlterTableIntoOneChangeEachAsDm() {
        TaskConfig task = ConfigFiles.parseTask(TASK);
        DdlRouter router = new DdlRouter(MigrationRules.of(task, task.instance("s1")));
        assertEquals(List.of("ALTER TABLE `db`.`t` ADD COLUMN a INT", "ALTER TABLE `db`.`t` ADD COLUMN b INT"),
                targets(router.route("db", "ALTER TABLE t ADD a INT, ADD b INT", "test")));
        // a RENAME TO moves the later clauses to the new name
        assertEquals(List.of("ALTER TABLE `db`.`t` ADD COLUMN a INT", "ALTER TABLE `db`.`t` RENAME TO `db`.`u`",
                        "ALTER TABLE `db`.`u` DROP COLUMN b"),
                targets(router.route("db", "ALTER TABLE t ADD a INT, RENAME TO u, DROP COLUMN b", "test")));
        // kept together: the primary key swap, and ALGORITHM/LOCK go with every piece
        assertEquals(List.of("ALTER TABLE `db`.`t` DROP PRIMARY KEY, ADD PRIMARY KEY (id, a)"),
                targets(router.route("db", "ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, a)", "test")));
        assertEquals(List.of("ALTER TABLE `db`.`t` ALGORITHM = INPLACE, LOCK = NONE, ADD COLUMN a INT",
                        "ALTER TABLE `db`.`t` ALGORITHM = INPLACE, LOCK = NONE, ADD INDEX i (a)"),
                targets(router.route("db", "ALTER TABLE t ALGORITHM=INPLACE, LOCK=NONE, ADD a INT, ADD INDEX i (a)", "test")));
        // table options first, as one statement; CHARSET (which druid alone cannot parse) spelled out
        assertEquals(List.of("ALTER TABLE `db`.`t` CHARACTER SET = latin1", "ALTER TABLE `db`.`t` ADD COLUMN z VARCHAR(3)"),
                targets(router.route("db", "ALTER TABLE t ADD z VARCHAR(3), DEFAULT CHARSET=latin1", "test")));
        assertEquals(List.of("ALTER TABLE `db`.`t` MODIFY COLUMN c VARCHAR(9) COMMENT 'charset stays'"),
                targets(router.route("db", "ALTER TABLE t MODIFY c VARCHAR(9) COMMENT 'charset stays'", "test")));
    }

    private static List<String> targets(List<DdlRouter.Ddl> ddls) {
        List<String> out = new ArrayList<>();
        ddls.forEach(d -> out.add(d.targetSql().replaceAll("\\s+", " ")));
        return out;
    }

    private static String showCreate(Statement st, String table) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + table)) {
            rs.next();
            return rs.getString(2);
        }
    }
}
