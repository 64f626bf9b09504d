package io.sluice.hatests;

import io.sluice.testkit.MariaDbServer;
import java.util.List;

/** The test's upstream data: three schemas, every type a migration must carry exactly. */
final class SampleData {
    static final List<String> SCHEMAS = List.of("shop", "media", "app", "extra");

    private SampleData() {
    }

    static void create(MariaDbServer src, int orders, int blobs, int events, int users) {
        src.execute(
                "CREATE DATABASE shop", "CREATE DATABASE media", "CREATE DATABASE app",
                "CREATE TABLE shop.orders (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, customer VARCHAR(64) CHARACTER SET utf8mb4,"
                        + " amount DECIMAL(65,30), created DATETIME(6), updated TIMESTAMP(6) NULL DEFAULT NULL,"
                        + " status ENUM('new','paid','shipped'), tags SET('a','b','c'), flags BIT(8), wide BIT(64),"
                        + " note TEXT NULL, payload JSON, tiny TINYINT, small SMALLINT UNSIGNED, medium MEDIUMINT, yr YEAR, t TIME(3))",
                "INSERT INTO shop.orders SELECT seq + 18446744073709000000, CONCAT('cust-', seq, IF(seq % 5 = 0, '😀🚀', 'é')),"
                        + " CAST(CONCAT(seq, '.', LPAD(seq, 30, '7')) AS DECIMAL(65,30)),"
                        + " TIMESTAMP('2020-01-01 00:00:00') + INTERVAL seq SECOND + INTERVAL seq MICROSECOND,"
                        + " IF(seq % 3 = 0, NULL, TIMESTAMP('2021-06-01 12:00:00.123456') + INTERVAL seq MINUTE),"
                        + " ELT(1 + seq % 3, 'new', 'paid', 'shipped'), IF(seq % 4 = 0, '', 'a,c'), seq % 256, seq * 1000003,"
                        + " IF(seq % 7 = 0, NULL, REPEAT('note ', 1 + seq % 20)), JSON_OBJECT('k', seq, 's', CONCAT('v', seq)),"
                        + " seq % 127, seq % 65535, CAST(seq AS SIGNED) - 50000, 1901 + seq % 255, SEC_TO_TIME(seq % 86400)"
                        + " FROM shop.seq_1_to_" + orders,
                "CREATE TABLE media.blobs (id INT NOT NULL PRIMARY KEY, data BLOB, digest BINARY(32), big BIGINT UNSIGNED, f FLOAT, d DOUBLE)",
                "INSERT INTO media.blobs SELECT seq, IF(seq % 11 = 0, NULL, UNHEX(CONCAT(SHA2(seq, 256), SHA2(seq + 1, 512)))),"
                        + " UNHEX(SHA2(seq, 256)), IF(seq = 1, 18446744073709551615, seq * 7919), seq / 7, seq * 3.14159265358979"
                        + " FROM shop.seq_1_to_" + blobs,
                "CREATE TABLE media.events_nopk (ts DATETIME, kind VARCHAR(10), val INT NULL)",
                "INSERT INTO media.events_nopk SELECT TIMESTAMP('2022-02-02') + INTERVAL (seq % 1000) SECOND,"
                        + " ELT(1 + seq % 4, 'click', 'view', 'buy', 'quit'), IF(seq % 9 = 0, NULL, seq % 100) FROM shop.seq_1_to_" + events,
                "CREATE TABLE app.users (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), email VARCHAR(200),"
                        + " score DOUBLE, born DATE, bio TEXT, UNIQUE KEY uk_email (email))",
                "INSERT INTO app.users SELECT seq, CONCAT('名前-', seq), CONCAT('u', seq, '@example.com'), seq * 1.5,"
                        + " DATE('1970-01-01') + INTERVAL (seq % 20000) DAY, IF(seq % 2 = 0, NULL, CONCAT('bio ', seq)) FROM shop.seq_1_to_" + users);
    }

    static String sourceYaml(String id, MariaDbServer src) {
        return "source-id: " + id + "\n"
                + "enable-gtid: true\n"
                + "from:\n"
                + "  host: 127.0.0.1\n"
                + "  port: " + src.port() + "\n"
                + "  user: root\n"
                + "  password: " + MariaDbServer.ROOT_PASSWORD + "\n";
    }

    static String taskYaml(String name, String mode, String sourceId, MariaDbServer dst) {
        return "name: " + name + "\n"
                + "task-mode: " + mode + "\n"
                + "target-database:\n"
                + "  host: 127.0.0.1\n"
                + "  port: " + dst.port() + "\n"
                + "  user: root\n"
                + "  password: " + MariaDbServer.ROOT_PASSWORD + "\n"
                + "mysql-instances:\n"
                + "  - source-id: " + sourceId + "\n"
                + "    block-allow-list: ba\n"
                + "    mydumper-config-name: dump\n"
                + "    syncer-config-name: sync\n"
                + "block-allow-list:\n"
                + "  ba:\n"
                + "    do-dbs: [\"shop\", \"media\", \"app\", \"extra\"]\n"
                + "mydumpers:\n"
                + "  dump:\n"
                + "    threads: 2\n"
                + "    rows: 5000\n"
                + "syncers:\n"
                + "  sync:\n"
                + "    worker-count: 4\n"
                + "    batch: 100\n"
                + "    checkpoint-flush-interval: 2\n";
    }
}
