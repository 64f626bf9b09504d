package io.sluice.worker.sync.onlineddl;

import io.sluice.common.filter.TableName;
import java.util.ArrayList;
import java.util.List;

/**
 * One online schema change in progress: the ghost table the tool alters, the real table it will
 * replace, and the ALTERs seen on the ghost so far, rewritten to name the real table.
 */
record GhostAlters(TableName ghost, TableName real, List<String> ddls) {
    GhostAlters {
        ddls = List.copyOf(ddls);
    }

    GhostAlters plus(String ddl) {
        List<String> more = new ArrayList<>(ddls);
        more.add(ddl);
        return new GhostAlters(ghost, real, more);
    }
}
