package io.sluice.master.shardddl.optimism;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLDataType;
import com.alibaba.druid.sql.ast.SQLDataTypeImpl;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.statement.SQLCharacterDataType;
import com.alibaba.druid.sql.ast.statement.SQLColumnConstraint;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLColumnPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLColumnUniqueKey;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLNotNullConstraint;
import com.alibaba.druid.sql.ast.statement.SQLPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLSelectOrderByItem;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.alibaba.druid.sql.ast.statement.SQLUnique;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlKey;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlUnique;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlTableIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One table's structure as far as the optimistic shard DDL needs it: columns in order and the
 * indexes, keyed by lower-case name, read from a CREATE TABLE with druid. Table options
 * (engine, charset, comments) take no part in the join.
 */
record TableSchema(Map<String, Column> columns, Map<String, Index> indexes) {

    /** The primary key's entry in {@link #indexes}. */
    static final String PRIMARY = "primary";

    /**
     * @param defaultValue the DEFAULT expression as written, null when none (a nullable column
     *                     without one has the default NULL, and is written so)
     * @param generated    the GENERATED ALWAYS AS expression with its STORED/VIRTUAL, "" when none
     */
    record Column(String name, ColumnType type, boolean nullable, String defaultValue, boolean autoIncrement, String generated) {
        boolean hasDefault() {
            return nullable || defaultValue != null || !generated.isEmpty();
        }

        String sql() {
            StringBuilder s = new StringBuilder(quote(name)).append(' ').append(type.sql());
            if (!generated.isEmpty()) {
                s.append(" GENERATED ALWAYS AS ").append(generated);
            }
            s.append(nullable ? " NULL" : " NOT NULL");
            if (defaultValue != null && generated.isEmpty()) {
                s.append(" DEFAULT ").append(defaultValue);
            }
            if (autoIncrement) {
                s.append(" AUTO_INCREMENT");
            }
            return s.toString();
        }
    }

    /** @param columns key parts as written, {@code c} or {@code c(10)} for a prefix */
    record Index(String name, List<String> columns, boolean unique, boolean primary) {
        /** As an ALTER TABLE ... ADD clause. */
        String sql() {
            return primary ? definition() : definition().replaceFirst("KEY ", "INDEX ");
        }

        /** As a CREATE TABLE element. */
        String definition() {
            String parts = String.join(", ", columns.stream().map(TableSchema::quotePart).toList());
            if (primary) {
                return "PRIMARY KEY (" + parts + ")";
            }
            return (unique ? "UNIQUE KEY " : "KEY ") + quote(name) + " (" + parts + ")";
        }
    }

