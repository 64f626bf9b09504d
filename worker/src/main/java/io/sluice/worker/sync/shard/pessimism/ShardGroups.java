package io.sluice.worker.sync.shard.pessimism;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.ShardDdlErrors;
import io.sluice.common.filter.EventType;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import io.sluice.proto.ShardingGroup;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pessimistic shard DDL on one subtask's sync: the shard groups with a DDL round in progress,
 * and the replay of held rows after a round resolves. The sync pipeline asks it three things:
 * what to do with each DDL it reads ({@link #collect} then {@link #endOfEvent}), whether a row
 * is applied ({@link #admits}), and whether a DDL event ends a replay ({@link #replayEndsAt}).
 *
 * <p>The replay is DM's: after the round's last shard ran the DDL, the DDL runs downstream once,
 * and the binlog is read again from the boundary before the round's first DDL; on that second
 * pass only the rows the group held back are applied, everything else (already applied on the
 * first pass) is skipped, up to the event that resolved the round. A synced shard's next DDL
 * read during the round is queued: the replay reads it again and it opens the group's next round
 * there, so the rows between the two DDLs reach the target with the first one's schema.
 */
public final class ShardGroups {
    private static final Logger LOG = LoggerFactory.getLogger(ShardGroups.class);

    /** What the pipeline does with one DDL statement it read. */
    public enum Verdict {
        /** not a shard DDL: run it downstream as usual */
        EXECUTE,
        /** a shard DDL: track it, and leave running it to {@link #endOfEvent} */
        DEFER,
        /** DROP TABLE / DROP DATABASE / TRUNCATE of shards: tracked, never run downstream (DM's P4, P5) */
        IGNORE,
        /**
         * The next DDL of a shard that already ran the DDL of its group's round in progress: neither
         * tracked nor run now. It lies after the shard's round DDL, so the replay of that round reads
         * it again, and there it opens the group's next round (DM queues it the same way).
         */
        QUEUE
    }

    /** What the pipeline does once the whole DDL event is read. */
    public sealed interface Outcome {
        /** No shard DDL in the event. */
        record None() implements Outcome {
        }

        /** The group waits for more shards; nothing runs downstream. */
        record Wait(ShardGroup group) implements Outcome {
        }

        /**
         * Every shard ran the DDL: run {@code statements} downstream; when {@code rewindTo} is not
         * null, read the binlog again from there to apply the held rows.
         */
        record Resolve(ShardGroup group, List<String> statements, BinlogPosition rewindTo) implements Outcome {
        }
    }

    /** A table's tracked definition (columns and keys, without its name), or null when it is not tracked. */
    @FunctionalInterface
    public interface Shapes {
        String of(TableName table);
    }

    /** The upstream tables routed into a target table. */
    @FunctionalInterface
    public interface Membership {
        Set<TableName> shardsOf(TableName target) throws SQLException;
    }

    private record Pending(TableName source, String targetSql) {
    }

    /** A replay in progress: rows of {@code group} it held are applied, up to the event at {@code end}. */
    record Replay(ShardGroup group, BinlogPosition end) {
    }

    private final MigrationRules rules;
    private final Membership membership;
    private final String logTags;
    private final Map<TableName, ShardGroup> rounds = new LinkedHashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    /** Shards created by the event being read while their group has a round open. */
    private final List<TableName> created = new ArrayList<>();
    private Replay replay;
    private ShardGroupMetrics metrics;

    public ShardGroups(MigrationRules rules, Membership membership, String logTags) {
        this.rules = rules;
        this.membership = membership;
        this.logTags = logTags;
    }

    /** Where the shard gauges go; none by default. */
    public synchronized ShardGroups withMetrics(ShardGroupMetrics m) {
        this.metrics = m;
        m.update(rounds.values());
        return this;
    }

    /** query-status's {@code unresolvedGroups}: the rounds in progress, as DM shows them. */
    public synchronized List<ShardingGroup> unresolvedGroups() {
        List<ShardingGroup> out = new ArrayList<>();
        for (ShardGroup g : rounds.values()) {
            out.add(ShardingGroup.newBuilder().setTarget(g.target().quoted()).addAllDDLs(g.ddls())
                    .setFirstLocation(String.valueOf(g.rewindTo()))
                    .addAllSynced(g.syncedShards().stream().map(TableName::quoted).toList())
                    .addAllUnsynced(g.unsyncedShards().stream().map(TableName::quoted).toList()).build());
        }
        return out;
    }

    private void changed() {
        if (metrics != null) {
            metrics.update(rounds.values());
        }
    }

    private static String oneLine(List<String> ddls) {
        return ddls.stream().map(d -> d.replaceAll("\\s+", " ")).toList().toString();
    }

    /** One routed DDL statement of the event being read (first pass only). */
    public synchronized Verdict collect(EventType type, TableName source, String targetSql) {
        switch (type) {
            case RENAME_TABLE -> throw ShardDdlErrors.RENAME_IN_SHARDING.error(source, targetSql);
            case DROP_TABLE, TRUNCATE_TABLE -> {
                ShardGroup g = rounds.get(rules.route(source.schema(), source.table()));
                if (type == EventType.DROP_TABLE && g != null) {
                    g.leave(source); // throws: the group waits on this shard
                }
                LOG.info("event=shard_ddl_ignored {} shard={} sql=\"{}\" reason=not_run_on_shards_in_pessimistic_mode", logTags,
                        source, targetSql);
                return Verdict.IGNORE;
            }
            case CREATE_TABLE -> {
                if (rounds.containsKey(rules.route(source.schema(), source.table()))) {
                    created.add(source); // which side of the round it is on is known once its schema is tracked
                }
                return Verdict.EXECUTE;
            }
            case DROP_DATABASE -> {
                LOG.info("event=shard_ddl_ignored {} schema={} sql=\"{}\" reason=not_run_on_shards_in_pessimistic_mode", logTags,
                        source.schema(), targetSql);
                return Verdict.IGNORE;
            }
            case ALTER_TABLE, CREATE_INDEX, DROP_INDEX -> {
                ShardGroup g = rounds.get(rules.route(source.schema(), source.table()));
                if (g != null && g.syncedAt(source) != null) {
                    LOG.info("event=shard_ddl_queued {} target={} shard={} sql=\"{}\" waitsFor={}", logTags, g.target(), source,
                            targetSql.replaceAll("\\s+", " "), oneLine(g.ddls()));
                    return Verdict.QUEUE;
                }
                pending.add(new Pending(source, targetSql));
                return Verdict.DEFER;
            }
            default -> {
                return Verdict.EXECUTE;
            }
        }
    }

    /**
     * The event starting at {@code at} is read; {@code boundary} is the transaction boundary
     * just before it (where a replay starts); {@code replaced}: its statements are an operator's
     * {@code handle-error replace}, which then stand for its group's round.
     */
    public synchronized Outcome endOfEvent(BinlogPosition at, BinlogPosition boundary, boolean replaced, Shapes shapes)
            throws SQLException {
        if (!created.isEmpty()) {
            TableName shard = created.get(0);
            created.clear();
            pending.clear();
            return joinCreated(shard, at, shapes);
        }
        if (pending.isEmpty()) {
            return new Outcome.None();
        }
        List<Pending> event = List.copyOf(pending);
        pending.clear();
        List<TableName> tables = event.stream().map(Pending::source).distinct().toList();
        if (tables.size() > 1) {
            throw ShardDdlErrors.MULTIPLE_TABLES.error(event.stream().map(Pending::targetSql).toList());
        }
        TableName shard = tables.get(0);
        TableName target = rules.route(shard.schema(), shard.table());
        ShardGroup g = rounds.get(target);
        if (g == null) {
            Set<TableName> shards = new LinkedHashSet<>(membership.shardsOf(target));
            if (replay != null && replay.group().target().equals(target)) {
                // a queued DDL read on the replay: the shard that resolves the replayed round (its
                // DDL is at the replay's end) is a member, so this round cannot resolve inside the replay
                shards.addAll(replay.group().shards());
            }
            g = new ShardGroup(target, shards);
        }
        List<String> ddls = event.stream().map(Pending::targetSql).toList();
        boolean all = g.arrive(shard, ddls, at, boundary, replaced);
        if (!all) {
            rounds.put(target, g);
            changed();
            LOG.info("event=shard_ddl_waiting {} target={} shard={} ddls={} synced={} unsynced={}", logTags, target, shard, oneLine(ddls),
                    g.syncedShards(), g.unsyncedShards());
            return new Outcome.Wait(g);
        }
        return resolved(g, shard);
    }

    private Outcome resolved(ShardGroup g, TableName lastShard) {
        if (replay != null) {
            throw new IllegalStateException("shard round of " + g.target() + " resolved inside the replay of " + replay.group().target());
        }
        List<String> statements = g.statements();
        boolean held = g.syncedShards().size() > 1;
        LOG.info("event=shard_ddl_resolved {} target={} shard={} ddls={} shards={} replayFrom={}", logTags, g.target(), lastShard,
                oneLine(statements), g.syncedShards().size(), held ? g.rewindTo() : "none");
        if (!held) {
            g.endRound();
            rounds.remove(g.target());
            changed();
            return new Outcome.Resolve(g, statements, null);
        }
        rounds.put(g.target(), g);
        return new Outcome.Resolve(g, statements, g.rewindTo());
    }

    /**
     * A shard created while its group's round is open (or one the membership scan counted before
     * its CREATE TABLE was read): created with the synced shards' schema it counts as synced;
     * with the others' it must run the DDL too; with neither it cannot join (DM's 36005).
     */
    private Outcome joinCreated(TableName shard, BinlogPosition at, Shapes shapes) {
        ShardGroup g = rounds.get(rules.route(shard.schema(), shard.table()));
        if (g == null || g.syncedAt(shard) != null) {
            return new Outcome.None();
        }
        String shape = shapes.of(shard);
        if (shape != null && g.syncedShards().stream().anyMatch(s -> shape.equals(shapes.of(s)))) {
            boolean all = g.createdSynced(shard, at);
            changed();
            LOG.info("event=shard_created_synced {} target={} shard={} ddls={} unsynced={}", logTags, g.target(), shard, oneLine(g.ddls()),
                    g.unsyncedShards());
            return all ? resolved(g, shard) : new Outcome.Wait(g);
        }
        if (shape != null && g.unsyncedShards().stream().anyMatch(s -> !s.equals(shard) && shape.equals(shapes.of(s)))) {
            g.createdUnsynced(shard);
            changed();
            LOG.info("event=shard_created_unsynced {} target={} shard={} ddls={}", logTags, g.target(), shard, oneLine(g.ddls()));
            return new Outcome.Wait(g);
        }
        throw ShardDdlErrors.ADD_IN_SHARDING.error(shard, g.ddls());
    }

    /** The resolved round's DDL ran downstream: start reading again for its held rows, up to {@code end}. */
    public synchronized void startReplay(ShardGroup g, BinlogPosition end) {
        // out of the waiting rounds: the replay may open the group's next round (a queued DDL)
        rounds.remove(g.target());
        replay = new Replay(g, end);
        LOG.info("event=shard_replay_start {} target={} from={} to={}", logTags, g.target(), g.rewindTo(), end);
    }

    public synchronized boolean replaying() {
        return replay != null;
    }

    /**
     * On the replay, whether the DDL event at {@code at} is the one that resolved the round: the
     * replay ends there and the round is over.
     */
    public synchronized boolean replayEndsAt(BinlogPosition at) {
        if (replay == null || at.compareTo(replay.end()) < 0) {
            return false;
        }
        ShardGroup g = replay.group();
        g.endRound();
        replay = null;
        changed();
        LOG.info("event=shard_replay_end {} target={} at={}", logTags, g.target(), at);
        return true;
    }

    /**
     * On the replay, whether the DDL event of {@code source} at {@code at} is one the first pass
     * queued ({@link Verdict#QUEUE}): it is read as new, and opens the group's next round.
     */
    public synchronized boolean queuedOnReplay(TableName source, BinlogPosition at) {
        return replay != null && replay.group().target().equals(rules.route(source.schema(), source.table()))
                && replay.group().holds(source, at);
    }

    /** Whether a row of {@code source} at {@code at} is applied now. */
    public synchronized boolean admits(TableName source, BinlogPosition at) {
        if (replay != null && !replay.group().holds(source, at)) {
            return false;
        }
        if (rounds.isEmpty()) {
            return true;
        }
        ShardGroup g = rounds.get(rules.route(source.schema(), source.table()));
        return g == null || !g.holds(source, at);
    }

    /** A shard DDL round or a replay is in progress: rows written now may be written again after a restart. */
    public synchronized boolean inFlight() {
        return !rounds.isEmpty() || replay != null;
    }

    public synchronized Collection<ShardGroup> rounds() {
        return List.copyOf(rounds.values());
    }

    synchronized Replay replay() {
        return replay;
    }

    /** Restores what {@link ShardGroupsStore} saved with the last checkpoint; {@code replayed} null when no replay was on. */
    synchronized void restore(Collection<ShardGroup> waiting, ShardGroup replayed, BinlogPosition replayEnd) {
        rounds.clear();
        waiting.forEach(g -> rounds.put(g.target(), g));
        replay = replayed == null ? null : new Replay(replayed, replayEnd);
        changed();
    }
}
