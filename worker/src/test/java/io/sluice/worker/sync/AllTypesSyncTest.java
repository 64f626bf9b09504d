package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.subtask.SubtaskContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every MariaDB 10.11 column type through the sync phase: the tables are created upstream while
 * the unit runs (so the target's tables come from the replayed DDL), rows with extreme, ordinary
 * and NULL values are inserted, updated to other extremes and deleted, on a table with a primary
 * key and on one without any key (where rows are found by their values). Then every column of
 * every row is compared on both servers, as text and as the hex of its bytes.
 */
@Tag("integration")
class AllTypesSyncTest extends SyncUnitFixture {
    AllTypesSyncTest() {
        super("types");
    }

    /** One column: its definition and a SQL literal for each of the value sets {@code max}, {@code min}, {@code misc}. */
    private record Col(String name, String ddl, String max, String min, String misc) {
        boolean generated() {
            return ddl.contains(" AS (");
        }

        boolean spatial() {
            return ddl.matches("GEOMETRY|POINT|LINESTRING|GEOMETRYCOLLECTION");
        }
    }

    private static final String SET_64 = IntStream.range(0, 64).mapToObj(i -> "'m" + i + "'").collect(Collectors.joining(","));

    private static final List<Col> COLUMNS = List.of(
            new Col("ti", "TINYINT", "127", "-128", "0"),
            new Col("tiu", "TINYINT UNSIGNED", "255", "0", "128"),
            new Col("si", "SMALLINT", "32767", "-32768", "-1"),
            new Col("siu", "SMALLINT UNSIGNED", "65535", "0", "32768"),
            new Col("mi", "MEDIUMINT", "8388607", "-8388608", "-1"),
            new Col("miu", "MEDIUMINT UNSIGNED", "16777215", "0", "8388608"),
            new Col("i", "INT", "2147483647", "-2147483648", "-1"),
            new Col("iu", "INT UNSIGNED", "4294967295", "0", "2147483648"),
            new Col("bi", "BIGINT", "9223372036854775807", "-9223372036854775808", "-1"),
            new Col("biu", "BIGINT UNSIGNED", "18446744073709551615", "0", "9223372036854775808"),
            new Col("d1", "DECIMAL(1,0)", "9", "-9", "0"),
            new Col("d52", "DECIMAL(5,2)", "999.99", "-999.99", "0.01"),
            new Col("d1010", "DECIMAL(10,10)", "0.9999999999", "-0.9999999999", "-0.0000000001"),
            new Col("d189", "DECIMAL(18,9)", "999999999.999999999", "-999999999.999999999", "-0.000000001"),
            new Col("d650", "DECIMAL(65,0)", "9".repeat(65), "-" + "9".repeat(65), "1" + "0".repeat(40)),
            new Col("d6530", "DECIMAL(65,30)", "9".repeat(35) + "." + "9".repeat(30), "-" + "9".repeat(35) + "." + "9".repeat(30),
                    "-0." + "0".repeat(29) + "1"),
            new Col("du", "DECIMAL(12,4) UNSIGNED", "99999999.9999", "0", "1.5"),
            new Col("f", "FLOAT", "3.40282e38", "-3.40282e38", "1.17549e-38"),
            new Col("f73", "FLOAT(7,3)", "9999.999", "-9999.999", "0.001"),
            new Col("dbl", "DOUBLE", "1.7976931348623157e308", "-1.7976931348623157e308", "2.2250738585072014e-308"),
            new Col("dbz", "DOUBLE", "-0e0", "4.9e-324", "0.1"),
            new Col("b1", "BIT(1)", "b'1'", "b'0'", "b'1'"),
            new Col("b7", "BIT(7)", "b'1111111'", "b'0'", "b'1010101'"),
            new Col("b9", "BIT(9)", "b'111111111'", "b'0'", "b'100000001'"),
            new Col("b63", "BIT(63)", "x'7FFFFFFFFFFFFFFF'", "b'0'", "x'4000000000000001'"),
            new Col("b64", "BIT(64)", "x'FFFFFFFFFFFFFFFF'", "b'0'", "x'8000000000000000'"),
            new Col("ch", "CHAR(10)", "'😀ü𝄞abcdefg'", "''", "'  lead'"),
            new Col("ch_l", "CHAR(5) CHARACTER SET latin1", "'éÿ¥£§'", "''", "'a'"),
            new Col("ch_a", "CHAR(3) CHARACTER SET ascii", "'~~~'", "''", "'abc'"),
            new Col("vc", "VARCHAR(300)", "REPEAT('😀', 300)", "''", "'trailing  '"),
            new Col("vc_l", "VARCHAR(20) CHARACTER SET latin1", "'àáâãäåæçèéêëìíîïð'", "''", "'plain'"),
            new Col("vc_bin", "VARCHAR(8) CHARACTER SET binary", "x'FF00FF00FF00FF00'", "x''", "x'00'"),
            new Col("tt", "TINYTEXT", "REPEAT('x', 255)", "''", "'tiny'"),
            new Col("tx", "TEXT", "REPEAT('ü', 30000)", "''", "'text'"),
            new Col("mt", "MEDIUMTEXT", "REPEAT('m😀', 50000)", "''", "'medium'"),
            new Col("lt", "LONGTEXT", "REPEAT('long ', 100000)", "''", "'long'"),
            new Col("tx_l", "TEXT CHARACTER SET latin1", "REPEAT('ß', 1000)", "''", "'latin'"),
            new Col("bn", "BINARY(4)", "x'FFFFFFFF'", "x'00000000'", "x'FF'"),
            new Col("bn1", "BINARY(1)", "x'FF'", "x'00'", "x'7F'"),
            new Col("vb", "VARBINARY(20)", "x'00FF00FF00'", "x''", "x'FF0000'"),
            new Col("tb", "TINYBLOB", "UNHEX(REPEAT('FF', 255))", "x''", "x'00'"),
            new Col("bl", "BLOB", "UNHEX(REPEAT('00FF', 30000))", "x''", "x'0000'"),
            new Col("mb", "MEDIUMBLOB", "UNHEX(REPEAT('FE00', 100000))", "x''", "x'FF'"),
            new Col("lb", "LONGBLOB", "UNHEX(REPEAT('01FF', 200000))", "x''", "x'00FF'"),
            new Col("en", "ENUM('a','b','ü','z z')", "'z z'", "'a'", "'ü'"),
            new Col("st", "SET('x','y','z')", "'x,y,z'", "''", "'y'"),
            new Col("st64", "SET(" + SET_64 + ")", "'" + IntStream.range(0, 64).mapToObj(i -> "m" + i).collect(Collectors.joining(",")) + "'",
                    "''", "'m63'"),
            new Col("dte", "DATE", "'9999-12-31'", "'0000-00-00'", "'2024-02-29'"),
            new Col("dt0", "DATETIME", "'9999-12-31 23:59:59'", "'0000-00-00 00:00:00'", "'2024-02-29 12:34:56'"),
            new Col("dt1", "DATETIME(1)", "'9999-12-31 23:59:59.9'", "'1000-01-01 00:00:00.0'", "'2024-02-29 12:34:56.1'"),
            new Col("dt2", "DATETIME(2)", "'9999-12-31 23:59:59.99'", "'1000-01-01 00:00:00.01'", "'2024-02-29 12:34:56.12'"),
            new Col("dt3", "DATETIME(3)", "'9999-12-31 23:59:59.999'", "'1000-01-01 00:00:00.001'", "'2024-02-29 12:34:56.123'"),
            new Col("dt4", "DATETIME(4)", "'9999-12-31 23:59:59.9999'", "'1000-01-01 00:00:00.0001'", "'2024-02-29 12:34:56.1234'"),
            new Col("dt5", "DATETIME(5)", "'9999-12-31 23:59:59.99999'", "'1000-01-01 00:00:00.00001'", "'2024-02-29 12:34:56.12345'"),
            new Col("dt6", "DATETIME(6)", "'9999-12-31 23:59:59.999999'", "'0000-00-00 00:00:00.000000'", "'2024-02-29 12:34:56.123456'"),
            new Col("ts0", "TIMESTAMP NULL DEFAULT NULL", "'2038-01-19 03:14:07'", "'0000-00-00 00:00:00'", "'1970-01-01 00:00:01'"),
            new Col("ts1", "TIMESTAMP(1) NULL DEFAULT NULL", "'2038-01-19 03:14:07.9'", "'1970-01-01 00:00:01.0'", "'2001-09-09 01:46:40.1'"),
            new Col("ts2", "TIMESTAMP(2) NULL DEFAULT NULL", "'2038-01-19 03:14:07.99'", "'1970-01-01 00:00:01.01'", "'2001-09-09 01:46:40.12'"),
            new Col("ts3", "TIMESTAMP(3) NULL DEFAULT NULL", "'2038-01-19 03:14:07.999'", "'1970-01-01 00:00:01.001'", "'2001-09-09 01:46:40.123'"),
            new Col("ts4", "TIMESTAMP(4) NULL DEFAULT NULL", "'2038-01-19 03:14:07.9999'", "'1970-01-01 00:00:01.0001'", "'2001-09-09 01:46:40.1234'"),
            new Col("ts5", "TIMESTAMP(5) NULL DEFAULT NULL", "'2038-01-19 03:14:07.99999'", "'1970-01-01 00:00:01.00001'", "'2001-09-09 01:46:40.12345'"),
            new Col("ts6", "TIMESTAMP(6) NULL DEFAULT NULL", "'2038-01-19 03:14:07.999999'", "'0000-00-00 00:00:00.000000'", "'2001-09-09 01:46:40.123456'"),
            new Col("tm0", "TIME", "'838:59:59'", "'-838:59:59'", "'-00:00:01'"),
            new Col("tm1", "TIME(1)", "'838:59:59.9'", "'-838:59:59.9'", "'-00:00:00.1'"),
            new Col("tm2", "TIME(2)", "'838:59:59.99'", "'-838:59:59.99'", "'-00:00:00.01'"),
            new Col("tm3", "TIME(3)", "'838:59:59.999'", "'-838:59:59.999'", "'-01:00:00.001'"),
            new Col("tm4", "TIME(4)", "'838:59:59.9999'", "'-838:59:59.9999'", "'-00:00:00.0001'"),
            new Col("tm5", "TIME(5)", "'838:59:59.99999'", "'-838:59:59.99999'", "'25:00:00.00001'"),
            new Col("tm6", "TIME(6)", "'838:59:59.999999'", "'-838:59:59.999999'", "'-00:00:00.000001'"),
            new Col("yr", "YEAR", "2155", "1901", "0"),
            new Col("js", "JSON", "'{\"a\": [1, 2.5, {\"b\": null, \"c\": \"😀\"}], \"d\": true}'", "'[]'", "'\"text\"'"),
            new Col("geo", "GEOMETRY", "ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))')", "ST_GeomFromText('POINT(0 0)')",
                    "ST_GeomFromText('LINESTRING(-1.5 2.25,3 4)')"),
            new Col("pt", "POINT", "ST_GeomFromText('POINT(1.7976931348623157e308 -1e-300)')", "ST_GeomFromText('POINT(0 0)')",
                    "ST_GeomFromText('POINT(-122.4194 37.7749)')"),
            new Col("ls", "LINESTRING", "ST_GeomFromText('LINESTRING(0 0,1 1,2 2)')", "ST_GeomFromText('LINESTRING(0 0,0 1)')",
                    "ST_GeomFromText('LINESTRING(5 5,6 6)')"),
            new Col("gc", "GEOMETRYCOLLECTION", "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1 1))')",
                    "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(0 0))')", "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(2 3))')"),
            new Col("ip", "INET6", "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'", "'::'", "'::ffff:192.0.2.1'"),
            new Col("uu", "UUID", "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'00000000-0000-0000-0000-000000000000'",
                    "'123e4567-e89b-12d3-a456-426655440000'"),
            new Col("gv", "BIGINT AS (i + 1) VIRTUAL", null, null, null),
            new Col("gs", "VARCHAR(400) AS (CONCAT(LEFT(vc, 20), '|', si)) STORED", null, null, null));

    @Test
    void everyColumnOfEveryRowArrivesExactly() throws Exception {
        Running unit = start(new SyncUnit(masterPosition()), context("types", 4));
        writeEveryKindOfRow("alltypes");
        for (String table : List.of("alltypes.keyed", "alltypes.keyless")) {
            awaitSameValues(unit, table);
        }
        unit.stopAndJoin();
    }

    /**
     * The same rows read as a backlog by one queue: neighbours with the same statement go to the
     * target as one bulk request (MariaDB's binary protocol, not the text one), which must carry
     * every value as exactly.
     */
    @Test
    void everyColumnArrivesExactlyWhenIdenticalStatementsGoAsOneBulkRequest() throws Exception {
        BinlogPosition before = masterPosition();
        writeEveryKindOfRow("alltypes_bulk");
        long bulkBefore = statusCounter(dst, "Com_stmt_execute");
        Running unit = start(new SyncUnit(before), context("types_bulk", 1));
        for (String table : List.of("alltypes_bulk.keyed", "alltypes_bulk.keyless")) {
            awaitSameValues(unit, table);
        }
        unit.stopAndJoin();
        assertTrue(statusCounter(dst, "Com_stmt_execute") > bulkBefore, "some statements went as bulk requests");
    }

    private void writeEveryKindOfRow(String db) throws SQLException {
        String columns = COLUMNS.stream().map(c -> "`" + c.name() + "` " + c.ddl()).collect(Collectors.joining(", "));
        src.execute("CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".keyed (id INT NOT NULL PRIMARY KEY, " + columns + ") DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE " + db + ".keyless (id INT NOT NULL, " + columns + ") DEFAULT CHARSET=utf8mb4");
        for (String table : List.of(db + ".keyed", db + ".keyless")) {
            src.execute(insert(table, 1, null), insert(table, 2, Col::max), insert(table, 3, Col::min), insert(table, 4, Col::misc),
                    insert(table, 5, Col::misc), insert(table, 6, Col::max),
                    update(table, 4, Col::max), update(table, 2, Col::min), update(table, 1, Col::misc), update(table, 5, null),
                    update(table, 6, Col::misc), "DELETE FROM " + table + " WHERE id = 3");
        }
        // a transaction of several rows events: multi-row insert, then changes of only some columns
        try (Connection c = src.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute(insert(db + ".keyed", 7, Col::min) + ", " + values(8, Col::max) + ", " + values(9, null));
            st.execute("UPDATE " + db + ".keyed SET tm6 = '-12:00:00.5', b64 = b'1', uu = NULL WHERE id >= 7");
            st.execute("DELETE FROM " + db + ".keyed WHERE id = 8");
            c.commit();
        }
    }

    private static long statusCounter(MariaDbServer s, String name) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }

    private SubtaskContext context(String task, int workers) {
        return contextOf("""
                name: %s
                task-mode: incremental
                target-database: %s
                mysql-instances:
                  - source-id: %s
                    syncer: {worker-count: %d, batch: 100, checkpoint-flush-interval: 1, safe-mode-duration: 0s}
                """.formatted(task, targetDatabaseYaml(), SOURCE_ID, workers));
    }

    private interface ValueSet extends java.util.function.Function<Col, String> {
    }

    private static List<Col> writable() {
        return COLUMNS.stream().filter(c -> !c.generated()).toList();
    }

    private static String values(int id, ValueSet set) {
        return "(" + id + ", " + writable().stream().map(c -> set == null ? "NULL" : set.apply(c)).collect(Collectors.joining(", ")) + ")";
    }

    private static String insert(String table, int id, ValueSet set) {
        return "INSERT INTO " + table + " (id, " + writable().stream().map(c -> "`" + c.name() + "`").collect(Collectors.joining(", "))
                + ") VALUES " + values(id, set);
    }

    private static String update(String table, int id, ValueSet set) {
        return "UPDATE " + table + " SET " + writable().stream().map(c -> "`" + c.name() + "` = " + (set == null ? "NULL" : set.apply(c)))
                .collect(Collectors.joining(", ")) + " WHERE id = " + id;
    }

    /** Waits until every column of the table reads the same on both servers, then fails naming each column that differs. */
    private void awaitSameValues(Running unit, String table) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        Map<String, String> diffs = Map.of("table", "not created on the target");
        while (System.currentTimeMillis() < deadline) {
            if (!unit.thread().isAlive()) {
                fail("unit ended: " + unit.error().get(), unit.error().get());
            }
            try {
                diffs = differences(table);
                if (diffs.isEmpty()) {
                    return;
                }
            } catch (SQLException notYet) {
                diffs = Map.of("error", notYet.getMessage()); // e.g. the target's table is not there yet
            }
            Thread.sleep(300);
        }
        fail(table + " differs in " + diffs.size() + " columns: " + diffs);
    }

    private Map<String, String> differences(String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> ids = column(src, table, "id");
        List<String> targetIds = column(dst, table, "id");
        if (!ids.equals(targetIds)) {
            out.put("id", "source " + ids + " target " + targetIds);
            return out;
        }
        for (Col c : COLUMNS) {
            String q = "`" + c.name() + "`";
            String text = c.spatial() ? "ST_AsText(" + q + ")" : "CAST(" + q + " AS CHAR)";
            String expr = "CONCAT(IFNULL(HEX(" + q + "), 'NULL'), ' / ', IFNULL(" + text + ", 'NULL'))";
            List<String> want = column(src, table, expr);
            List<String> got = column(dst, table, expr);
            if (!want.equals(got)) {
                out.put(c.name(), "source " + abbreviate(want) + " target " + abbreviate(got));
            }
        }
        return out;
    }

    private static List<String> abbreviate(List<String> values) {
        return values.stream().map(v -> v.length() > 120 ? v.substring(0, 120) + "…(" + v.length() + ")" : v).toList();
    }

    /** The expression for every row, ordered by id (the keyless table's ids are unique too). */
    private static List<String> column(MariaDbServer s, String table, String expr) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + expr + " FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
