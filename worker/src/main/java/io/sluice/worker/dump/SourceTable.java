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

    /** The SELECT list for the stored columns. */
    String selectList() {
        return storedColumns().stream().map(c -> TableName.quote(c.name())).collect(Collectors.joining(","));
    }

    /**
     * The clauses of a data file's LOAD DATA statement after its file name: the unqualified
     * table (as in mydumper's files; the load unit routes it), the file's encoding and its
     * explicit column list. Binary columns travel as hex and are decoded by a SET clause, so the
     * file is valid UTF-8 whatever bytes they hold.
     */
    String loadDataClauses() {
        StringBuilder cols = new StringBuilder();
        StringBuilder set = new StringBuilder();
        List<Column> stored = storedColumns();
        for (int i = 0; i < stored.size(); i++) {
            Column c = stored.get(i);
            cols.append(i == 0 ? "" : ",");
            if (c.binary()) {
                cols.append("@h").append(i);
                set.append(set.length() == 0 ? " SET " : ", ").append(TableName.quote(c.name()))
                        .append(" = UNHEX(@h").append(i).append(')');
            } else {
                cols.append(TableName.quote(c.name()));
            }
        }
        return "INTO TABLE " + TableName.quote(name) + " " + DataFileFormat.CLAUSES + " (" + cols + ")" + set;
    }

    @Override
    public String toString() {
        return quoted();
    }
}
