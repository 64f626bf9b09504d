package io.sluice.master.shardddl.optimism;

/** Two shard schemas (or a DDL) that no target table can serve at once; the message says why. */
final class SchemaConflict extends Exception {
    SchemaConflict(String message) {
        super(message);
    }
}
