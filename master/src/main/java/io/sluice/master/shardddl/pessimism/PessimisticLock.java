package io.sluice.master.shardddl.pessimism;

import io.sluice.common.errors.ShardLockErrors;
import io.sluice.master.shardddl.DdlLockView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster-level DDL lock of one target table in pessimistic mode, as pure state: each source
 * arrives once all its local shards ran the DDL; the first to arrive owns the lock; when every
 * source of the task has arrived the owner runs the DDL downstream, then the others skip it, and
 * the lock is done when every source has reported back. Immutable: each event returns the next
 * state, so the raft state machine can hold it and every replica computes the same.
 *
 * <p>{@code arrivedAt} is where each source's last shard ran the DDLs: a worker that crashed after
 * its part and reads that event again is recognised by it, even once the lock is resolved.
 */
public record PessimisticLock(String id, String task, String owner, List<String> ddls, List<String> sources,
        List<String> synced, boolean ownerExecuted, List<String> done, Map<String, String> arrivedAt) {

    /** What a source does next about the lock. */
    public enum Operation {
        WAIT,
        EXECUTE,
        SKIP,
        /** the source has finished its part */
        NONE
    }

    public PessimisticLock {
        ddls = List.copyOf(ddls);
        sources = List.copyOf(sources);
        synced = List.copyOf(synced);
        done = List.copyOf(done);
        arrivedAt = Map.copyOf(arrivedAt);
    }

    public PessimisticLock(String id, String task, String owner, List<String> ddls, List<String> sources, List<String> synced,
            boolean ownerExecuted, List<String> done) {
        this(id, task, owner, ddls, sources, synced, ownerExecuted, done, Map.of());
    }

    /** Records where {@code source}'s last shard ran the DDLs (its report's binlog event). */
    public PessimisticLock arrivedAt(String source, String position) {
        if (position == null || position.isEmpty() || position.equals(arrivedAt.get(source))) {
            return this;
        }
        Map<String, String> at = new TreeMap<>(arrivedAt);
        at.put(source, position);
        return new PessimisticLock(id, task, owner, ddls, sources, synced, ownerExecuted, done, at);
    }

    /**
     * Whether {@code source} reports the very event it already finished a round at (a re-read after
     * a crash): this lock's, or an earlier round's that {@link #after} carried over, while the
     * source has not arrived in this one.
     */
    public boolean finishedAt(String source, String position) {
        return (done.contains(source) || !synced.contains(source)) && position != null && !position.isEmpty()
                && position.equals(arrivedAt.get(source));
    }

    /**
     * This lock as the round after {@code previous} of the same target: it keeps where each source
     * finished the earlier rounds, so a source that crashed after its part and reads that event
     * again once the next round is open is told its part is done rather than joining with old DDLs.
     */
    public PessimisticLock after(PessimisticLock previous) {
        if (previous == null) {
            return this;
        }
        Map<String, String> at = new TreeMap<>(previous.arrivedAt);
        at.putAll(arrivedAt);
        return new PessimisticLock(id, task, owner, ddls, sources, synced, ownerExecuted, done, at);
    }

    /**
     * unlock-ddl-lock --force-remove: nobody waits any more; every source still waiting is told its
     * part is done and the DDLs run nowhere (the operator runs them on the target if needed).
     */
    public PessimisticLock forceResolved() {
        Set<String> all = new LinkedHashSet<>(synced);
        all.addAll(done);
        return new PessimisticLock(id, task, owner, ddls, List.copyOf(all), List.copyOf(all), true, List.copyOf(all), arrivedAt);
    }

    /** DM's lock ID: {@code <task>-`<schema>`.`<table>`} of the target table. */
    public static String lockId(String task, String targetSchema, String targetTable) {
        return task + "-`" + targetSchema + "`.`" + targetTable + "`";
    }

    /** The first source's arrival creates the lock, owned by it; {@code sources} are all the task's sources of this target. */
    public static PessimisticLock open(String task, String targetSchema, String targetTable, List<String> sources, String source,
            List<String> ddls) {
        return new PessimisticLock(lockId(task, targetSchema, targetTable), task, source, ddls, sources, List.of(source), false,
                List.of());
    }

    /** Another source's local shards all ran {@code ddls}; refused (38016) when they are not the lock's. */
    public PessimisticLock arrive(String source, List<String> sourceDdls) {
        if (!normalized(sourceDdls).equals(normalized(ddls))) {
            throw ShardLockErrors.DDLS_DIFFER.error(id, sourceDdls);
        }
        if (synced.contains(source)) {
            return this; // a worker retrying its report (after a failover or a restart)
        }
        Set<String> all = new LinkedHashSet<>(sources);
        all.add(source);
        List<String> now = new ArrayList<>(synced);
        now.add(source);
        return new PessimisticLock(id, task, owner, ddls, List.copyOf(all), now, ownerExecuted, done, arrivedAt);
    }

    public List<String> unsynced() {
        return sources.stream().filter(s -> !synced.contains(s)).toList();
    }

    public boolean allSynced() {
        return unsynced().isEmpty();
    }

    /** What {@code source} is told when it polls the lock. */
    public Operation operationFor(String source) {
        if (done.contains(source)) {
            return Operation.NONE;
        }
        if (!allSynced()) {
            return Operation.WAIT;
        }
        if (source.equals(owner)) {
            return ownerExecuted ? Operation.NONE : Operation.EXECUTE;
        }
        return ownerExecuted ? Operation.SKIP : Operation.WAIT;
    }

    /** {@code source} carried out its operation (the owner ran the DDL, another skipped it). */
    public PessimisticLock finished(String source) {
        if (done.contains(source) || !sources.contains(source)) {
            return this;
        }
        List<String> now = new ArrayList<>(done);
        now.add(source);
        return new PessimisticLock(id, task, owner, ddls, sources, synced, ownerExecuted || source.equals(owner), now, arrivedAt);
    }

    /** Every source did its part: the lock can go. */
    public boolean resolved() {
        return ownerExecuted && done.containsAll(synced) && allSynced();
    }

    /**
     * unlock-ddl-lock: stop waiting for the sources that never arrived (a source removed mid-lock,
     * DM's first scenario), and let {@code replaceOwner} run the DDL when given (the owner is gone).
     */
    public PessimisticLock unlock(String replaceOwner) {
        String newOwner = replaceOwner == null || replaceOwner.isEmpty() ? owner : replaceOwner;
        List<String> remaining = new ArrayList<>(synced);
        if (!remaining.contains(newOwner)) {
            remaining.add(newOwner);
        }
        boolean executed = ownerExecuted && newOwner.equals(owner);
        return new PessimisticLock(id, task, newOwner, ddls, remaining, remaining, executed,
                done.stream().filter(remaining::contains).toList(), arrivedAt);
    }

    public DdlLockView view() {
        return new DdlLockView(id, task, "pessimistic", owner, ddls, synced, unsynced());
    }

    private static List<String> normalized(List<String> ddls) {
        return ddls.stream().map(d -> d.replaceAll("\\s+", " ").trim()).toList();
    }
}
