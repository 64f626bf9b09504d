package io.sluice.hatests;

import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Row count and an order-independent checksum of each table, computed by the server itself so
 * source and target are compared value for value: numbers as text, everything else as the hex
 * of its bytes, NULL distinct from any value.
 */
public final class TableChecksum {
    private static final Set<String> NUMERIC = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal",
            "float", "double");

    private TableChecksum() {
    }

    /** "schema.table" → "count/checksum" for every base table of the given schemas. */
    public static Map<String, String> of(MariaDbServer server, List<String> schemas) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String schema : schemas) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                        + schema + "' AND table_type = 'BASE TABLE'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    out.put(schema + "." + table, checksum(st, schema, table));
                }
            }
        }
        return out;
    }

    private static String checksum(Statement st, String schema, String table) throws SQLException {
        List<String> exprs = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '"
                + schema + "' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                String col = "`" + rs.getString(1) + "`";
                String expr = NUMERIC.contains(rs.getString(2).toLowerCase()) ? "CAST(" + col + " AS CHAR)" : "HEX(" + col + ")";
                exprs.add("IFNULL(" + expr + ", '\\\\N')");
            }
        }
        String row = "CONCAT_WS('|', " + String.join(", ", exprs) + ")";
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(CRC32(" + row + ")), 0), COALESCE(BIT_XOR(CRC32(" + row
                + ")), 0) FROM `" + schema + "`.`" + table + "`")) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getString(2) + "/" + rs.getString(3);
        }
    }

    public static long count(MariaDbServer server, String table) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
