package io.sluice.worker.schema;

import java.util.Collection;

/**
 * The upstream schema at the sync unit's current binlog position. It is fed the initial
 * CREATE TABLE of each table (from a checkpoint or the upstream) and then every DDL in binlog
 * order, so row events are always read with the columns they were written with.
 */
public interface SchemaTracker {

    /** The table as currently known, or null when the tracker has not seen it. */
    TableInfo table(String schema, String table);

    /** Replaces what is known of a table with a CREATE TABLE statement. */
    void load(String schema, String table, String createSql);

    /**
     * Applies one DDL statement executed upstream with {@code defaultSchema} as current
     * database. Statements that do not change table shapes are ignored.
     */
    void applyDdl(String defaultSchema, String ddl);

    /** Forgets a table (it was dropped or the tracker's view of it is no longer valid). */
    void forget(String schema, String table);

    /** Every table the tracker knows, schema-qualified. */
    Collection<TableInfo> tables();
}
