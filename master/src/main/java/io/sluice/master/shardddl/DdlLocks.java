package io.sluice.master.shardddl;

import io.sluice.common.errors.ShardLockErrors;
import io.sluice.proto.DDLLock;
import io.sluice.proto.ShowDDLLocksRequest;
import io.sluice.proto.ShowDDLLocksResponse;
import io.sluice.proto.UnlockDDLLockRequest;
import io.sluice.proto.UnlockDDLLockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * show-ddl-locks and unlock-ddl-lock over every shard mode's locks. The coordinators of both
 * modes register their {@link DdlLockSource} here when the master starts.
 */
public final class DdlLocks {
    private final List<DdlLockSource> sources = new CopyOnWriteArrayList<>();

    /** Adds one shard mode's locks to what the commands see. */
    public void add(DdlLockSource source) {
        sources.add(source);
    }

    /** DM's reply: the locks of the task (all when empty) that involve any of the sources (all when none). */
    public ShowDDLLocksResponse show(ShowDDLLocksRequest req) {
        List<DDLLock> out = new ArrayList<>();
        for (DdlLockView l : all()) {
            if (!req.getTask().isEmpty() && !req.getTask().equals(l.task())) {
                continue;
            }
            if (req.getSourcesCount() > 0 && req.getSourcesList().stream()
                    .noneMatch(s -> l.synced().contains(s) || l.unsynced().contains(s) || l.owner().equals(s))) {
                continue;
            }
            out.add(DDLLock.newBuilder().setID(l.id()).setTask(l.task()).setMode(l.mode()).setOwner(l.owner())
                    .addAllDDLs(l.ddls()).addAllSynced(l.synced()).addAllUnsynced(l.unsynced()).build());
        }
        ShowDDLLocksResponse.Builder b = ShowDDLLocksResponse.newBuilder().setResult(true).addAllLocks(out);
        if (out.isEmpty()) {
            b.setMsg("no DDL lock exists");
        }
        return b.build();
    }

    /** Finds the lock among every mode's and asks its coordinator to resolve it; an unknown ID changes nothing. */
    public UnlockDDLLockResponse unlock(UnlockDDLLockRequest req) {
        for (DdlLockSource source : sources) {
            for (DdlLockView l : source.locks()) {
                if (l.id().equals(req.getID())) {
                    source.unlock(l, req.getReplaceOwner(), req.getForceRemove());
                    return UnlockDDLLockResponse.newBuilder().setResult(true).build();
                }
            }
        }
        throw ShardLockErrors.LOCK_NOT_FOUND.error(req.getID());
    }

    /** Every mode's locks now (for the lock metrics). */
    public List<DdlLockView> all() {
        List<DdlLockView> out = new ArrayList<>();
        sources.forEach(s -> out.addAll(s.locks()));
        return out;
    }
}
