package io.sluice.worker.sync;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.TableInfo;

/**
 * One upstream row change on its way to a writer queue. Values are already converted to what
 * JDBC binds exactly (see {@link ValueConverter}); {@code before} is null for inserts and
 * {@code after} is null for deletes.
 */
public record RowChange(Kind kind, TableInfo table, TableName target, Object[] before, Object[] after,
        RowPosition position) {

    public enum Kind { INSERT, UPDATE, DELETE }
}
