package io.sluice.master.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.testkit.MariaDbServer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One precheck item per test, each against a real MariaDB made to fail it: a runtime SET GLOBAL
 * or a user lacking a privilege on the healthy server, and a second server started without a
 * binlog, with server_id 0 and reporting a version older than supported.
 */
class TaskPrecheckTest {
    private static final AtomicInteger TASKS = new AtomicInteger();
    static MariaDbServer good;
    static MariaDbServer bare;

    @BeforeAll
    static void up() {
        good = MariaDbServer.start("precheck-good");
        bare = MariaDbServer.start("precheck-bare", "--skip-log-bin", "--server-id=0", "--version=10.0.9-MariaDB-old");
        good.execute("CREATE DATABASE ok", "CREATE TABLE ok.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE USER 'norepl'@'127.0.0.1' IDENTIFIED BY 'pw1'", "GRANT SELECT, RELOAD ON *.* TO 'norepl'@'127.0.0.1'",
                "CREATE USER 'nodump'@'127.0.0.1' IDENTIFIED BY 'pw2'",
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'nodump'@'127.0.0.1'",
                "CREATE USER 'schemaonly'@'127.0.0.1' IDENTIFIED BY 'pw3'",
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'schemaonly'@'127.0.0.1'",
                "GRANT SELECT ON `ok`.* TO 'schemaonly'@'127.0.0.1'",
                "CREATE ROLE migrator", "GRANT SELECT, RELOAD, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO migrator",
                "CREATE USER 'viarole'@'127.0.0.1' IDENTIFIED BY 'pw4'", "GRANT migrator TO 'viarole'@'127.0.0.1'",
                "SET DEFAULT ROLE migrator FOR 'viarole'@'127.0.0.1'",
                "CREATE USER 'roleoff'@'127.0.0.1' IDENTIFIED BY 'pw5'", "GRANT migrator TO 'roleoff'@'127.0.0.1'",
                "CREATE ROLE okowner", "GRANT ALL PRIVILEGES ON `ok`.* TO okowner", "CREATE ROLE streamer",
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO streamer", "GRANT streamer TO okowner",
                "CREATE USER 'nested'@'127.0.0.1' IDENTIFIED BY 'pw6'", "GRANT okowner TO 'nested'@'127.0.0.1'",
                "SET DEFAULT ROLE okowner FOR 'nested'@'127.0.0.1'");
        bare.execute("CREATE DATABASE ok", "CREATE TABLE ok.t (id INT PRIMARY KEY)");
    }

