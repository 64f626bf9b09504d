package io.sluice.worker.dump;

import io.sluice.common.filter.MigrationRules;
import io.sluice.worker.sync.onlineddl.TableRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads from information_schema which schemas and base tables (never views) the dump takes,
 * as the migration rules allow, with their columns and the key each is chunked by: the primary
 * key, else the first unique key whose columns are all NOT NULL (so every row has exactly one
 * place in the key order); none for a table without either. Three queries for the whole
 * instance rather than three per table, so instances with many tables start quickly.
 */
final class SourceCatalog {
    private static final Set<String> BINARY_TYPES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob",
            "longblob", "bit", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
            "multipolygon", "geometrycollection");
    private static final Set<String> INTEGER_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");

    final List<String> schemas;
    final List<SourceTable> tables;

    private SourceCatalog(List<String> schemas, List<SourceTable> tables) {
        this.schemas = schemas;
        this.tables = tables;
    }

    /**
     * @param onlineDdl the task's {@code online-ddl}: then gh-ost's and pt-osc's ghost and trash
     *     tables are left out, as the sync leaves them out: a tool's leftovers (gh-ost keeps
     *     {@code _t_del} by default) never reach the target, and a run in progress during the
     *     dump stops at its cut-over with 36046 (as in DM) instead of leaving its ghost there
     */
    static SourceCatalog read(Connection c, MigrationRules rules, boolean onlineDdl) throws SQLException {
        Map<String, Long> tableRows = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES"
                        + " WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String table = rs.getString(2);
                if (!MigrationRules.isSystemSchema(schema) && rules.tableAllowed(schema, table)
                        && !(onlineDdl && TableRole.of(table) != TableRole.REAL)) {
                    tableRows.put(key(schema, table), rs.getLong(3));
                }
            }
        }
        Map<String, List<SourceTable.Column>> columns = new HashMap<>();
        Map<String, Boolean> notNull = new HashMap<>();
        Map<String, Boolean> integer = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, LOWER(DATA_TYPE), UPPER(EXTRA), IS_NULLABLE"
                        + " FROM information_schema.COLUMNS ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
            while (rs.next()) {
                String k = key(rs.getString(1), rs.getString(2));
                if (!tableRows.containsKey(k)) {
                    continue;
                }
                String type = rs.getString(4);
                String extra = rs.getString(5) == null ? "" : rs.getString(5);
                boolean generated = extra.contains("GENERATED") || extra.equals("VIRTUAL") || extra.equals("PERSISTENT");
                columns.computeIfAbsent(k, x -> new ArrayList<>())
                        .add(new SourceTable.Column(rs.getString(3), BINARY_TYPES.contains(type), generated));
                notNull.put(k + "\0" + rs.getString(3), "NO".equals(rs.getString(6)));
                integer.put(k + "\0" + rs.getString(3), INTEGER_TYPES.contains(type));
            }
        }
        // unique indexes; PRIMARY sorts first, then by name for a stable choice
        Map<String, Map<String, List<String>>> uniqueIndexes = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                        + " WHERE NON_UNIQUE = 0 ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX")) {
            while (rs.next()) {
                String k = key(rs.getString(1), rs.getString(2));
                if (tableRows.containsKey(k)) {
                    uniqueIndexes.computeIfAbsent(k, x -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(3), x -> new ArrayList<>()).add(rs.getString(4));
                }
            }
        }
        List<SourceTable> tables = new ArrayList<>();
        Set<String> schemas = new TreeSet<>();
        for (var e : tableRows.entrySet()) {
            String[] st = e.getKey().split("\0", 2);
            List<String> key = List.of();
            for (List<String> cols : uniqueIndexes.getOrDefault(e.getKey(), Map.of()).values()) {
                if (cols.stream().allMatch(col -> notNull.getOrDefault(e.getKey() + "\0" + col, false))) {
                    key = List.copyOf(cols);
                    break;
                }
            }
            boolean integerKey = key.size() == 1 && integer.getOrDefault(e.getKey() + "\0" + key.get(0), false);
            tables.add(new SourceTable(st[0], st[1], columns.getOrDefault(e.getKey(), List.of()), key, integerKey, e.getValue()));
            schemas.add(st[0]);
        }
        // allowed schemas without tables are still created downstream, as mydumper does
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
            while (rs.next()) {
                String s = rs.getString(1);
                if (!MigrationRules.isSystemSchema(s) && rules.schemaAllowed(s)) {
                    schemas.add(s);
                }
            }
        }
        return new SourceCatalog(List.copyOf(schemas), tables);
    }

    private static String key(String schema, String table) {
        return schema + "\0" + table;
    }
}
