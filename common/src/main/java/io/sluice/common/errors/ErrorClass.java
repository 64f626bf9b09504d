package io.sluice.common.errors;

/** The subsystem an error comes from; the names are DM's, and each owns a range of codes. */
public enum ErrorClass {
    DATABASE("database"),
    FUNCTIONAL("functional"),
    CONFIG("config"),
    BINLOG_OP("binlog-op"),
    CHECKPOINT("checkpoint"),
    TASK_CHECK("task-check"),
    RELAY_EVENT_LIB("relay-event-lib"),
    RELAY_UNIT("relay-unit"),
    DUMP_UNIT("dump-unit"),
    LOAD_UNIT("load-unit"),
    SYNC_UNIT("sync-unit"),
    DM_MASTER("dm-master"),
    DM_WORKER("dm-worker"),
    DM_TRACER("dm-tracer"),
    SCHEMA_TRACKER("schema-tracker"),
    SCHEDULER("scheduler"),
    DMCTL("dmctl");

    private final String label;

    ErrorClass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
