package io.sluice.worker.subtask;

import io.sluice.proto.SubTaskStatus;
import io.sluice.proto.UnitType;

/**
 * One processing unit of a subtask (dump, load or sync). The subtask runs its units one after
 * another on one thread. A unit saves its own progress as it goes, so a unit started again
 * after any stop or crash continues where its saved progress says.
 */
public interface Unit {
    UnitType type();

    /**
     * Runs the unit: to completion for dump and load, until {@link #stop()} for sync. Returns
     * normally when finished or stopped; throws (preferably a SluiceException with the unit's
     * code) on failure, after which the subtask is Paused with that error.
     */
    void process(SubtaskContext ctx) throws Exception;

    /** Asks a running {@link #process} to return soon, keeping what it has done. Any thread. */
    void stop();

    /** Fills this unit's part of query-status (the dump, load or sync block). Any thread. */
    void fillStatus(SubTaskStatus.Builder status);
}
