package io.sluice.worker.subtask;

import io.sluice.common.binlog.BinlogPosition;

/** Makes the units of a subtask and answers where a subtask stands; the data path implements it. */
public interface SubtaskUnits {
    Unit dump();

    Unit load();

    /** A sync unit starting at {@code startIfNoCheckpoint} unless the task's checkpoint says otherwise. */
    Unit sync(BinlogPosition startIfNoCheckpoint);

    /** Where sync starts after the full phase (null: let the sync unit decide). */
    BinlogPosition dumpPosition(SubtaskContext ctx) throws Exception;

    /** Whether the sync unit has saved a checkpoint for this subtask: the full phase is behind it. */
    boolean syncCheckpointExists(SubtaskContext ctx) throws Exception;
}
