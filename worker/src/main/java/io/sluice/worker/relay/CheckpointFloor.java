package io.sluice.worker.relay;

import io.sluice.common.binlog.BinlogPosition;
import java.util.List;

/** What the subtasks reading a relay still need: purge never deletes from the earliest of these on. */
@FunctionalInterface
public interface CheckpointFloor {
    /** The saved checkpoint of every subtask of the source, or null when one of them cannot tell (then nothing is purged). */
    List<BinlogPosition> positions();
}
