package io.sluice.worker.relay;

import io.sluice.common.binlog.BinlogPosition;
import java.util.List;

/** The earliest of the positions subtasks need: where a new relay must start so that it serves them all. */
public final class RelayNeeds {
    private RelayNeeds() {
    }

    /** The earliest by file and offset, or null when there is none. */
    public static BinlogPosition earliest(List<BinlogPosition> positions) {
        BinlogPosition min = null;
        for (BinlogPosition p : positions) {
            if (p.file().isEmpty()) {
                continue;
            }
            if (min == null || RelayDirectory.compareBinlogNames(p.file(), min.file()) < 0
                    || (p.file().equals(min.file()) && p.pos() < min.pos())) {
                min = p;
            }
        }
        return min;
    }
}