    @AfterAll
    static void down() {
        for (MariaDbServer s : new MariaDbServer[] {good, bare}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void healthySourcePassesEveryItemOfAnAllModeTask() {
        CheckReport report = run(task("all", "ok", ""), source(good, "root", MariaDbServer.ROOT_PASSWORD, false));
        assertTrue(report.passed(), report.detail(10, 10));
        for (String name : List.of("mysql_version", "mysql_server_id", "mysql_binlog_enable", "mysql_binlog_format",
                "mysql_binlog_row_image", "source db replication privilege checker", "source db dump privilege checker",
                "table structure compatibility check", "connection number checker")) {
            assertNotNull(report.result(name), name + " ran");
            assertEquals(CheckState.SUCCESS, report.result(name).state(), name);
        }
        CheckReport.Summary s = report.summary();
        assertEquals(s.total(), s.successful());
        assertEquals(CheckReport.PASS_MESSAGE, report.passMessage(10, 10));
    }

    @Test
    void statementBinlogFormatFails() {
        try {
            good.execute("SET GLOBAL binlog_format = 'STATEMENT'");
            CheckReport report = run(task("all", "ok", ""), rootOf(good));
            assertFailed(report, "mysql_binlog_format", "binlog_format is STATEMENT, and should be ROW");
            // the same task ignoring the item passes: nothing else is wrong
            CheckReport ignored = run(task("all", "ok", "ignore-checking-items: [\"binlog_format\"]\n"), rootOf(good));
            assertTrue(ignored.passed(), ignored.detail(10, 10));
            assertNull(ignored.result("mysql_binlog_format"));
        } finally {
            good.execute("SET GLOBAL binlog_format = 'ROW'");
        }
    }

    @Test
    void minimalRowImageFails() {
        try {
            good.execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
            assertFailed(run(task("incremental", "ok", ""), rootOf(good)), "mysql_binlog_row_image",
                    "binlog_row_image is MINIMAL, and should be FULL");
        } finally {
            good.execute("SET GLOBAL binlog_row_image = 'FULL'");
        }
    }

    @Test
    void binlogOffFails() {
        assertFailed(run(task("all", "ok", ""), rootOf(bare)), "mysql_binlog_enable", "log_bin is OFF, and should be ON");
    }

    /**
     * MariaDB turns server_id 0 into 1 (bare was started with 0), so the way to fail this item on
     * MariaDB is a source file whose server-id another replica of the server already uses.
     */
    @Test
    void serverIdOfAnotherReplicaFails() throws Exception {
        assertEquals(CheckState.SUCCESS, run(task("all", "ok", ""), rootOf(good)).result("mysql_server_id").state());
        String file;
        long pos;
        try (java.sql.Connection c = good.connect(); java.sql.ResultSet rs = c.createStatement().executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            file = rs.getString(1);
            pos = rs.getLong(2);
        }
        bare.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + good.port() + ", MASTER_USER = 'root', MASTER_PASSWORD = '"
                + MariaDbServer.ROOT_PASSWORD + "', MASTER_LOG_FILE = '" + file + "', MASTER_LOG_POS = " + pos + ", MASTER_USE_GTID = no",
                "START SLAVE");
        try {
            SourceConfig clash = ConfigFiles.parseSource("source-id: src\nserver-id: 1\nfrom:\n  host: 127.0.0.1\n  port: " + good.port()
                    + "\n  user: root\n  password: " + MariaDbServer.ROOT_PASSWORD + "\n");
            long deadline = System.currentTimeMillis() + 30_000;
            CheckReport report = run(task("all", "ok", ""), clash);
            while (report.passed() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200); // the replica registers when its IO thread connects
                report = run(task("all", "ok", ""), clash);
            }
            assertFailed(report, "mysql_server_id", "server-id 1 of the source config is already used by replica");
        } finally {
            bare.execute("STOP SLAVE", "RESET SLAVE ALL");
        }
    }

    @Test
    void tooOldVersionFails() {
        assertFailed(run(task("full", "ok", ""), rootOf(bare)), "mysql_version", "version required at least 10.1.2 but got 10.0.9-MariaDB");
    }

    @Test
    void flavorOfTheSourceFileThatIsNotTheServersFails() {
        SourceConfig mysql = ConfigFiles.parseSource("source-id: src\nflavor: mysql\nfrom:\n  host: 127.0.0.1\n  port: " + good.port()
                + "\n  user: root\n  password: " + MariaDbServer.ROOT_PASSWORD + "\n");
        assertFailed(run(task("all", "ok", ""), mysql), "mysql_version", "the source file says flavor mysql but the server is mariadb");
    }

    @Test
    void fullTaskSkipsTheBinlogItems() {
        CheckReport report = run(task("full", "ok", "ignore-checking-items: [\"version\"]\n"), rootOf(bare));
        assertTrue(report.passed(), report.detail(10, 10));
        assertNull(report.result("mysql_binlog_enable"));
        assertNull(report.result("mysql_server_id"));
    }

    @Test
    void userWithoutSelectFailsTheDumpPrivilegeAndWarnsAboutReload() {
        CheckReport report = run(task("all", "ok", ""), source(good, "nodump", "pw2", false));
        CheckResult r = assertFailed(report, "source db dump privilege checker", "lack of SELECT privilege");
        assertTrue(r.errors().stream().anyMatch(e -> e.severity() == CheckState.WARN && e.shortError().contains("RELOAD")), r.errors().toString());
        assertEquals(CheckState.SUCCESS, report.result("source db replication privilege checker").state());
    }

