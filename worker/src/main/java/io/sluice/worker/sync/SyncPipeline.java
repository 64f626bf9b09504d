package io.sluice.worker.sync;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.DbConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.errors.ErrorClass;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.EventType;
import io.sluice.common.filter.ExpressionFilter;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import io.sluice.proto.ErrorOp;
import io.sluice.proto.ErrorOperation;
import io.sluice.worker.metrics.SyncMetrics;
import io.sluice.worker.schema.SchemaTracker;
import io.sluice.worker.schema.TableInfo;
import io.sluice.worker.sync.onlineddl.OnlineDdl;
import io.sluice.worker.sync.shard.optimism.OptimisticShardDdl;
import io.sluice.worker.sync.shard.pessimism.ShardDdlLock;
import io.sluice.worker.sync.shard.pessimism.ShardGroups;
import io.sluice.worker.sync.shard.pessimism.ShardGroupsStore;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-threaded middle of the sync unit: takes binlog events in order, filters and routes
 * them, keeps the schema tracker current, turns rows into {@link RowChange}s for the writer
 * queues, runs DDL as a barrier, and moves the global checkpoint at transaction boundaries.
 */
final class SyncPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(SyncPipeline.class);
    /** Errors a DDL replayed after a crash (run downstream, checkpoint not yet moved) may hit. */
    private static final Set<Integer> REPLAYED_DDL_ERRORS = Set.of(1007, 1008, 1050, 1051, 1054, 1060, 1061, 1091, 1146);

    private final MigrationRules rules;
    private final SchemaTracker tracker;
    private final DdlRouter router;
    private final ValueConverter converter;
    private final CausalityDispatcher dispatcher;
    private final SyncWriters writers;
    private final SyncCheckpoint checkpoint;
    private final Fence fence;
    private final DataSource target;
    private final DbConfig upstream;
    private final SyncProgress progress;
    private final long flushIntervalMillis;
    private Map<Integer, RowPosition> replayFloor;
    /** The next checkpoint starts the queue positions over: a shard replay reads older rows than the queues wrote. */
    private boolean queuesStartOver;
    private ExecutedGtids gtids;
    private final boolean mariaDb;
    private final String logTags;

    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    private final TableMapMetadata tableMapMetadata = new TableMapMetadata();
    private final Set<TableName> dirtyTables = new LinkedHashSet<>();
    private final Set<TableName> droppedTables = new LinkedHashSet<>();
    private String file;
    private BinlogPosition lastTxnEnd;
    private BinlogPosition flushed;
    private RowPosition lastDispatched = RowPosition.NONE;
    private String lastDispatchedGtid;
    private boolean rotatedBack;
    private String pendingGtid;
    private volatile boolean inTransaction;
    private long lastFlushMillis = System.currentTimeMillis();
    private Connection upstreamConn;
    private long replayedRowsSkipped;
    private ExpressionFilter expressionFilter = ExpressionFilter.NONE;
    private final Map<TableInfo, ExpressionFilter.TableRules> boundExpressions = new IdentityHashMap<>();
    private long filteredRows;
    private ErrorOperations errorOperations = ErrorOperations.NONE;
    private volatile String errorStartLocation;
    private SyncMetrics.Bound metrics;
    /** Changes of the current rows event per writer queue, for the added-jobs counters. */
    private int[] addedPerQueue = new int[0];
    private long lastSavedMillis;
    private OnlineDdl onlineDdl = OnlineDdl.disabled();
    /** A boundary the global checkpoint moves to once the queues have caught up with it; null when none. */
    private PendingCheckpoint pendingCheckpoint;
    /** shard-mode pessimistic (groups of this source's shards) and optimistic (through the leader); null when off. */
    private ShardGroups shards;
    private ShardGroupsStore shardStore;
    private OptimisticShardDdl shardDdl;
    /** shard-mode pessimistic with a master: the cluster-level lock, and when a wait for it ends. */
    private ShardDdlLock shardLock;
    private BooleanSupplier lockWaitStopped = () -> false;
    private boolean rewound;

    SyncPipeline(MigrationRules rules, SchemaTracker tracker, ValueConverter converter, CausalityDispatcher dispatcher,
            SyncWriters writers, SyncCheckpoint checkpoint, Fence fence, DataSource target, DbConfig upstream,
            SyncProgress progress, long flushIntervalMillis, Map<Integer, RowPosition> replayFloor, BinlogPosition start,
            boolean mariaDb, String logTags) {
        this.rules = rules;
        this.tracker = tracker;
        this.router = new DdlRouter(rules);
        this.converter = converter;
        this.dispatcher = dispatcher;
        this.writers = writers;
        this.checkpoint = checkpoint;
        this.fence = fence;
        this.target = target;
        this.upstream = upstream;
        this.progress = progress;
        this.flushIntervalMillis = flushIntervalMillis;
        this.replayFloor = replayFloor;
        this.gtids = new ExecutedGtids(mariaDb, start.gtidSet());
        this.mariaDb = mariaDb;
        this.logTags = logTags;
        this.file = start.file();
        this.lastTxnEnd = start;
        this.flushed = start;
        progress.processed(start);
    }

    /** Where a new binlog reader must start so that nothing is lost (rows already dispatched are skipped). */
    BinlogPosition resumePosition() {
        return lastTxnEnd;
    }

    /** Called by the reader loop after a reconnect: the table map cache belongs to the old stream. */
    void restartStream() {
        tableMaps.clear();
        pendingGtid = null;
        inTransaction = false;
    }

    boolean idle() {
        return writers.idle() && !inTransaction;
    }

    void handle(Event ev) throws Exception {
        EventHeaderV4 h = ev.getHeader();
        // only events the upstream wrote as data carry a commit time: the format description and
        // fake rotate sent when a stream (re)starts carry the file's creation time or none
        progress.event(carriesCommitTime(h) ? h.getTimestamp() : 0);
        try {
            apply(ev, h);
        } catch (SluiceException e) {
            if (e.code() != SyncErrors.EXEC_DML && e.code() != SyncErrors.READ_BINLOG && e.code().errorClass() != ErrorClass.CHECKPOINT) {
                // this event failed, not rows queued earlier: handle-error can act on it
                errorStartLocation = file + ":" + h.getPosition();
            }
            throw e;
        }
    }

    private static boolean carriesCommitTime(EventHeaderV4 h) {
        return switch (h.getEventType()) {
            case WRITE_ROWS, EXT_WRITE_ROWS, UPDATE_ROWS, EXT_UPDATE_ROWS, DELETE_ROWS, EXT_DELETE_ROWS, XID, QUERY -> true;
            default -> false;
        };
    }

    /**
     * {@code file:pos} of the event the sync stopped on, or null: the event whose handling
     * failed, else the rows event of a row the target rejected (writers fail asynchronously).
     */
    String errorStartLocation() {
        if (errorStartLocation != null) {
            return errorStartLocation;
        }
        RowPosition rejected = writers.rejectedRow();
        return rejected == null ? null : rejected.file() + ":" + rejected.pos();
    }

    private void apply(Event ev, EventHeaderV4 h) throws Exception {
        switch (h.getEventType()) {
            case ROTATE -> {
                RotateEventData r = ev.getData();
                if (!inTransaction && new BinlogPosition(r.getBinlogFilename(), r.getBinlogPosition(), "").compareTo(lastTxnEnd) < 0) {
                    rotatedBack = true; // a reconnect by GTID, or another server's binlog: the next GTID tells
                }
                file = r.getBinlogFilename();
                if (!inTransaction) {
                    lastTxnEnd = new BinlogPosition(file, r.getBinlogPosition(), gtids.toString());
                }
            }
            case MARIADB_GTID -> {
                MariadbGtidEventData g = ev.getData();
                // the body has domain and sequence; the server id is the event header's
                pendingGtid = g.getDomainId() + "-" + h.getServerId() + "-" + g.getSequence();
                forgetOffsetsOfAnotherServer();
                inTransaction = (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0;
            }
            case GTID -> {
                GtidEventData g = ev.getData();
                pendingGtid = g.getMySqlGtid().toString();
                forgetOffsetsOfAnotherServer();
            }
            case TABLE_MAP -> {
                TableMapEventData m = ev.getData();
                tableMaps.put(m.getTableId(), m);
            }
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData d = ev.getData();
                inTransaction = true;
                rows(h, d.getTableId(), d.getIncludedColumns(), RowChange.Kind.INSERT, d.getRows(), null);
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = ev.getData();
                inTransaction = true;
                rows(h, d.getTableId(), d.getIncludedColumns(), RowChange.Kind.UPDATE, null, d.getRows());
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = ev.getData();
                inTransaction = true;
                rows(h, d.getTableId(), d.getIncludedColumns(), RowChange.Kind.DELETE, d.getRows(), null);
            }
            case XID -> transactionEnd(h);
            case QUERY -> query(h, ev.getData());
            default -> {
                // format description, annotate rows, heartbeats, GTID lists, …: nothing to apply
            }
        }
    }

    private void query(EventHeaderV4 h, QueryEventData q) throws Exception {
        String sql = q.getSql().trim();
        if (sql.equalsIgnoreCase("BEGIN")) {
            inTransaction = true;
        } else if (sql.equalsIgnoreCase("COMMIT")) {
            transactionEnd(h);
        } else if (DdlRouter.isTableDdl(sql)) {
            ddl(h, q.getDatabase(), sql);
        } else if (!inTransaction) {
            // a statement of its own (GRANT, FLUSH, CREATE USER, …): not ours to apply
            transactionEnd(h);
        }
        // else: SAVEPOINT and the like inside a transaction
    }

    private void rows(EventHeaderV4 h, long tableId, BitSet included, RowChange.Kind kind, List<Serializable[]> rows,
            List<Map.Entry<Serializable[], Serializable[]>> updates) throws Exception {
        long started = System.nanoTime();
        SyncMetrics.EventKind metricKind = kind == RowChange.Kind.INSERT ? SyncMetrics.EventKind.WRITE_ROWS
                : kind == RowChange.Kind.UPDATE ? SyncMetrics.EventKind.UPDATE_ROWS : SyncMetrics.EventKind.DELETE_ROWS;
        TableMapEventData map = tableMaps.get(tableId);
        if (map == null) {
            throw SyncErrors.READ_BINLOG.wrap(new IllegalStateException("rows event without table map for id " + tableId), where(h));
        }
        String schema = map.getDatabase();
        String table = map.getTable();
        EventType type = kind == RowChange.Kind.INSERT ? EventType.INSERT : kind == RowChange.Kind.UPDATE ? EventType.UPDATE : EventType.DELETE;
        if (onlineDdl.ignoresRowsOf(table) || !rules.tableAllowed(schema, table) || rules.skipEvent(schema, table, type, "")) {
            skipped(metricKind, started);
            return;
        }
        if (beforeLoadedData(schema, table, h.getPosition())) {
            replayedRowsSkipped += kind == RowChange.Kind.UPDATE ? updates.size() : rows.size();
            skipped(metricKind, started);
            return;
        }
        if (shards != null && !shards.admits(new TableName(schema, table), new BinlogPosition(file, h.getPosition(), ""))) {
            skipped(metricKind, started); // held back until its shard group's DDL resolves, or applied on the first pass
            return;
        }
        ErrorOperation op = errorOperations.at(file, h.getPosition());
        if (op != null) {
            applyToRows(op, h);
            return;
        }
        TableInfo info = tableInfo(schema, table);
        if (included.cardinality() != info.columns().size()) {
            // the tracker may lag a table created before our start position; read it again once
            tracker.forget(schema, table);
            info = tableInfo(schema, table);
            if (included.cardinality() != info.columns().size()) {
                throw SyncErrors.ROW_MISMATCH.error(new TableName(schema, table), included.cardinality(), info.columns().size(), where(h));
            }
        }
        info = tableMapMetadata.apply(info, map);
        TableName target = rules.route(schema, table);
        ExpressionFilter.TableRules drop = expressionRules(info);
        int n = kind == RowChange.Kind.UPDATE ? updates.size() : rows.size();
        if (metrics != null) {
            metrics.rowsEvent(n);
        }
        long dispatchNanos = 0;
        for (int i = 0; i < n; i++) {
            RowPosition pos = new RowPosition(file, h.getPosition(), i);
            RowChange change = switch (kind) {
                case INSERT -> new RowChange(kind, info, target, null, converter.convertRow(info, rows.get(i)), pos);
                case DELETE -> new RowChange(kind, info, target, converter.convertRow(info, rows.get(i)), null, pos);
                case UPDATE -> new RowChange(kind, info, target, converter.convertRow(info, updates.get(i).getKey()),
                        converter.convertRow(info, updates.get(i).getValue()), pos);
            };
            if (drop != null && dropped(drop, change)) {
                filteredRows++; // the transaction's end still moves the checkpoint past it
                continue;
            }
            dispatchNanos += dispatch(change, metricKind);
        }
        if (metrics != null) {
            metrics.transformed(metricKind, System.nanoTime() - started - dispatchNanos);
            metrics.dispatched(metricKind, dispatchNanos);
            for (int q = 0; q < addedPerQueue.length; q++) {
                if (addedPerQueue[q] > 0) {
                    metrics.jobsAdded(metricKind, q, target.schema(), target.table(), addedPerQueue[q]);
                    addedPerQueue[q] = 0;
                }
            }
        }
    }

    private void skipped(SyncMetrics.EventKind kind, long startedNanos) {
        if (metrics != null) {
            metrics.skipped(kind, System.nanoTime() - startedNanos);
        }
    }

    /** handle-error on a rows event: leave all its rows out, or run the given statements instead. */
    private void applyToRows(ErrorOperation op, EventHeaderV4 h) throws Exception {
        writers.drain();
        if (op.getOp() == ErrorOp.Replace) {
            try (Connection c = target.getConnection()) {
                c.setAutoCommit(false);
                fence.check(c);
                try (Statement st = c.createStatement()) {
                    for (String sql : op.getSqlsList()) {
                        st.execute(sql);
                    }
                }
                c.commit();
            } catch (SQLException e) {
                throw SyncErrors.REPLACE_EVENT.wrap(e, where(h));
            }
        }
        LOG.info("event=handle_error_applied {} op={} at={} statements={}", logTags, op.getOp(), where(h), op.getSqlsCount());
    }

    private static boolean dropped(ExpressionFilter.TableRules drop, RowChange c) {
        return switch (c.kind()) {
            case INSERT -> drop.skipInsert(c.after());
            case DELETE -> drop.skipDelete(c.before());
            case UPDATE -> drop.skipUpdate(c.before(), c.after());
        };
    }

    /**
     * The expression filters of a table shape, bound once per shape: the tracker hands out the
     * same {@link TableInfo} until a DDL changes the table, so identity is the right key.
     */
    private ExpressionFilter.TableRules expressionRules(TableInfo info) {
        if (expressionFilter.isEmpty()) {
            return null;
        }
        if (!boundExpressions.containsKey(info)) {
            if (boundExpressions.size() > 1024) {
                boundExpressions.clear();
            }
            boundExpressions.put(info, expressionFilter.forTable(info.schema(), info.table(), ColumnMembers.of(info)));
        }
        return boundExpressions.get(info);
    }

    /** handle-error's operations for this subtask; none by default. */
    SyncPipeline withErrorOperations(ErrorOperations operations) {
        this.errorOperations = operations;
        return this;
    }

    /** Where this pipeline's sync metrics go; none by default. */
    SyncPipeline withMetrics(SyncMetrics.Bound m) {
        this.metrics = m;
        this.addedPerQueue = new int[dispatcher.queues()];
        return this;
    }

    /** shard-mode optimistic: table DDLs go through the master leader; null (off) by default. */
    SyncPipeline withOptimisticShardDdl(OptimisticShardDdl coordination) {
        this.shardDdl = coordination;
        return this;
    }

    /** gh-ost and pt-osc handling ({@code online-ddl}); off by default. */
    SyncPipeline withOnlineDdl(OnlineDdl handling) {
        this.onlineDdl = handling;
        return this;
    }

    /** Row changes of the incremental phase to leave out ({@code expression-filter}); none by default. */
    SyncPipeline withExpressionFilter(ExpressionFilter filter) {
        this.expressionFilter = filter;
        return this;
    }

    /**
     * After the binlog went back: a transaction other than the one last dispatched from comes from
     * another server (a primary switch), whose offsets start over and must not be taken for a replay.
     */
    private void forgetOffsetsOfAnotherServer() {
        if (rotatedBack && !java.util.Objects.equals(pendingGtid, lastDispatchedGtid)) {
            lastDispatched = RowPosition.NONE;
        }
        rotatedBack = false;
    }

    /** Rows the expression filters dropped since this pipeline started. */
    long filteredRows() {
        return filteredRows;
    }

    /** Hands one row to its queue; returns the nanoseconds that took, waiting for a full queue included. */
    private long dispatch(RowChange change, SyncMetrics.EventKind kind) throws InterruptedException {
        RowPosition pos = change.position();
        long started = System.nanoTime();
        int q = dispatcher.queueFor(change);
        RowPosition floor = replayFloor.get(q);
        // a shard replay re-reads rows older than the first pass dispatched: its queue positions
        // started over with it (see shardRound), so only they say what the replay already wrote
        boolean shardReplay = shards != null && shards.replaying();
        if ((floor != null && pos.compareTo(floor) <= 0) || (!shardReplay && pos.compareTo(lastDispatched) <= 0)) {
            replayedRowsSkipped++; // written before a crash (queue position) or before a reconnect (this run)
            return 0;
        }
        boolean crosses = dispatcher.crossesQueues(change);
        long chosen = System.nanoTime();
        if (crosses) {
            writers.drain();
            writers.dispatch(q, change);
            writers.drain();
        } else {
            writers.dispatch(q, change);
        }
        if (!shardReplay) {
            lastDispatched = pos;
            lastDispatchedGtid = pendingGtid;
        }
        long ended = System.nanoTime();
        if (metrics != null) {
            metrics.queueChosen(chosen - started);
            metrics.jobAdded(kind, q, ended - chosen);
            addedPerQueue[q]++;
        }
        return ended - started;
    }

    /**
     * What the full phase loaded: per upstream table, the earliest position its loaded rows are
     * consistent with (its row events before that are in the data already and are skipped, so
     * a table loaded at one position, keyless ones included, is exact), and its CREATE TABLE as
     * dumped, which the tracker starts from instead of the upstream's current schema.
     */
    SyncPipeline withFullPhase(Map<TableName, BinlogPosition> tableStarts, Map<TableName, String> createTables) {
        this.tableStarts = tableStarts;
        this.createTables = createTables;
        return this;
    }

    private Map<TableName, BinlogPosition> tableStarts = Map.of();
    private Map<TableName, String> createTables = Map.of();

    /** Whether an event at {@code pos} on {@code table} is older than the table's loaded data. */
    private boolean beforeLoadedData(String schema, String table, long pos) {
        BinlogPosition start = tableStarts.get(new TableName(schema, table));
        return start != null && new BinlogPosition(file, pos, "").compareTo(start) < 0;
    }

    private boolean loadFromDump(String schema, String table) {
        String create = createTables.get(new TableName(schema, table));
        if (create == null) {
            return false;
        }
        tracker.load(schema, table, create);
        return true;
    }

    private TableInfo tableInfo(String schema, String table) throws SQLException {
        TableInfo info = tracker.table(schema, table);
        if (info != null) {
            return info;
        }
        if (loadFromDump(schema, table)) {
            dirtyTables.add(new TableName(schema, table));
            droppedTables.remove(new TableName(schema, table));
            return tracker.table(schema, table);
        }
        try {
            if (upstreamConn == null || !upstreamConn.isValid(2)) {
                upstreamConn = DbConnector.open(upstream);
            }
            try (Statement st = upstreamConn.createStatement();
                    ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + new TableName(schema, table).quoted())) {
                rs.next();
                tracker.load(schema, table, rs.getString(2));
            }
        } catch (java.sql.SQLNonTransientConnectionException e) {
            // the upstream is away (restarting): as for a broken binlog stream, reconnect and retry
            throw SyncErrors.READ_BINLOG.wrap(e, lastTxnEnd);
        } catch (SQLException | RuntimeException e) {
            throw SyncErrors.TRACKER_LOAD.wrap(e, new TableName(schema, table));
        }
        dirtyTables.add(new TableName(schema, table));
        droppedTables.remove(new TableName(schema, table));
        return tracker.table(schema, table);
    }

    private void ddl(EventHeaderV4 h, String db, String eventSql) throws Exception {
        long started = System.nanoTime();
        ddlStatements(h, db, eventSql);
        if (metrics != null) {
            metrics.transformed(SyncMetrics.EventKind.QUERY, System.nanoTime() - started);
        }
    }

    private void ddlStatements(EventHeaderV4 h, String db, String eventSql) throws Exception {
        // A boundary noted before this DDL must not be saved after it: the tables' saved schema
        // would be the new one at a position the DDL has not reached. The DDL saves its own.
        pendingCheckpoint = null;
        if (shards != null && shards.replaying() && !queuedOnReplay(h, db, eventSql)) {
            // the first pass handled every other DDL up to the replay's end
            shards.replayEndsAt(new BinlogPosition(file, h.getPosition(), ""));
            writers.shardSafeMode(shards.inFlight());
            transactionEnd(h);
            return;
        }
        ErrorOperation op = errorOperations.at(file, h.getPosition());
        if (op != null && op.getOp() == ErrorOp.Skip) {
            writers.drain();
            LOG.info("event=handle_error_applied {} op=Skip at={} sql=\"{}\"", logTags, where(h), oneLine(eventSql));
            transactionEnd(h);
            flush();
            return;
        }
        // handle-error replace: the given statements stand in for the event's, routed and tracked alike
        List<String> statements = op != null && op.getOp() == ErrorOp.Replace ? op.getSqlsList() : List.of(eventSql);
        // Parse first: a statement we cannot parse stops the unit before anything is applied.
        List<Map.Entry<String, DdlRouter.Ddl>> ddls = new ArrayList<>();
        for (String statement : statements) {
            router.route(db, statement, where(h)).forEach(d -> ddls.add(Map.entry(statement, d)));
        }
        writers.drain();
        if (op != null) {
            LOG.info("event=handle_error_applied {} op=Replace at={} sql=\"{}\" statements={}", logTags, where(h), oneLine(eventSql),
                    statements.size());
        }
        for (Map.Entry<String, DdlRouter.Ddl> entry : onlineDdl.rewrite(ddls, router, where(h))) {
            String sql = entry.getKey();
            DdlRouter.Ddl d = entry.getValue();
            TableName s = d.source();
            boolean allowed = s.table().isEmpty() ? rules.schemaAllowed(s.schema()) : rules.tableAllowed(s.schema(), s.table());
            if (!allowed || rules.skipEvent(s.schema(), s.table(), d.type(), sql)) {
                LOG.info("skip DDL {} sql=\"{}\" at={}", logTags, oneLine(d.sourceSql()), where(h));
                continue;
            }
            if (!s.table().isEmpty() && beforeLoadedData(s.schema(), s.table(), h.getPosition())) {
                // the table was dumped after this DDL: its loaded schema has it already
                LOG.info("skip DDL older than the loaded table {} sql=\"{}\" at={}", logTags, oneLine(d.sourceSql()), where(h));
                continue;
            }
            boolean coordinated = shardDdl != null && shardDdl.coordinates(d.type(), s)
                    && (tracker.table(s.schema(), s.table()) != null || loadFromDump(s.schema(), s.table()) || seedFromTarget(s));
            // pessimistic groups (shards) and optimistic coordination (shardDdl) never run together: one shard mode per task
            ShardGroups.Verdict verdict = shards == null ? ShardGroups.Verdict.EXECUTE : shards.collect(d.type(), s, d.targetSql());
            if (verdict == ShardGroups.Verdict.QUEUE) {
                continue; // read again, and tracked then, on its round's replay
            }
            if (!coordinated && verdict == ShardGroups.Verdict.EXECUTE) {
                execute(d, where(h)); // DEFER: the group's round runs it, once every shard has (shardRound)
            }
            if (d.type() != EventType.CREATE_TABLE && !s.table().isEmpty() && tracker.table(s.schema(), s.table()) == null
                    && !loadFromDump(s.schema(), s.table())) {
                // Neither tracked nor in the dump (it existed before an incremental start): its shape
                // is read from the upstream at its next row, which already includes this DDL.
                continue;
            }
            Map<TableName, String> before = snapshot();
            try {
                tracker.applyDdl(db, d.sourceSql());
            } catch (RuntimeException e) {
                throw SyncErrors.TRACKER_APPLY.wrap(e, d.sourceSql());
            }
            Map<TableName, String> after = snapshot();
            if (coordinated) {
                shardDdl.coordinate(d.type(), s, d.sourceSql(), d.targetSql(), before.get(s), after.get(s), where(h),
                        stmt -> execute(new DdlRouter.Ddl(d.type(), s, stmt, stmt), where(h)));
            }
            after.forEach((t, create) -> {
                if (!create.equals(before.get(t))) {
                    dirtyTables.add(t);
                    droppedTables.remove(t);
                }
            });
            before.keySet().stream().filter(t -> !after.containsKey(t)).forEach(t -> {
                dirtyTables.remove(t);
                droppedTables.add(t);
            });
        }
        if (shards != null && shardRound(h, op != null)) {
            return;
        }
        transactionEnd(h);
        flush();
    }

    /** On a shard replay, whether the DDL event is a shard's DDL that the first pass queued behind the replayed round. */
    private boolean queuedOnReplay(EventHeaderV4 h, String db, String eventSql) {
        BinlogPosition at = new BinlogPosition(file, h.getPosition(), "");
        try {
            return router.route(db, eventSql, where(h)).stream().anyMatch(d -> shards.queuedOnReplay(d.source(), at));
        } catch (RuntimeException unparsed) {
            return false; // the first pass parsed every DDL it queued
        }
    }

    /**
     * The shard DDLs of the event read: waits, or runs them downstream once every shard has; then
     * rewinds to read the held rows again. True when it rewound (the stream must be reopened).
     */
    private boolean shardRound(EventHeaderV4 h, boolean replaced) throws Exception {
        BinlogPosition at = new BinlogPosition(file, h.getPosition(), "");
        ShardGroups.Outcome outcome = shards.endOfEvent(at, lastTxnEnd, replaced, this::trackedShape);
        writers.shardSafeMode(shards.inFlight());
        if (!(outcome instanceof ShardGroups.Outcome.Resolve resolve)) {
            return false;
        }
        List<String> ddls = resolve.statements();
        String position = at.file() + ":" + at.pos();
        // with a master, the cluster-level lock decides: only its owner's worker runs the DDLs
        boolean run = shardLock == null || shardLock.await(resolve.group().target(), ddls, position, lockWaitStopped);
        TableName shard = resolve.group().shards().iterator().next();
        for (String sql : ddls) {
            if (run) {
                execute(new DdlRouter.Ddl(EventType.ALTER_TABLE, shard, sql, sql), where(h));
            } else {
                LOG.info("event=shard_ddl_skipped {} sql=\"{}\" at={} reason=lock_owner_runs_it", logTags, oneLine(sql), where(h));
            }
        }
        if (shardLock != null) {
            shardLock.done(resolve.group().target(), ddls, position);
        }
        BinlogPosition from = resolve.rewindTo();
        if (from == null) {
            return false;
        }
        shards.startReplay(resolve.group(), at);
        file = from.file();
        lastTxnEnd = from;
        gtids = new ExecutedGtids(mariaDb, from.gtidSet());
        pendingGtid = null;
        inTransaction = false;
        rewound = true;
        queuesStartOver = true;
        flush(true); // the DDL ran: a restart resumes the replay, not the round
        return true;
    }

    /** True once after a shard replay was set up: the reader must start again at {@link #resumePosition()}. */
    boolean takeRewind() {
        boolean r = rewound;
        rewound = false;
        return r;
    }

    /**
     * The cluster-level DDL lock of shard-mode pessimistic; without it (no master) a group's DDL
     * runs once this source's shards agree. {@code stopped} ends a wait for the lock.
     */
    SyncPipeline withShardDdlLock(ShardDdlLock lock, BooleanSupplier stopped) {
        this.shardLock = lock;
        this.lockWaitStopped = stopped;
        return this;
    }

    /** Pessimistic shard DDL coordination ({@code shard-mode: pessimistic}); off by default. */
    SyncPipeline withShardGroups(ShardGroups groups, ShardGroupsStore store) {
        this.shards = groups;
        this.shardStore = store;
        writers.shardSafeMode(groups.inFlight());
        return this;
    }

    private void execute(DdlRouter.Ddl d, String where) throws SQLException {
        try (Connection c = target.getConnection()) {
            c.setAutoCommit(false);
            fence.check(c); // DDL cannot join a transaction; at least do not start one when fenced
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                long started = System.nanoTime();
                st.execute(d.targetSql());
                if (metrics != null) {
                    TableName t = d.source().table().isEmpty() ? new TableName(d.source().schema(), "")
                            : rules.route(d.source().schema(), d.source().table());
                    metrics.ddlExecuted(t.schema(), t.table(), System.nanoTime() - started);
                }
                LOG.info("applied DDL {} sql=\"{}\" at={}", logTags, oneLine(d.targetSql()), where);
            } catch (SQLException e) {
                if (!REPLAYED_DDL_ERRORS.contains(e.getErrorCode())) {
                    throw SyncErrors.EXEC_DDL.wrap(e, d.targetSql());
                }
                LOG.warn("DDL already applied, continuing {} sql=\"{}\" error=\"{}\"", logTags, oneLine(d.targetSql()), e.getMessage());
            }
        }
    }

    /**
     * Optimistic mode: a shard the tracker has not seen (no row of it since an incremental start,
     * or its schema removed by operate-schema) is taken to have the target table's schema before its
     * DDL, as DM does. Without a schema before the DDL it could not be coordinated and would reach
     * the target as it is: a DROP COLUMN while the other shards still write the column.
     */
    private boolean seedFromTarget(TableName shard) throws SQLException {
        TableName t = rules.route(shard.schema(), shard.table());
        String create;
        try (Connection c = target.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + t.quoted())) {
            if (!rs.next()) {
                return false;
            }
            create = rs.getString(2);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
                return false; // no target table yet: nothing to keep compatible with
            }
            throw SyncErrors.TRACKER_LOAD.wrap(e, shard);
        }
        tracker.load(shard.schema(), shard.table(), create);
        dirtyTables.add(shard);
        droppedTables.remove(shard);
        LOG.info("event=shard_schema_from_target {} shard={} target={}", logTags, shard, t);
        return true;
    }

    /** A tracked table's columns and keys, without its name and table options: shards compare equal by it. */
    private String trackedShape(TableName t) {
        TableInfo info = tracker.table(t.schema(), t.table());
        if (info == null) {
            return null;
        }
        String sql = info.createSql();
        int open = sql.indexOf('(');
        int close = sql.lastIndexOf(')');
        return open < 0 || close < open ? sql : sql.substring(open, close + 1);
    }

    private Map<TableName, String> snapshot() {
        Map<TableName, String> m = new HashMap<>();
        for (TableInfo t : tracker.tables()) {
            m.put(new TableName(t.schema(), t.table()), t.createSql());
        }
        return m;
    }

    private void transactionEnd(EventHeaderV4 h) throws Exception {
        if (pendingGtid != null) {
            gtids.add(pendingGtid);
            pendingGtid = null;
        }
        inTransaction = false;
        lastTxnEnd = new BinlogPosition(file, h.getNextPosition(), gtids.toString());
        progress.processed(lastTxnEnd);
        if (metrics != null && h.getTimestamp() > 0) {
            metrics.transactionFinished(Math.max(0, System.currentTimeMillis() - h.getTimestamp()) / 1000.0);
        }
        maybeFlush();
    }

    /**
     * The periodic checkpoint, called at transaction ends and when the stream is quiet. It never
     * waits for the queues: when the interval has passed it notes the last transaction boundary
     * and how many rows each queue had been handed by then, and saves that boundary as soon as
     * the queues have committed those rows (see {@link PendingCheckpoint}).
     */
    void maybeFlush() throws Exception {
        // with no drain here, this is where a quiet stream learns that a writer failed (fenced, rejected row)
        writers.throwIfFailed();
        if (pendingCheckpoint != null && pendingCheckpoint.reachedBy(writers.committedCounts())) {
            BinlogPosition boundary = pendingCheckpoint.boundary();
            pendingCheckpoint = null;
            save(boundary, false);
        }
        if (!inTransaction && System.currentTimeMillis() - lastFlushMillis >= flushIntervalMillis) {
            if (shards != null) {
                // A pessimistic round's state (held shards, a replay) is saved with the checkpoint and
                // describes the stream up to now; saved next to an older boundary it would meet its own
                // DDLs again on a restart. So these tasks keep the draining checkpoint.
                flush();
                return;
            }
            lastFlushMillis = System.currentTimeMillis();
            if (pendingCheckpoint == null) {
                pendingCheckpoint = new PendingCheckpoint(lastTxnEnd, writers.dispatchedCounts());
                if (pendingCheckpoint.reachedBy(writers.committedCounts())) {
                    pendingCheckpoint = null;
                    save(lastTxnEnd, false);
                }
            }
        }
    }

    /** Drains the queues, then moves the global checkpoint to the last transaction boundary (DDL, stop). */
    void flush() throws Exception {
        flush(false);
    }

    /** @param force save even when nothing moved (the very first checkpoint, at the start position) */
    void flush(boolean force) throws Exception {
        writers.drain();
        lastFlushMillis = System.currentTimeMillis();
        pendingCheckpoint = null;
        save(lastTxnEnd, force);
    }

    /** Saves {@code boundary} as the global checkpoint; every row before it must be on the target. */
    private void save(BinlogPosition boundary, boolean force) throws Exception {
        if (!force && boundary.equals(flushed) && dirtyTables.isEmpty() && droppedTables.isEmpty()) {
            return;
        }
        List<TableInfo> changed = dirtyTables.stream().map(t -> tracker.table(t.schema(), t.table()))
                .filter(java.util.Objects::nonNull).toList();
        long sinceLast = lastSavedMillis == 0 ? 0 : System.currentTimeMillis() - lastSavedMillis;
        long started = System.nanoTime();
        try (Connection c = target.getConnection()) {
            c.setAutoCommit(false);
            try {
                fence.check(c);
                checkpoint.saveGlobal(c, boundary, changed, droppedTables);
                if (queuesStartOver) {
                    checkpoint.clearQueues(c);
                }
                onlineDdl.save(c);
                if (shardStore != null) {
                    shardStore.save(c, shards);
                }
                c.commit();
                lastSavedMillis = System.currentTimeMillis();
                if (metrics != null) {
                    metrics.checkpointSaved(System.nanoTime() - started, sinceLast);
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e instanceof SluiceException se ? se : SyncErrors.CHECKPOINT_IO.wrap(e, "save", checkpoint.checkpointTable());
            }
        }
        onlineDdl.saved();
        if (queuesStartOver) {
            replayFloor = Map.of();
            queuesStartOver = false;
        }
        dirtyTables.clear();
        droppedTables.clear();
        flushed = boundary;
        progress.checkpointed(boundary);
        LOG.debug("checkpoint flushed {} pos={} gtid={}", logTags, boundary, boundary.gtidSet());
    }

    long replayedRowsSkipped() {
        return replayedRowsSkipped;
    }

    void close() {
        if (upstreamConn != null) {
            try {
                upstreamConn.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ");
    }

    private String where(EventHeaderV4 h) {
        return "(" + file + ", " + h.getPosition() + ")";
    }
}
