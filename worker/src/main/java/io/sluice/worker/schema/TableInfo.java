package io.sluice.worker.schema;

import java.util.List;

/**
 * The upstream shape of one table at a binlog position, as the sync unit needs it: column
 * order (binlog rows carry values by position), each column's type facts that change how a
 * binlog value must be read, and the keys that identify a row.
 *
 * @param primaryKey  column names of the primary key, empty when there is none
 * @param uniqueKeys  column names of each unique key, in declaration order
 * @param createSql   the CREATE TABLE statement the tracker holds for this table
 */
public record TableInfo(String schema, String table, List<Column> columns, List<String> primaryKey,
        List<List<String>> uniqueKeys, String createSql) {

    /**
     * @param type      base type name in lower case ({@code bigint}, {@code varchar}, {@code json}, …)
     * @param unsigned  binlog integers arrive signed; this says to re-read them unsigned
     * @param charset   character set of a string column; {@code binary} for byte columns
     * @param length    declared length (BINARY(n) must be padded back to n bytes), or -1
     * @param generated a generated (virtual or stored) column: row images carry its value, but
     *                  statements replaying them must not write it
     */
    public record Column(String name, String type, boolean unsigned, String charset, int length, boolean generated) {
        public Column(String name, String type, boolean unsigned, String charset, int length) {
            this(name, type, unsigned, charset, length, false);
        }

        public boolean isBinaryString() {
            return "binary".equals(charset) || type.equals("binary") || type.equals("varbinary") || type.endsWith("blob");
        }
    }

    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The columns that identify a row: the primary key, else the first unique key, else none. */
    public List<String> identityKey() {
        if (!primaryKey.isEmpty()) {
            return primaryKey;
        }
        return uniqueKeys.isEmpty() ? List.of() : uniqueKeys.get(0);
    }
}