    @Test
    void privilegesFromTheUsersDefaultRoleCountAndFromARoleNotEnabledDoNot() {
        CheckReport viaRole = run(task("all", "ok", ""), source(good, "viarole", "pw4", false));
        assertEquals(CheckState.SUCCESS, viaRole.result("source db dump privilege checker").state(), viaRole.detail(10, 10));
        assertEquals(CheckState.SUCCESS, viaRole.result("source db replication privilege checker").state(), viaRole.detail(10, 10));
        // ALL PRIVILEGES on the schema, replication through a role granted to the role
        CheckReport nested = run(task("all", "ok", ""), source(good, "nested", "pw6", false));
        // SELECT comes from ALL PRIVILEGES; RELOAD is in neither role, which is a warning only
        assertEquals(CheckState.WARN, nested.result("source db dump privilege checker").state(), nested.detail(10, 10));
        assertEquals(CheckState.SUCCESS, nested.result("source db replication privilege checker").state(), nested.detail(10, 10));
        CheckReport roleOff = run(task("all", "ok", ""), source(good, "roleoff", "pw5", false));
        assertFailed(roleOff, "source db replication privilege checker", "lack of REPLICATION SLAVE privilege");
        assertFailed(roleOff, "source db dump privilege checker", "lack of SELECT privilege");
    }

    @Test
    void flushConsistencyWithoutReloadFails() {
        CheckReport report = run(task("full", "ok", "", "    consistency: flush\n"), source(good, "schemaonly", "pw3", false));
        CheckResult r = assertFailed(report, "source db dump privilege checker", "lack of RELOAD privilege");
        assertFalse(r.errors().stream().anyMatch(e -> e.shortError().contains("SELECT")), "schema-level SELECT is enough: " + r.errors());
    }

    @Test
    void lockConsistencyWithoutLockTablesFails() {
        CheckReport report = run(task("full", "ok", "", "    consistency: lock\n"), source(good, "norepl", "pw1", false));
        assertFailed(report, "source db dump privilege checker", "lack of LOCK TABLES privilege");
    }

    @Test
    void userWithoutReplicationPrivilegesFails() {
        CheckReport report = run(task("all", "ok", ""), source(good, "norepl", "pw1", false));
        CheckResult r = assertFailed(report, "source db replication privilege checker", "lack of REPLICATION SLAVE privilege");
        assertTrue(r.errors().stream().anyMatch(e -> e.shortError().equals("lack of REPLICATION CLIENT privilege")), r.errors().toString());
        assertEquals(CheckState.SUCCESS, report.result("source db dump privilege checker").state());
    }

    @Test
    void relaySourceWithoutReplicationPrivilegesFailsEvenForAFullTask() {
        CheckReport report = run(task("full", "ok", ""), source(good, "norepl", "pw1", true));
        assertFailed(report, "source db relay privilege checker", "lack of REPLICATION SLAVE privilege");
        assertNull(report.result("source db replication privilege checker"), "a full task does not stream itself");
    }

    @Test
    void tablesWithoutKeysWarnAndUndecodableCharsetsFail() {
        good.execute("CREATE DATABASE shapes", "CREATE TABLE shapes.nokey (a INT, b INT)",
                "CREATE TABLE shapes.parent (id INT PRIMARY KEY)",
                "CREATE TABLE shapes.child (id INT PRIMARY KEY, p INT, FOREIGN KEY (p) REFERENCES shapes.parent (id))");
        try {
            CheckReport warned = run(task("all", "shapes", ""), rootOf(good));
            assertTrue(warned.passed(), "warnings do not fail: " + warned.detail(10, 10));
            CheckResult r = warned.result("table structure compatibility check");
            assertEquals(CheckState.WARN, r.state());
            assertTrue(r.errors().stream().anyMatch(e -> e.shortError().contains("without primary key or unique key: `shapes`.`nokey`")),
                    r.errors().toString());
            assertTrue(r.errors().stream().anyMatch(e -> e.shortError().contains("foreign keys: `shapes`.`child`")), r.errors().toString());
            assertTrue(warned.passMessage(10, 10).contains("\"warning\" : 1"), warned.passMessage(10, 10));

            good.execute("CREATE TABLE shapes.czech (id INT PRIMARY KEY, v VARCHAR(10)) CHARACTER SET keybcs2");
            assertFailed(run(task("all", "shapes", ""), rootOf(good)), "table structure compatibility check",
                    "uses character set keybcs2, which Sluice cannot decode");
        } finally {
            good.execute("DROP DATABASE shapes");
        }
    }

