package io.sluice.common.errors;

import static io.sluice.common.errors.ErrorClass.DUMP_UNIT;
import static io.sluice.common.errors.ErrorClass.LOAD_UNIT;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorLevel.MEDIUM;
import static io.sluice.common.errors.ErrorScope.DOWNSTREAM;
import static io.sluice.common.errors.ErrorScope.INTERNAL;
import static io.sluice.common.errors.ErrorScope.UPSTREAM;

/** Codes of class dump-unit (32xxx) and load-unit (34xxx): the full-data phase. */
public final class DumpLoadErrors {
    private DumpLoadErrors() {
    }

    // ---- dump unit (32xxx) ----
    public static final ErrorCode DUMP_SNAPSHOT = ErrorCode.define(32001, DUMP_UNIT, UPSTREAM, HIGH,
            "cannot take a consistent snapshot of the source",
            "Please check the source is reachable and the user has RELOAD (for FLUSH TABLES WITH READ LOCK), "
                    + "REPLICATION CLIENT and SELECT privileges.");
    public static final ErrorCode DUMP_TABLE = ErrorCode.define(32002, DUMP_UNIT, UPSTREAM, HIGH,
            "cannot dump table %s",
            "Please check the source is reachable; the dump restarts from scratch when the task is resumed.");
    public static final ErrorCode DUMP_WRITE_FILE = ErrorCode.define(32003, DUMP_UNIT, INTERNAL, HIGH,
            "cannot write dump file %s", "Please check the free space and permissions of the dump directory.");
    public static final ErrorCode DUMP_METADATA_MISSING = ErrorCode.define(32004, DUMP_UNIT, INTERNAL, HIGH,
            "the dump metadata file %s is missing or incomplete",
            "The dump did not finish. Please resume the task so the dump runs again.");
    public static final ErrorCode DUMP_METADATA_MALFORMED = ErrorCode.define(32005, DUMP_UNIT, INTERNAL, HIGH,
            "the dump metadata file %s is malformed: %s", "Please remove the dump directory and restart the task.");
    public static final ErrorCode DUMP_LIST_TABLES = ErrorCode.define(32006, DUMP_UNIT, UPSTREAM, HIGH,
            "cannot list the tables of the source", "Please check the user has SELECT on information_schema.");
    public static final ErrorCode DUMP_CONSISTENCY = ErrorCode.define(32007, DUMP_UNIT, UPSTREAM, HIGH,
            "consistency `%s` cannot be honoured: %s",
            "Please grant the privilege it needs, or choose another `consistency` (auto, flush, snapshot, lock, none).");
    public static final ErrorCode DUMP_SCHEMA_CHANGED = ErrorCode.define(32008, DUMP_UNIT, UPSTREAM, HIGH,
            "table %s changed upstream after %d of its chunks were loaded into %s, which other upstream tables are"
                    + " merged into: the rest would be loaded with another column set",
            "Please remove that target table's rows and the table's rows of the load checkpoint (or restart the task"
                    + " with --remove-meta after emptying the target), then resume; a table that is not merged is"
                    + " reloaded whole by itself.");

    // ---- load unit (34xxx) ----
    public static final ErrorCode LOAD_READ_DIR = ErrorCode.define(34001, LOAD_UNIT, INTERNAL, HIGH,
            "cannot read the dump directory %s", "Please check the dump directory exists and is readable.");
    public static final ErrorCode LOAD_CHECKPOINT = ErrorCode.define(34002, LOAD_UNIT, DOWNSTREAM, HIGH,
            "cannot read or create the load checkpoint %s",
            "Please check the target is reachable and the user may create the meta schema.");
    public static final ErrorCode LOAD_SCHEMA = ErrorCode.define(34003, LOAD_UNIT, DOWNSTREAM, HIGH,
            "cannot create %s from file %s", "Please check the statement is valid for the target and the user's privileges.");
    public static final ErrorCode LOAD_FILE = ErrorCode.define(34004, LOAD_UNIT, DOWNSTREAM, HIGH,
            "cannot load data file %s",
            "Please fix the cause and resume the task; files already loaded are not loaded again.");
    public static final ErrorCode LOAD_MALFORMED_FILE = ErrorCode.define(34005, LOAD_UNIT, INTERNAL, MEDIUM,
            "data file %s is malformed at line %d: %s", "Please remove the dump directory and restart the task.");
    public static final ErrorCode LOAD_NO_DUMP = ErrorCode.define(34006, LOAD_UNIT, INTERNAL, HIGH,
            "no finished dump in %s", "The load unit needs a finished dump; please resume the task so the dump runs first.");
    public static final ErrorCode LOAD_OTHER_SNAPSHOT = ErrorCode.define(34007, LOAD_UNIT, INTERNAL, HIGH,
            "the dump here (%s) is stale: %d chunk(s) were loaded from another dump since it was planned, e.g. %s",
            "Please resume the task: the dump unit then dumps only what is not loaded yet.");
    public static final ErrorCode LOAD_DUPLICATE_KEY = ErrorCode.define(34008, LOAD_UNIT, DOWNSTREAM, HIGH,
            "a row of %s collides with a row already in target table %s: %s; nothing of chunk %s was kept",
            "Rows merged from several shards must not share a key: add the shard to the target table's key (for"
                    + " example a shard-id column in the primary key), or set `loaders.<name>.on-duplicate` to `replace`"
                    + " (the row loaded last wins) or `ignore` (the row loaded first wins), then resume the task.");
}
