package io.sluice.master.datacheck;

import io.sluice.common.filter.TableName;
import java.sql.Connection;

/** One upstream table that a task routes into a target table, with its source's connection. */
record Upstream(String sourceId, TableName table, Connection connection) {
    @Override
    public String toString() {
        return sourceId + ":" + table;
    }
}