    @Test
    void shardsWithDifferentColumnTypesFailInPessimisticMode() {
        good.execute("CREATE DATABASE shard_a", "CREATE DATABASE shard_b",
                "CREATE TABLE shard_a.orders (id BIGINT PRIMARY KEY, note VARCHAR(20))",
                "CREATE TABLE shard_b.orders (id BIGINT PRIMARY KEY, note INT)");
        try {
            String merge = "shard-mode: pessimistic\n" + routes();
            assertFailed(run(task("all", "shard_*", merge, "", "    route-rules: [\"merge\"]\n"), rootOf(good)),
                    "sharding table `merged`.`orders` consistency checking", "different column definition at position 2");
            CheckReport optimistic = run(task("all", "shard_*", merge.replace("pessimistic", "optimistic"), "",
                    "    route-rules: [\"merge\"]\n"), rootOf(good));
            assertNull(optimistic.result("sharding table `merged`.`orders` consistency checking"), "optimistic mode reconciles schemas");
            assertEquals(CheckState.SUCCESS, optimistic.result("sharding table `merged`.`orders` auto-increment key checking").state());
        } finally {
            good.execute("DROP DATABASE shard_a", "DROP DATABASE shard_b");
        }
    }

    @Test
    void autoIncrementKeysInMergedShardsFail() {
        good.execute("CREATE DATABASE shard_c", "CREATE DATABASE shard_d",
                "CREATE TABLE shard_c.orders (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20))",
                "CREATE TABLE shard_d.orders (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20))");
        try {
            String merge = "shard-mode: pessimistic\n" + routes();
            CheckReport report = run(task("all", "shard_*", merge, "", "    route-rules: [\"merge\"]\n"), rootOf(good));
            CheckResult r = assertFailed(report, "sharding table `merged`.`orders` auto-increment key checking", "has auto-increment key id");
            assertEquals(2, r.errors().size(), "one finding per shard: " + r.errors());
            assertEquals(CheckState.SUCCESS, report.result("sharding table `merged`.`orders` consistency checking").state());
            CheckReport ignored = run(task("all", "shard_*", merge + "ignore-checking-items: [\"auto_increment_ID\"]\n", "",
                    "    route-rules: [\"merge\"]\n"), rootOf(good));
            assertTrue(ignored.passed(), ignored.detail(10, 10));
        } finally {
            good.execute("DROP DATABASE shard_c", "DROP DATABASE shard_d");
        }
    }

    @Test
    void tooFewFreeConnectionsFail() {
        try {
            good.execute("SET GLOBAL max_connections = 10");
            CheckReport report = run(task("all", "ok", "", "    threads: 32\n"), rootOf(good));
            assertFailed(report, "connection number checker", "the task needs 35 connections (33 to dump, 2 to stream the binlog)");
        } finally {
            good.execute("SET GLOBAL max_connections = 500");
        }
    }

    @Test
    void errorAndWarnCountsLimitTheListedItemsButNotTheSummary() throws Exception {
        CheckReport report = run(task("all", "ok", ""), rootOf(bare));
        assertTrue(report.summary().failed() >= 2, report.detail(10, 10));
        JsonNode one = new ObjectMapper().readTree(report.detail(1, 0));
        assertEquals(1, one.path("results").size(), one.toString());
        assertEquals("fail", one.path("results").get(0).path("state").asText());
        assertEquals(report.summary().failed(), one.path("summary").path("failed").asInt());
        assertFalse(one.path("summary").path("passed").asBoolean());
        JsonNode all = new ObjectMapper().readTree(report.detail(10, 10));
        for (JsonNode r : all.path("results")) {
            assertFalse(r.path("state").asText().equals("success"), "success items are left out: " + r);
            assertTrue(r.path("errors").get(0).has("short_error") && r.path("errors").get(0).has("instruction"), r.toString());
        }
    }

