package io.sluice.common.filter;

import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.TaskConfig;

/**
 * What one source contributes to a task: which schemas and tables it migrates (block-allow
 * list), where each lands (routes), and which binlog events are skipped (event filters).
 * Dump, load and sync all ask this one object, so the full and incremental phases agree.
 */
public final class MigrationRules {
    private final TaskConfig task;
    private final InstanceConfig instance;

    private MigrationRules(TaskConfig task, InstanceConfig instance) {
        this.task = task;
        this.instance = instance;
    }

    public static MigrationRules of(TaskConfig task, InstanceConfig instance) {
        return new MigrationRules(task, instance);
    }

    /** System schemas are never migrated. */
    public static boolean isSystemSchema(String schema) {
        String s = schema.toLowerCase();
        return s.equals("mysql") || s.equals("information_schema") || s.equals("performance_schema") || s.equals("sys");
    }

    /** Whether any table of this schema may be migrated (for CREATE/DROP DATABASE). */
    public boolean schemaAllowed(String schema) {
        return !isSystemSchema(schema) && !schema.equals(task.metaSchema);
    }

    /** Whether this upstream table is migrated. */
    public boolean tableAllowed(String schema, String table) {
        return schemaAllowed(schema);
    }

    /** The downstream name of an upstream table (or schema, when {@code table} is empty). */
    public TableName route(String schema, String table) {
        return new TableName(schema, table);
    }

    /**
     * Whether the event filters skip this event. {@code sql} is the statement text for DDL and
     * empty for row events.
     */
    public boolean skipEvent(String schema, String table, EventType type, String sql) {
        return false;
    }
}
