package io.sluice.worker.load;

import static io.sluice.worker.load.FullPhaseFixture.context;
import static io.sluice.worker.load.FullPhaseFixture.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.SluiceException;
import io.sluice.testkit.MariaDbServer;
import io.sluice.worker.dump.DumpUnit;
import io.sluice.worker.subtask.SubtaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every MySQL/MariaDB type through the data-file format and back, value for value: once by
 * LOAD DATA LOCAL INFILE and once by the multi-row INSERT fallback of a target with
 * {@code local_infile=OFF}. Values are compared row by row as the servers print them (hex of the
 * bytes for everything that is not a number), so NULL, 'NULL', '' and '\N' must all stay apart.
 */
class DataFileRoundTripTest {
    private static final Set<String> NUMERIC = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal",
            "float", "double");
    private static final String BA = "    block-allow-list: only-ty";
    // the dump is loaded twice (by LOAD DATA, then by INSERTs), so the first load must keep its files
    private static final String RULES = "block-allow-list:\n  only-ty:\n    do-dbs: [\"ty\"]\nclean-dump-file: false\n";
    private static MariaDbServer src;
    private static MariaDbServer dst;

    @BeforeAll
    static void start() throws Exception {
        src = MariaDbServer.start("rt-src");
        dst = MariaDbServer.start("rt-dst");
        FullPhaseFixture.defineEncodedUtcZone(src);
        FullPhaseFixture.defineEncodedUtcZone(dst);
        createTypes();
    }

    @AfterAll
    static void close() {
        if (src != null) {
            src.close();
        }
        if (dst != null) {
            dst.close();
        }
    }

    private static void createTypes() throws Exception {
        src.execute("CREATE DATABASE ty",
                "CREATE TABLE ty.t (id INT PRIMARY KEY, vc VARCHAR(200), txt TEXT, latin VARCHAR(40) CHARACTER SET latin1,"
                        + " ch CHAR(10), bl BLOB, vb VARBINARY(300), bn BINARY(4), dec65 DECIMAL(65,30), dneg DECIMAL(5,2),"
                        + " dt DATETIME(6), dt0 DATETIME, ts TIMESTAMP(6) NULL DEFAULT NULL, d DATE, t TIME(6), y YEAR,"
                        + " j JSON, e ENUM('a','b','it''s'), s SET('x','y','z'), b1 BIT(1), b13 BIT(13), b64 BIT(64),"
                        + " ubig BIGINT UNSIGNED, sbig BIGINT, f FLOAT, db DOUBLE, g POINT NULL,"
                        + " gen VARCHAR(220) AS (CONCAT(vc, '!')) VIRTUAL)");
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        String nasty = "tab\there nl\nthere cr\rback\\slash \\N \\t quote' dq\" nul\0 ctrlz\u001a end\\";
        try (Connection c = src.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO ty.t (id, vc, txt, latin,"
                + " ch, bl, vb, bn, dec65, dneg, dt, dt0, ts, d, t, y, j, e, s, b1, b13, b64, ubig, sbig, f, db)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            Object[][] rows = {
                {1, nasty, "line1\nline2\\n literal \t", "café naïve", "pad", allBytes, new byte[] {0, '\t', '\n', '\\', 'N', (byte) 0xff},
                    new byte[] {1, 0, 0, 0}, "-12345678901234567890123456789012345.123456789012345678901234567891", "-999.99",
                    "2024-02-29 23:59:59.123456", "9999-12-31 23:59:59", "2038-01-19 03:14:07.999999", "1000-01-01",
                    "-838:59:59.000000", 2155, "{\"k\": [1, 2.5, \"s'q\\t\"], \"e\": \"😀\", \"n\": null}", "it's", "x,z",
                    new byte[] {1}, new byte[] {0x1f, (byte) 0xff}, new byte[] {(byte) 0xff, 0, 1, 2, 3, 4, 5, (byte) 0x80},
                    "18446744073709551615", Long.MIN_VALUE, 3.14159f, 2.718281828459045},
                {2, "NULL", "\\N", "NULL", "", new byte[0], new byte[0], new byte[] {0, 0, 0, 0}, "0.000000000000000000000000000001",
                    "0.00", "0000-00-00 00:00:00.000000", "0000-00-00 00:00:00", "1970-01-01 00:00:01.000001", "0000-00-00",
                    "00:00:00.000001", 0, "[]", "a", "", new byte[] {0}, new byte[] {0, 0}, new byte[8], "0", 0L, -0.1f, 1e-300},
                {3, "", "", "", "😀", "\\N".getBytes(), "NULL".getBytes(), "\t\n\r\\".getBytes(), "1E+0", "1.5",
                    "2000-01-01 00:00:00", "2000-02-29 12:00:00", null, "2000-00-00", "838:59:59", 1901, "\"\\u0000\"", null, null,
                    null, null, null, null, null, 1.0e38f, Double.MIN_VALUE},
                {4, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null},
            };
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.executeUpdate();
            }
        }
        // a point, and enough plain rows that the table is split into several files
        src.execute(
                "UPDATE ty.t SET g = ST_GeomFromText('POINT(1.5 -2.25)') WHERE id = 1",
                "INSERT INTO ty.t (id, vc, bl, dt, j) SELECT 100 + seq, CONCAT('row ', seq, '\t', seq), UNHEX(SHA2(seq, 256)),"
                        + " '2020-01-01' + INTERVAL seq SECOND, JSON_OBJECT('seq', seq) FROM mysql.seq_1_to_3000",
                "ANALYZE TABLE ty.t");
    }

    @Test
    void everyTypeRoundTripsByLoadDataAndByInserts() throws Exception {
        Path dir = Files.createTempDirectory("dump-ty");
        SubtaskContext byLoadData = context(src, dst, "ty_a", dir, 1000, 0, 2, BA, RULES);
        long loadsBefore = comLoad(); // the dump unit loads chunks too, while it dumps
        new DumpUnit().process(byLoadData);
        List<String> expected = rows(src);
        assertEquals(3004, expected.size());

        new LoadUnit().process(byLoadData);
        assertTrue(comLoad() - loadsBefore >= 3, "the files went by LOAD DATA");
        assertRowsEqual(expected, rows(dst));

        // a target that takes no packet above 64 KB: the INSERTs must follow statement-size (16 KB),
        // where DM's default of 1,000,000 bytes would be refused
        long packet = scalar(dst, "SELECT @@GLOBAL.max_allowed_packet");
        dst.execute("DROP DATABASE ty", "SET GLOBAL local_infile = 0", "SET GLOBAL max_allowed_packet = 65536");
        try {
            SubtaskContext byInserts = context(src, dst, "ty_b", dir, 1000, 16_384, 2, BA, RULES);
            loadsBefore = comLoad();
            long replacesBefore = comReplace();
            new LoadUnit().process(byInserts);
            assertEquals(loadsBefore, comLoad(), "local_infile=OFF: no LOAD DATA");
            assertRowsEqual(expected, rows(dst));
            long rowBytes = 0;
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".dat")).toList()) {
                    rowBytes += Files.size(f);
                }
            }
            long statements = comReplace() - replacesBefore;
            System.out.printf("INSERT fallback: %d bytes of rows in %d statements at statement-size 16384%n", rowBytes, statements);
            assertTrue(statements >= rowBytes / 20_000, statements + " statements for " + rowBytes + " bytes of rows");
        } finally {
            dst.execute("SET GLOBAL local_infile = 1", "SET GLOBAL max_allowed_packet = " + packet);
        }
    }

    @Test
    void aValueTheTargetWouldChangeFailsTheFileAndKeepsNothingOfIt() throws Exception {
        src.execute("CREATE DATABASE IF NOT EXISTS ty_narrow", "CREATE TABLE ty_narrow.n (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO ty_narrow.n SELECT seq, IF(seq = 500, 'much too long for it', 'ok') FROM mysql.seq_1_to_1000");
        // the operator created the target table beforehand, with a narrower column
        dst.execute("CREATE DATABASE ty_narrow", "CREATE TABLE ty_narrow.n (id INT PRIMARY KEY, v VARCHAR(5))");
        Path dir = Files.createTempDirectory("dump-narrow");
        SubtaskContext ctx = context(src, dst, "ty_narrow", dir, 0, 0, 1, "    block-allow-list: n",
                "block-allow-list:\n  n:\n    do-dbs: [\"ty_narrow\"]\n");
        new DumpUnit().process(ctx);
        SluiceException e = assertThrows(SluiceException.class, () -> new LoadUnit().process(ctx));
        assertEquals(34004, e.code().code(), e.getMessage());
        assertTrue(e.getMessage().contains("too long") || e.getMessage().contains("1265"), e.getMessage());
        assertEquals(0, scalar(dst, "SELECT COUNT(*) FROM ty_narrow.n"));
    }

    private static long comReplace() throws Exception {
        return scalar(dst, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_REPLACE'");
    }

    private static long comLoad() throws Exception {
        return scalar(dst, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_LOAD'");
    }

    private static void assertRowsEqual(List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "row " + i);
        }
    }

    /** Every stored column of ty.t, row by row in key order, as exact text. */
    private static List<String> rows(MariaDbServer server) throws Exception {
        List<String> exprs = new ArrayList<>();
        for (String[] c : FullPhaseFixture.columns(src, "ty", "t")) {
            String q = "`" + c[0] + "`";
            String v = NUMERIC.contains(c[1]) ? "CAST(" + q + " AS CHAR)" : "HEX(" + q + ")";
            exprs.add("CONCAT('" + c[0] + "=', IFNULL(" + v + ", 'NULL'))");
        }
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CONCAT_WS(' ', " + String.join(", ", exprs) + ") FROM ty.t ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
