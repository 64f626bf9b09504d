package io.sluice.worker.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.common.filter.expression.SqlExpression;
import io.sluice.testkit.MariaDbServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The expression filter's evaluator against a real server: each expression is evaluated by
 * {@link SqlExpression} over a row image and by MariaDB over the same row in a table, and the
 * SQL texts of the results must agree. The session uses a binary collation, as DM's evaluator
 * does; JSON is left out (MariaDB compares JSON as text, MySQL and TiDB as JSON).
 */
@Tag("integration")
class ExpressionSemanticsTest {
    private static final List<SqlExpression.Column> COLUMNS = List.of(
            new SqlExpression.Column("a", "int"), new SqlExpression.Column("b", "int"), new SqlExpression.Column("c", "bigint"),
            new SqlExpression.Column("d", "decimal"), new SqlExpression.Column("f", "double"), new SqlExpression.Column("s", "varchar"),
            new SqlExpression.Column("dt", "datetime"), new SqlExpression.Column("ts", "timestamp"), new SqlExpression.Column("dd", "date"),
            new SqlExpression.Column("n", "int"));
    /** The row as the sync unit's value converter hands it over (temporal columns as their text). */
    private static final Object[] ROW = {3, 4, 5L, new BigDecimal("12.50"), 2.5, "Hello World", "2021-06-15 10:30:00",
        "2021-01-01 04:34:56.567800", "2021-06-15", null};

    private static final List<String> EXPRESSIONS = List.of(
            "c % 2 = 0", "a*a + b*b = c*c", "a = '3'", "a = '3abc'", "'abc' = 0", "a = 3.0", "d = 12.5", "d > f", "c > 4.99",
            "'a' < 'b'", "'a' = 'A'", "'10' < '9'", "s = 'hello world'", "dt = '2021-06-15 10:30:00'", "dt > '2021-06-15'",
            "dd = '2021-06-15'", "dd < dt", "dd = 20210615", "dt = 20210615103000", "ts = '2021-01-01 04:34:56.5678'",
            "NULL AND FALSE", "NULL AND TRUE", "NULL OR TRUE", "NULL OR FALSE", "NOT NULL", "NULL XOR TRUE", "TRUE XOR FALSE",
            "n = NULL", "NULL <=> NULL", "a <=> NULL", "n IS NULL", "(n > 1) IS UNKNOWN", "(n > 1) IS NOT TRUE",
            "a IN (1, 3, NULL)", "a IN (1, 2, NULL)", "a NOT IN (1, 2, NULL)", "a NOT IN (1, 2)", "n IN (1, 2)",
            "a BETWEEN 1 AND NULL", "a BETWEEN 4 AND NULL", "a NOT BETWEEN 1 AND 2", "!(a > 5)",
            "7 DIV 2", "-7 DIV 2", "-7 % 3", "7 MOD 3", "7.5 % 3", "7 / 2", "1 / 3", "1 / 0", "1 DIV 0", "1 % 0", "a + n",
            "d + a - 0.5", "'2' + a", "-a", "a & 1", "a | 4", "a ^ 1", "d * 2", "d / 4",
            "s LIKE 'Hello%'", "s LIKE '_ello W%d'", "s LIKE 'hello%'", "s NOT LIKE '%xyz%'", "'50%' LIKE '50!%' ESCAPE '!'",
            "'a_b' LIKE 'a\\\\_b'", "n LIKE 'x'", "s REGEXP '^Hel+o'", "s NOT REGEXP '[0-9]'",
            "CASE WHEN a > 2 THEN 'big' ELSE 'small' END", "CASE a WHEN 1 THEN 'one' WHEN 3 THEN 'three' END",
            "CASE a WHEN 1 THEN 'one' END", "CASE n WHEN NULL THEN 'null' ELSE 'none' END",
            "LENGTH(s)", "LENGTH('héllo')", "CHAR_LENGTH('héllo')", "CONCAT(s, '!', a)", "CONCAT(s, n)", "CONCAT_WS('-', 'a', NULL, 'b')",
            "SUBSTRING(s, 7)", "SUBSTRING(s FROM 7 FOR 3)", "SUBSTR(s, -3)", "SUBSTRING(s, 0)", "MID(s, 2, 3)", "LEFT(s, 2)",
            "RIGHT(s, 2)", "LOWER(s)", "UCASE(s)", "TRIM('  x  ')", "LTRIM('  x  ')", "RTRIM('  x  ')", "TRIM(LEADING 'y' FROM 'yyxa')",
            "TRIM(TRAILING 'y' FROM 'axyy')", "REPLACE(s, 'l', 'x')", "INSTR(s, 'o')", "LOCATE('o', s, 6)", "LOCATE('z', s)",
            "LPAD('42', 5, '0')", "RPAD('42', 4, '.')", "REVERSE('abc')", "REPEAT('ab', 2)", "STRCMP('a', 'b')",
            "ABS(-3)", "ABS(-d)", "MOD(a, 2)", "CEIL(d)", "FLOOR(d)", "ROUND(d)", "ROUND(12.345, 2)", "TRUNCATE(12.39, 1)",
            "SIGN(-4)", "POW(2, 3)", "SQRT(9)", "GREATEST(a, b, c)", "LEAST(a, b, c)", "IF(a > 2, 'yes', 'no')",
            "IF(NULL, 'yes', 'no')", "IFNULL(n, 'dflt')", "NULLIF(a, 3)", "NULLIF(a, 4)", "COALESCE(NULL, n, 'x')", "ISNULL(n)",
            "DATE(dt)", "YEAR(dt)", "MONTH(dd)", "DAY(dt)", "HOUR(dt)", "MINUTE(dt)", "SECOND(ts)", "DAYOFWEEK(dd)", "WEEKDAY(dd)",
            "DAYOFYEAR(dd)", "EXTRACT(YEAR FROM dt)", "DATE_ADD(dt, INTERVAL 1 DAY)", "DATE_SUB(dt, INTERVAL 2 HOUR)",
            "ADDDATE(dd, 3)", "dd + INTERVAL 1 MONTH", "dd + INTERVAL 1 HOUR", "dt - INTERVAL 1 YEAR", "DATEDIFF(dd, '2021-06-01')",
            "TIMESTAMPDIFF(MONTH, ts, dt)", "UNIX_TIMESTAMP(dt)", "FROM_UNIXTIME(1609475696)", "CAST(d AS SIGNED)",
            "CAST(d AS DECIMAL(10,1))", "CAST(a AS CHAR)", "CAST(dt AS DATE)", "ts < '2021-01-01 00:00:00'");

