package io.sluice.worker.sync.shard.pessimism;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.ShardDdlErrors;
import io.sluice.common.filter.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One source's shards of a target table in pessimistic mode (DM's worker-level sharding group):
 * the upstream tables routed into the target, and the DDL round in progress. A shard that has
 * run the round's DDL is <em>synced</em>; its later rows are held back, because the target still
 * has the old schema that the unsynced shards keep writing. When every shard is synced the DDL
 * may run downstream, and the held rows are read again from the binlog, starting at the
 * transaction boundary before the round's first DDL ({@link #rewindTo()}).
 *
 * <p>Pure logic: no I/O, positions in, decisions out.
 */
public final class ShardGroup {
    private final TableName target;
    private final Set<TableName> shards = new LinkedHashSet<>();
    private List<String> ddls = List.of();
    /** The round's DDLs as the first arrival wrote them (whitespace and all): what the target runs. */
    private List<String> statements = List.of();
    /** Synced shard → start of its DDL event: its rows after that are held. */
    private final Map<TableName, BinlogPosition> synced = new LinkedHashMap<>();
    private BinlogPosition rewindTo;

    public ShardGroup(TableName target, Set<TableName> shards) {
        this.target = target;
        this.shards.addAll(shards);
    }

    public TableName target() {
        return target;
    }

    public Set<TableName> shards() {
        return Set.copyOf(shards);
    }

    /** The DDLs of the round in progress, one line each, as shards are compared; empty when none is. */
    public List<String> ddls() {
        return ddls;
    }

    /** The round's DDLs in target form, as the target runs them. */
    public List<String> statements() {
        return statements;
    }

    public boolean inRound() {
        return !synced.isEmpty();
    }

    public List<TableName> syncedShards() {
        return List.copyOf(synced.keySet());
    }

    public List<TableName> unsyncedShards() {
        return shards.stream().filter(s -> !synced.containsKey(s)).toList();
    }

    /** The transaction boundary before the round's first DDL; null outside a round. */
    public BinlogPosition rewindTo() {
        return rewindTo;
    }

    /** Where {@code shard} ran the round's DDL, or null when it has not. */
    public BinlogPosition syncedAt(TableName shard) {
        return synced.get(shard);
    }

    /**
     * {@code shard} ran {@code ddls} (target form) in the event starting at {@code at}; the stream
     * was at transaction boundary {@code boundary} just before it.
     *
     * @return true when every shard of the group has now run the round's DDLs
     */
    public boolean arrive(TableName shard, List<String> ddls, BinlogPosition at, BinlogPosition boundary) {
        return arrive(shard, ddls, at, boundary, false);
    }

    /**
     * @param byOperator the statements are an operator's {@code handle-error replace} of this
     *                   shard's event: they stand for the whole round from now on (the way out of
     *                   a round whose DDLs the other sources' differ from, 38016)
     */
    public boolean arrive(TableName shard, List<String> ddls, BinlogPosition at, BinlogPosition boundary, boolean byOperator) {
        shards.add(shard); // a table the membership scan missed (created since) is a shard all the same
        if (synced.containsKey(shard)) {
            // the next DDL before the whole group ran this one: DM's order rule (P2)
            throw ShardDdlErrors.WRONG_SEQUENCE.error(shard, ddls, this.ddls);
        }
        if (synced.isEmpty() || byOperator) {
            this.ddls = normalized(ddls);
            this.statements = List.copyOf(ddls);
            if (synced.isEmpty()) {
                this.rewindTo = boundary;
            }
        } else if (!normalized(ddls).equals(this.ddls)) {
            throw ShardDdlErrors.WRONG_SEQUENCE.error(shard, ddls, this.ddls);
        }
        synced.put(shard, at);
        return unsyncedShards().isEmpty();
    }

    /**
     * {@code shard} was created during the round (its CREATE TABLE event starts at {@code at}) with
     * the schema the synced shards have now: it counts as having run the round's DDL there, and its
     * rows are held from then on like theirs.
     *
     * @return true when every shard of the group has now run the round's DDLs
     */
    public boolean createdSynced(TableName shard, BinlogPosition at) {
        shards.add(shard);
        synced.put(shard, at);
        return unsyncedShards().isEmpty();
    }

    /** {@code shard} was created during the round with the schema of the shards yet to run the DDL: it must run it too. */
    public void createdUnsynced(TableName shard) {
        shards.add(shard);
    }

    /**
     * Whether a row of {@code shard} at {@code at} is held back: the shard ran the round's DDL
     * before it.
     */
    public boolean holds(TableName shard, BinlogPosition at) {
        BinlogPosition ddlAt = synced.get(shard);
        return ddlAt != null && at.compareTo(ddlAt) > 0;
    }

    /** The round is over (its DDL ran downstream, or an operator ended it). */
    public void endRound() {
        synced.clear();
        ddls = List.of();
        statements = List.of();
        rewindTo = null;
    }

    /** A dropped shard leaves the group; refused inside a round, where the others wait on it. */
    public void leave(TableName shard) {
        if (inRound()) {
            throw ShardDdlErrors.DROP_IN_SHARDING.error(shard, ddls);
        }
        shards.remove(shard);
    }

    /** State restored from the sharding meta (see {@link ShardGroups}). */
    void restore(List<String> roundStatements, Map<TableName, BinlogPosition> syncedShards, BinlogPosition rewind) {
        this.statements = List.copyOf(roundStatements);
        this.ddls = normalized(roundStatements);
        this.synced.clear();
        this.synced.putAll(syncedShards);
        this.rewindTo = rewind;
        this.shards.addAll(syncedShards.keySet());
    }

    private static List<String> normalized(List<String> ddls) {
        List<String> out = new ArrayList<>();
        for (String d : ddls) {
            out.add(d.replaceAll("\\s+", " ").trim());
        }
        return out;
    }
}
