package io.sluice.worker.process;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.filter.MigrationRules;
import io.sluice.worker.schema.DruidSchemaTracker;
import java.sql.DriverManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the code a subtask needs first (task and source parsing, routing rules, the DDL parser,
 * the JDBC driver, the binlog client) once on a spare worker, before any source is bound to it.
 * A worker that takes over a source after a failover then starts its sync unit without paying
 * for class loading and first compilation, which on a fresh JVM took about a second of the
 * failover (measured with the failover benchmark). Touches no database.
 */
final class WarmStandby {
    private static final Logger LOG = LoggerFactory.getLogger(WarmStandby.class);

    private static final String TASK = """
            name: warm-standby
            task-mode: all
            target-database: {host: 127.0.0.1, port: 3306, user: root, password: ""}
            mysql-instances:
              - source-id: warm-standby
                block-allow-list: ba
                route-rules: [r]
                syncer-config-name: s
            block-allow-list:
              ba: {do-dbs: ["app"]}
            routes:
              r: {schema-pattern: "app", table-pattern: "t_*", target-schema: "app", target-table: "t"}
            syncers:
              s: {worker-count: 4, batch: 100}
            """;
    private static final String SOURCE = """
            source-id: warm-standby
            enable-gtid: true
            from: {host: 127.0.0.1, port: 3306, user: root, password: ""}
            """;

    private WarmStandby() {
    }

    /** Warms up on a low-priority daemon thread; failures only cost the warm-up. */
    static void start(String workerName) {
        Thread t = new Thread(() -> run(workerName), "warm-standby");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run(String workerName) {
        long started = System.nanoTime();
        try {
            TaskConfig task = ConfigFiles.parseTask(TASK);
            SourceConfig source = ConfigFiles.parseSource(SOURCE);
            MigrationRules rules = MigrationRules.of(task, task.instance(source.sourceId));
            if (rules.tableAllowed("app", "t_1")) {
                rules.route("app", "t_1");
            }
            DruidSchemaTracker tracker = new DruidSchemaTracker();
            tracker.load("app", "t", "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " v VARCHAR(32) CHARACTER SET utf8mb4, d DECIMAL(10,2), at DATETIME(6), UNIQUE KEY uv (v))");
            tracker.applyDdl("app", "ALTER TABLE t ADD COLUMN w INT DEFAULT 0, DROP INDEX uv");
            tracker.table("app", "t");
            DriverManager.getDriver(DbConnector.url(task.targetDatabase));
            new BinaryLogClient("127.0.0.1", 3306, "root", "").setEventDeserializer(new EventDeserializer());
            LOG.info("event=warm_standby_done worker={} ms={}", workerName, (System.nanoTime() - started) / 1_000_000);
        } catch (Exception | LinkageError e) {
            LOG.info("event=warm_standby_failed worker={} msg={}", workerName, e.toString());
        }
    }
}
