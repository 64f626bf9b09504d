package io.sluice.master.datacheck;

import io.sluice.common.filter.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A target table's columns (in order) and the key its chunks split on: the primary key, else the
 * first unique key whose columns are all NOT NULL (a nullable unique key lets several rows share
 * a NULL, so its ranges would not be exact). Empty key: the table is compared as a whole.
 */
record TableShape(List<String> columns, List<String> key, boolean integerKey) {
    private static final Set<String> INTEGER_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");

    boolean keyless() {
        return key.isEmpty();
    }

    /** The table's shape, or null when the table does not exist. */
    static TableShape read(Connection target, TableName table) throws SQLException {
        List<String> columns = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = target.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    types.put(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        List<String> key = key(target, table);
        boolean integer = key.size() == 1 && INTEGER_TYPES.contains(types.get(key.get(0)));
        return new TableShape(List.copyOf(columns), key, integer);
    }

    private static List<String> key(Connection target, TableName table) throws SQLException {
        Map<String, List<String>> unique = new LinkedHashMap<>();
        Set<String> nullable = new java.util.HashSet<>();
        try (PreparedStatement ps = target.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME, NULLABLE FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0"
                + " ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unique.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    if ("YES".equalsIgnoreCase(rs.getString(3))) {
                        nullable.add(rs.getString(1));
                    }
                }
            }
        }
        return unique.entrySet().stream().filter(e -> !nullable.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().map(List::copyOf).orElse(List.of());
    }
}
