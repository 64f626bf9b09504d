package io.sluice.worker.dump;

import io.sluice.common.filter.TableName;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An upstream base table as the dump needs it: its stored columns (generated columns cannot be
 * inserted, so they are left out and the INSERT names its columns), which of them travel as hex,
 * and the key it is chunked by, if it has one.
 *
 * @param keyColumns     the primary key or a unique key with only NOT NULL columns; empty if none
 * @param integerKey     the key is one integer column (chunked by arithmetic, not by sampling)
 * @param estimatedRows  the server's estimate, for progress only
 */
record SourceTable(String schema, String name, List<Column> columns, List<String> keyColumns, boolean integerKey,
        long estimatedRows) {

    record Column(String name, boolean binary, boolean generated) {
    }

    String quoted() {
        return new TableName(schema, name).quoted();
    }

    List<Column> storedColumns() {
        return columns.stream().filter(c -> !c.generated()).toList();
    }

    boolean keyless() {
        return keyColumns.isEmpty();
    }

    /** Whether a key column travels as hex (its literal must be {@code 0x...}, not a quoted string). */
    boolean binaryColumn(String column) {
        return columns.stream().anyMatch(c -> c.name().equals(column) && c.binary());
    }

    boolean hasGeneratedColumns() {
        return columns.stream().anyMatch(Column::generated);
    }

    /** The SELECT list for the stored columns. */
    String selectList() {
        return storedColumns().stream().map(c -> TableName.quote(c.name())).collect(Collectors.joining(","));
    }

    /**
     * The head of each INSERT, up to and including VALUES. The table name is unqualified, as in
     * mydumper's files; the load unit rewrites it to the routed target.
     */
    String insertHeader() {
        String cols = hasGeneratedColumns() ? " (" + selectList() + ")" : "";
        return "INSERT INTO " + TableName.quote(name) + cols + " VALUES ";
    }

    @Override
    public String toString() {
        return quoted();
    }
}
