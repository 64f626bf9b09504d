package io.sluice.master.shardddl.optimism;

import io.sluice.master.shardddl.optimism.TableSchema.Column;
import io.sluice.master.shardddl.optimism.TableSchema.Index;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The join of shard schemas: the smallest table that accepts the rows of every shard. A column
 * any shard has is in it, with the widest type; a column some shard lacks must be fillable
 * there (nullable or with a default); an index is in it only when every shard has it, since
 * an index one shard lacks may be violated by that shard's rows. The primary key must be the
 * same everywhere: rows of all shards are keyed by it downstream.
 */
final class SchemaJoin {
    private SchemaJoin() {
    }

    static TableSchema join(Collection<TableSchema> shards) throws SchemaConflict {
        TableSchema joined = null;
        for (TableSchema s : shards) {
            joined = joined == null ? s : join(joined, s);
        }
        if (joined == null) {
            throw new IllegalArgumentException("no shard schema to join");
        }
        return joined;
    }

    static TableSchema join(TableSchema a, TableSchema b) throws SchemaConflict {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Map.Entry<String, Column> e : a.columns().entrySet()) {
            Column other = b.columns().get(e.getKey());
            columns.put(e.getKey(), other == null ? fillable(e.getValue()) : join(e.getValue(), other));
        }
        for (Map.Entry<String, Column> e : b.columns().entrySet()) {
            if (!a.columns().containsKey(e.getKey())) {
                columns.put(e.getKey(), fillable(e.getValue()));
            }
        }
        if (!Objects.equals(a.indexes().get(TableSchema.PRIMARY), b.indexes().get(TableSchema.PRIMARY))) {
            throw new SchemaConflict("the primary key differs: " + keyText(a) + " and " + keyText(b));
        }
        Map<String, Index> indexes = new LinkedHashMap<>();
        a.indexes().forEach((k, i) -> {
            if (i.equals(b.indexes().get(k))) {
                indexes.put(k, i);
            }
        });
        return new TableSchema(columns, indexes);
    }

    private static String keyText(TableSchema t) {
        Index pk = t.indexes().get(TableSchema.PRIMARY);
        return pk == null ? "none" : pk.sql();
    }

    private static Column fillable(Column c) throws SchemaConflict {
        if (!c.hasDefault()) {
            throw new SchemaConflict("column " + TableSchema.quote(c.name())
                    + " is NOT NULL without a default, so it cannot be missing from another shard");
        }
        return c;
    }

    private static Column join(Column a, Column b) throws SchemaConflict {
        ColumnType type = ColumnType.join(a.type(), b.type());
        if (type == null) {
            throw new SchemaConflict("column " + TableSchema.quote(a.name()) + " has the incompatible types " + a.type() + " and " + b.type());
        }
        if (!sameDefault(a.defaultValue(), b.defaultValue())) {
            throw new SchemaConflict("column " + TableSchema.quote(a.name()) + " has different defaults: "
                    + defaultText(a) + " and " + defaultText(b));
        }
        if (!a.generated().equals(b.generated())) {
            throw new SchemaConflict("column " + TableSchema.quote(a.name()) + " is generated differently: "
                    + (a.generated().isEmpty() ? "not generated" : a.generated()) + " and " + (b.generated().isEmpty() ? "not generated" : b.generated()));
        }
        if (a.autoIncrement() != b.autoIncrement()) {
            throw new SchemaConflict("column " + TableSchema.quote(a.name()) + " is AUTO_INCREMENT on one shard only");
        }
        return new Column(a.name(), type, a.nullable() || b.nullable(), a.defaultValue(), a.autoIncrement(), a.generated());
    }

    /**
     * Defaults compare by value, as the server stores them: {@code 0}, {@code '0'} and {@code 0.0}
     * are one default (SHOW CREATE TABLE prints them differently by version and column type),
     * {@code CURRENT_TIMESTAMP} and {@code current_timestamp()} one function.
     */
    static boolean sameDefault(String a, String b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        String x = defaultValueText(a);
        String y = defaultValueText(b);
        try {
            return new BigDecimal(x).compareTo(new BigDecimal(y)) == 0;
        } catch (NumberFormatException notNumbers) {
            return x.equals(y);
        }
    }

    private static String defaultValueText(String expr) {
        String e = expr.trim();
        if (e.length() >= 2 && e.startsWith("'") && e.endsWith("'")) {
            return e.substring(1, e.length() - 1).replace("''", "'");
        }
        e = e.toUpperCase(Locale.ROOT);
        return e.endsWith("()") ? e.substring(0, e.length() - 2) : e;
    }

    private static String defaultText(Column c) {
        return c.defaultValue() == null ? "none" : "DEFAULT " + c.defaultValue();
    }
}
