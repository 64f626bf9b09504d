package io.sluice.worker.subtask;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.worker.DataPathUnits;
import java.util.concurrent.atomic.AtomicInteger;

/** The real data path, counting how often a sync unit is started (each start is one run or resume). */
final class CountingSyncUnits implements SubtaskUnits {
    private final DataPathUnits real = new DataPathUnits();
    private final AtomicInteger syncRuns;

    CountingSyncUnits(AtomicInteger syncRuns) {
        this.syncRuns = syncRuns;
    }

    @Override
    public Unit dump() {
        return real.dump();
    }

    @Override
    public Unit load() {
        return real.load();
    }

    @Override
    public Unit sync(BinlogPosition start) {
        syncRuns.incrementAndGet();
        return real.sync(start);
    }

    @Override
    public BinlogPosition dumpPosition(SubtaskContext c) throws Exception {
        return real.dumpPosition(c);
    }

    @Override
    public boolean syncCheckpointExists(SubtaskContext c) throws Exception {
        return real.syncCheckpointExists(c);
    }
}