    TableSchema {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        indexes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(indexes));
    }

    /** Reads a CREATE TABLE statement; throws IllegalArgumentException when the text is not one. */
    static TableSchema parse(String createTable) {
        SQLStatement st;
        try {
            st = SQLUtils.parseSingleStatement(createTable, DbType.mysql);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a CREATE TABLE statement: " + e.getMessage(), e);
        }
        if (!(st instanceof SQLCreateTableStatement create)) {
            throw new IllegalArgumentException("not a CREATE TABLE statement: " + createTable);
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        Map<String, Index> indexes = new LinkedHashMap<>();
        for (SQLTableElement el : create.getTableElementList()) {
            if (el instanceof SQLColumnDefinition col) {
                Column c = column(col);
                columns.put(key(c.name()), c);
                for (SQLColumnConstraint k : col.getConstraints()) {
                    if (k instanceof SQLColumnPrimaryKey) {
                        indexes.put(PRIMARY, new Index(PRIMARY, List.of(c.name()), true, true));
                    } else if (k instanceof SQLColumnUniqueKey) {
                        indexes.put(key(c.name()), new Index(c.name(), List.of(c.name()), true, false));
                    }
                }
            } else if (el instanceof SQLPrimaryKey && el instanceof SQLUnique u) {
                indexes.put(PRIMARY, new Index(PRIMARY, keyParts(u), true, true));
            } else if (el instanceof MySqlTableIndex ix) {
                List<String> parts = keyParts(ix.getColumns());
                String name = ix.getName() == null ? parts.get(0).replaceAll("\\(.*", "") : SQLUtils.normalize(ix.getName().getSimpleName());
                indexes.put(key(name), new Index(name, parts, false, false));
            } else if (el instanceof MySqlKey k) {
                boolean unique = el instanceof MySqlUnique;
                List<String> parts = keyParts(k);
                String name = k.getName() == null ? parts.get(0).replaceAll("\\(.*", "") : SQLUtils.normalize(k.getName().getSimpleName());
                indexes.put(key(name), new Index(name, parts, unique, false));
            }
        }
        return new TableSchema(columns, indexes);
    }

    private static Column column(SQLColumnDefinition col) {
        String name = SQLUtils.normalize(col.getColumnName());
        SQLDataType dt = col.getDataType();
        List<String> args = new ArrayList<>();
        for (SQLExpr a : dt.getArguments()) {
            args.add(a.toString());
        }
        boolean unsigned = dt instanceof SQLDataTypeImpl impl && impl.isUnsigned();
        StringBuilder charset = new StringBuilder();
        if (col.getCharsetExpr() != null) {
            charset.append("CHARACTER SET ").append(SQLUtils.normalize(col.getCharsetExpr().toString()));
        } else if (dt instanceof SQLCharacterDataType c && c.getCharSetName() != null) {
            charset.append("CHARACTER SET ").append(SQLUtils.normalize(c.getCharSetName()));
        }
        String collate = col.getCollateExpr() != null ? SQLUtils.normalize(col.getCollateExpr().toString())
                : dt instanceof SQLCharacterDataType c ? c.getCollate() : null;
        if (collate != null) {
            charset.append(charset.length() == 0 ? "" : " ").append("COLLATE ").append(SQLUtils.normalize(collate));
        }
        ColumnType type = new ColumnType(dt.getName(), args, unsigned, charset.toString().toLowerCase(Locale.ROOT));
        boolean notNull = col.getConstraints().stream().anyMatch(k -> k instanceof SQLNotNullConstraint || k instanceof SQLColumnPrimaryKey);
        SQLExpr def = col.getDefaultExpr();
        String defaultValue = def == null || def instanceof SQLNullExpr ? null : def.toString();
        String generated = "";
        SQLExpr expr = col.getGeneratedAlwaysAs() != null ? col.getGeneratedAlwaysAs() : col.getAsExpr();
        if (expr != null) {
            generated = "(" + expr + ")" + (col.isStored() ? " STORED" : " VIRTUAL");
        }
        return new Column(name, type, !notNull, defaultValue, col.isAutoIncrement(), generated);
    }

    private static List<String> keyParts(SQLUnique key) {
        return keyParts(key.getColumns());
    }

    private static List<String> keyParts(List<SQLSelectOrderByItem> columns) {
        List<String> parts = new ArrayList<>();
        for (SQLSelectOrderByItem item : columns) {
            SQLExpr e = item.getExpr();
            if (e instanceof SQLMethodInvokeExpr m && m.getArguments().size() == 1) {
                parts.add(SQLUtils.normalize(m.getMethodName()) + "(" + m.getArguments().get(0) + ")");
            } else {
                parts.add(SQLUtils.normalize(e.toString()));
            }
        }
        return List.copyOf(parts);
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static String quote(String ident) {
        return "`" + ident.replace("`", "``") + "`";
    }

    private static String quotePart(String part) {
        int paren = part.indexOf('(');
        return paren < 0 ? quote(part) : quote(part.substring(0, paren)) + part.substring(paren);
    }

    /** A CREATE TABLE for this structure, as the metadata stores the joined schema. */
    String createTable(String table) {
        List<String> parts = new ArrayList<>();
        columns.values().forEach(c -> parts.add("  " + c.sql()));
        indexes.values().forEach(i -> parts.add("  " + i.definition()));
        return "CREATE TABLE " + quote(table) + " (\n" + String.join(",\n", parts) + "\n)";
    }
}