    @Test
    void ignoringAllRunsNothingAndUnknownItemsAreRefused() {
        CheckReport report = run(task("all", "ok", "ignore-checking-items: [\"all\"]\n"), rootOf(bare));
        assertTrue(report.passed());
        assertEquals(0, report.summary().total());
        SluiceException e = assertThrows(SluiceException.class,
                () -> ConfigFiles.parseTask(task("all", "ok", "ignore-checking-items: [\"binlog_fromat\"]\n")));
        assertEquals(20001, e.code().code(), e.getMessage());
        assertTrue(e.getMessage().contains("binlog_fromat"), e.getMessage());
    }

    @Test
    void unreachableSourceIsAnErrorNotAFailedItem() {
        SourceConfig wrong = source(good, "root", "not-the-password", false);
        SluiceException e = assertThrows(SluiceException.class, () -> run(task("all", "ok", ""), wrong));
        assertEquals(26002, e.code().code(), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }

    private static CheckResult assertFailed(CheckReport report, String name, String shortError) {
        CheckResult r = report.result(name);
        assertNotNull(r, name + " ran: " + report.detail(10, 10));
        assertEquals(CheckState.FAIL, r.state(), report.detail(10, 10));
        assertFalse(report.passed());
        assertTrue(r.errors().stream().anyMatch(e -> e.severity() == CheckState.FAIL && e.shortError().contains(shortError)
                && !e.instruction().isEmpty()), r.errors().toString());
        return r;
    }

    private static CheckReport run(String taskYaml, SourceConfig source) {
        TaskConfig task = ConfigFiles.parseTask(taskYaml);
        return new TaskPrecheck(task, List.of(source)).run();
    }

    private static SourceConfig rootOf(MariaDbServer server) {
        return source(server, "root", MariaDbServer.ROOT_PASSWORD, false);
    }

    private static SourceConfig source(MariaDbServer server, String user, String password, boolean relay) {
        return ConfigFiles.parseSource("source-id: src\n" + "enable-relay: " + relay + "\n" + "from:\n" + "  host: 127.0.0.1\n"
                + "  port: " + server.port() + "\n" + "  user: " + user + "\n" + "  password: " + password + "\n");
    }

    private static String routes() {
        return "routes:\n"
                + "  merge:\n"
                + "    schema-pattern: \"shard_*\"\n"
                + "    table-pattern: \"orders\"\n"
                + "    target-schema: merged\n"
                + "    target-table: orders\n";
    }

    private static String task(String mode, String dbs, String top) {
        return task(mode, dbs, top, "", "");
    }

    private static String task(String mode, String dbs, String top, String dumper) {
        return task(mode, dbs, top, dumper, "");
    }

    private static String task(String mode, String dbs, String top, String dumper, String instance) {
        return "name: check-" + TASKS.incrementAndGet() + "\n"
                + "task-mode: " + mode + "\n"
                + top
                + "target-database:\n"
                + "  host: 127.0.0.1\n"
                + "  port: " + good.port() + "\n"
                + "  user: root\n"
                + "  password: " + MariaDbServer.ROOT_PASSWORD + "\n"
                + "mysql-instances:\n"
                + "  - source-id: src\n"
                + "    block-allow-list: ba\n"
                + "    mydumper-config-name: dump\n"
                + instance
                + "block-allow-list:\n"
                + "  ba:\n"
                + "    do-dbs: [\"" + dbs + "\"]\n"
                + "mydumpers:\n"
                + "  dump:\n"
                + "    threads: 2\n"
                + dumper;
    }
}
