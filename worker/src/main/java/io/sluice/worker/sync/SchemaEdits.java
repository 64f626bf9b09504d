package io.sluice.worker.sync;

import io.sluice.common.filter.TableName;
import io.sluice.worker.schema.SchemaTracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Changes to a paused subtask's tracked schema that operate-schema made without {@code --flush}:
 * they are not in the checkpoint, so the worker keeps them for the subtask's next sync run, which
 * starts its tracker from the checkpoint and then takes these. They are handed over once; from
 * then on the tracker owns them and its checkpoint flushes carry them when the table changes again.
 * Shared by the worker's control service and the subtask's thread.
 */
public final class SchemaEdits {
    /** Per table: the CREATE TABLE to use, or empty to forget the table. */
    private final Map<TableName, Optional<String>> edits = new LinkedHashMap<>();

    synchronized void set(TableName table, String createSql) {
        edits.put(table, Optional.of(createSql));
    }

    synchronized void remove(TableName table) {
        edits.put(table, Optional.empty());
    }

    /** The edit waiting for a table: null when there is none, empty when the table is to be forgotten. */
    synchronized Optional<String> pending(TableName table) {
        return edits.get(table);
    }

    /** Drops a waiting edit (a flushed set or a remove replaced it). */
    synchronized void clear(TableName table) {
        edits.remove(table);
    }

    /** Gives every waiting edit to a starting sync run's tracker, once. */
    synchronized void applyTo(SchemaTracker tracker) {
        edits.forEach((t, sql) -> {
            if (sql.isPresent()) {
                tracker.load(t.schema(), t.table(), sql.get());
            } else {
                tracker.forget(t.schema(), t.table());
            }
        });
        edits.clear();
    }
}
