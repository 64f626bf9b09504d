package io.sluice.master.check;

import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of one upstream table a task migrates, as far as the prechecks need it: columns in
 * order, unique keys (the primary key under the name PRIMARY), foreign keys and the character
 * sets its text is stored in; plus where the task's routes send it.
 */
record UpstreamTable(String sourceId, TableName name, TableName target, List<Column> columns,
        Map<String, List<String>> uniqueKeys, boolean hasForeignKey, Set<String> charsets) {

    record Column(String name, String type, boolean autoIncrement) {
    }

    private static final String NOT_SYSTEM = " NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')";

    /** The single-column unique key on an auto-increment column, if the table has one. */
    Column autoIncrementKey() {
        for (Column c : columns) {
            if (c.autoIncrement && uniqueKeys.values().stream().anyMatch(k -> k.equals(List.of(c.name)))) {
                return c;
            }
        }
        return null;
    }

    /** Every base table of the source the task's rules migrate, read from information_schema in four queries. */
    static List<UpstreamTable> load(SourceDb db, MigrationRules rules) throws SQLException {
        Map<TableName, String> collations = new LinkedHashMap<>();
        query(db, "SELECT TABLE_SCHEMA, TABLE_NAME, IFNULL(c.CHARACTER_SET_NAME, '') FROM information_schema.TABLES t"
                + " LEFT JOIN information_schema.COLLATIONS c ON c.COLLATION_NAME = t.TABLE_COLLATION"
                + " WHERE t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_SCHEMA" + NOT_SYSTEM + " ORDER BY 1, 2", r -> {
                    TableName t = new TableName(r.getString(1), r.getString(2));
                    if (rules.tableAllowed(t.schema(), t.table())) {
                        collations.put(t, r.getString(3));
                    }
                });
        Map<TableName, List<Column>> columns = new LinkedHashMap<>();
        Map<TableName, Set<String>> charsets = new LinkedHashMap<>();
        query(db, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, EXTRA, CHARACTER_SET_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA" + NOT_SYSTEM + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION", r -> {
                    TableName t = new TableName(r.getString(1), r.getString(2));
                    if (collations.containsKey(t)) {
                        columns.computeIfAbsent(t, k -> new ArrayList<>()).add(new Column(r.getString(3), r.getString(4).toLowerCase(),
                                r.getString(5) != null && r.getString(5).toLowerCase().contains("auto_increment")));
                        if (r.getString(6) != null) {
                            charsets.computeIfAbsent(t, k -> new LinkedHashSet<>()).add(r.getString(6).toLowerCase());
                        }
                    }
                });
        Map<TableName, Map<String, List<String>>> keys = new LinkedHashMap<>();
        query(db, "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE NON_UNIQUE = 0 AND TABLE_SCHEMA" + NOT_SYSTEM + " ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX", r -> {
                    TableName t = new TableName(r.getString(1), r.getString(2));
                    keys.computeIfAbsent(t, k -> new LinkedHashMap<>()).computeIfAbsent(r.getString(3), k -> new ArrayList<>()).add(r.getString(4));
                });
        Set<TableName> withForeignKeys = new LinkedHashSet<>();
        query(db, "SELECT CONSTRAINT_SCHEMA, TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA" + NOT_SYSTEM,
                r -> withForeignKeys.add(new TableName(r.getString(1), r.getString(2))));
        List<UpstreamTable> out = new ArrayList<>();
        for (Map.Entry<TableName, String> e : collations.entrySet()) {
            TableName t = e.getKey();
            Set<String> cs = new LinkedHashSet<>();
            if (!e.getValue().isEmpty()) {
                cs.add(e.getValue().toLowerCase());
            }
            cs.addAll(charsets.getOrDefault(t, Set.of()));
            out.add(new UpstreamTable(db.sourceId, t, rules.route(t.schema(), t.table()), columns.getOrDefault(t, List.of()),
                    keys.getOrDefault(t, Map.of()), withForeignKeys.contains(t), cs));
        }
        return out;
    }

    private interface Row {
        void accept(ResultSet r) throws SQLException;
    }

    private static void query(SourceDb db, String sql, Row row) throws SQLException {
        try (PreparedStatement ps = db.connection().prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }
}