    @Test
    void agreesWithMariaDb() throws Exception {
        List<String> mismatches = new ArrayList<>();
        try (MariaDbServer db = MariaDbServer.start("expr-semantics"); Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
            st.execute("SET time_zone = '+00:00'");
            st.execute("CREATE DATABASE es");
            st.execute("CREATE TABLE es.t (a INT, b INT, c BIGINT, d DECIMAL(10,2), f DOUBLE, s VARCHAR(50) COLLATE utf8mb4_bin,"
                    + " dt DATETIME, ts TIMESTAMP(6) NULL, dd DATE, n INT) DEFAULT CHARSET=utf8mb4");
            st.execute("INSERT INTO es.t VALUES (3, 4, 5, 12.50, 2.5, 'Hello World', '2021-06-15 10:30:00',"
                    + " '2021-01-01 04:34:56.567800', '2021-06-15', NULL)");
            for (String expr : EXPRESSIONS) {
                String server;
                try (ResultSet rs = st.executeQuery("SELECT " + expr + " FROM es.t")) {
                    rs.next();
                    server = rs.getString(1);
                }
                String ours = SqlExpression.parse(expr).bind(COLUMNS).evaluate(ROW);
                if (!same(server, ours)) {
                    mismatches.add(expr + ": MariaDB " + server + ", ours " + ours);
                }
            }
        }
        System.out.printf("expression semantics: %d expressions, %d differ%n", EXPRESSIONS.size(), mismatches.size());
        assertEquals(List.of(), mismatches);
    }

    /** Equal texts; numbers equal by value (MariaDB prints doubles its own way). */
    private static boolean same(String server, String ours) {
        if (server == null || ours == null) {
            return server == null && ours == null;
        }
        if (server.equals(ours)) {
            return true;
        }
        try {
            return new BigDecimal(server).compareTo(new BigDecimal(ours)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
