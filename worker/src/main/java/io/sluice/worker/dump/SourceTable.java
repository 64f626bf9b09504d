package io.sluice.worker.dump;

import io.sluice.common.filter.TableName;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An upstream base table as the dump needs it: its stored columns (generated columns cannot be
 * inserted, so they are left out and the INSERT names its columns), which of them travel as hex,
 * and an integer single-column key to split it by, if it has one.
 *
 * @param splitColumn    a NOT NULL integer column of the primary key or a unique key; null if none
 * @param estimatedRows  the server's estimate, for progress only
 */
record SourceTable(String schema, String name, List<Column> columns, String splitColumn, long estimatedRows) {

    record Column(String name, boolean binary, boolean generated) {
    }

    String quoted() {
        return new TableName(schema, name).quoted();
    }

    List<Column> storedColumns() {
        return columns.stream().filter(c -> !c.generated()).toList();
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
