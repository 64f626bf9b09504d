package io.sluice.common.filter;

/** A schema-qualified table; {@code table} is empty for a schema-level object. */
public record TableName(String schema, String table) {
    public TableName {
        schema = schema == null ? "" : schema;
        table = table == null ? "" : table;
    }

    /** Back-quoted, for SQL text. */
    public String quoted() {
        return table.isEmpty() ? quote(schema) : quote(schema) + "." + quote(table);
    }

    public static String quote(String ident) {
        return "`" + ident.replace("`", "``") + "`";
    }

    @Override
    public String toString() {
        return table.isEmpty() ? "`" + schema + "`" : "`" + schema + "`.`" + table + "`";
    }
}
