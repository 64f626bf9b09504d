package io.sluice.worker.sync;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.worker.metrics.SyncMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer queues: one thread per queue takes up to {@code batch} row changes and commits them
 * in one target transaction together with the queue's position (see {@link SyncCheckpoint}),
 * after checking the fence. The first failure stops every writer; the pipeline sees it on its
 * next dispatch or drain and fails the unit.
 */
final class SyncWriters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncWriters.class);
    private static final int RETRIES = 3;
    /**
     * The shortest run of identical statements sent as one batch: a bulk request costs a prepare,
     * the execution and a close, which only pays off over a few rows (measured with
     * scripts/bench-sync.sh: runs of two made oltp_write_only slower, long INSERT runs 1.6× faster).
     */
    private static final int TOGETHER_FROM = 4;

    private final DataSource target;
    private final Fence fence;
    private final SyncCheckpoint checkpoint;
    private final int batch;
    private final boolean safeMode;
    private final BinlogPosition safeUntil;
    /** {@link System#nanoTime} until which every row is written in safe mode (the restart window). */
    private volatile long safeWindowEnd;
    private volatile boolean safeWindowOpen;
    private volatile boolean shardSafe;
    private final String logTags;
    private final List<BlockingQueue<RowChange>> queues = new ArrayList<>();
    private final AtomicLong[] dispatched;
    private final AtomicLong[] committed;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The row whose statement the target rejected, for handle-error; null when none did. */
    private volatile RowPosition rejectedRow;
    private final AtomicLong rowsWritten = new AtomicLong();
    private final Object progress = new Object();
    private volatile boolean closed;
    private volatile SyncMetrics.Bound metrics;
    private volatile boolean compact;
    private volatile boolean multipleRows;

    /**
     * @param safeMode  safe mode for every row ({@code syncers.safe-mode})
     * @param safeUntil rows before this position are written in safe mode (the replay of a full
     *                  phase whose chunks were read at different positions); empty for none
     */
    SyncWriters(DataSource target, Fence fence, SyncCheckpoint checkpoint, int count, int batch, int queueSize,
            boolean safeMode, BinlogPosition safeUntil, String logTags) {
        this.target = target;
        this.fence = fence;
        this.checkpoint = checkpoint;
        this.batch = Math.max(1, batch);
        this.safeMode = safeMode;
        this.safeUntil = safeUntil == null ? BinlogPosition.EMPTY : safeUntil;
        this.logTags = logTags;
        dispatched = new AtomicLong[count];
        committed = new AtomicLong[count];
        for (int q = 0; q < count; q++) {
            queues.add(new ArrayBlockingQueue<>(Math.max(this.batch, queueSize)));
            dispatched[q] = new AtomicLong();
            committed[q] = new AtomicLong();
            int id = q;
            Thread t = new Thread(() -> run(id), "sync-writer-" + q);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /**
     * Writes every row in safe mode for {@code window} from now: after a start or resume, the rows
     * replayed may already be on the target (DM's first minute). A zero window does nothing.
     */
    void safeModeFor(java.time.Duration window) {
        if (!window.isZero()) {
            safeWindowEnd = System.nanoTime() + window.toNanos();
            safeWindowOpen = true;
        }
    }

    /** DM's shard trigger: safe mode while a shard DDL round or its replay is in progress. */
    void shardSafeMode(boolean on) {
        shardSafe = on;
    }

    /** Whether the restart window still holds; closes it for good once it has passed. */
    boolean inSafeModeWindow() {
        if (safeWindowOpen && System.nanoTime() - safeWindowEnd >= 0) {
            safeWindowOpen = false;
        }
        return safeWindowOpen;
    }

    /** Where the writers' transaction latency and queue lengths go; none by default. */
    SyncWriters withMetrics(SyncMetrics.Bound m) {
        this.metrics = m;
        return this;
    }

    /** DM's {@code syncers.compact} and {@code syncers.multiple-rows}: how a batch becomes statements (see {@link WritePlan}). */
    SyncWriters withMerging(boolean compactRows, boolean joinRows) {
        this.compact = compactRows;
        this.multipleRows = joinRows;
        return this;
    }

    /** Hands a row to queue {@code q}, waiting while that queue is full. */
    void dispatch(int q, RowChange change) throws InterruptedException {
        dispatched[q].incrementAndGet();
        while (!queues.get(q).offer(change, 100, TimeUnit.MILLISECONDS)) {
            throwIfFailed();
        }
    }

    /** Waits until every dispatched row is committed. */
    void drain() throws InterruptedException {
        synchronized (progress) {
            while (!idle()) {
                throwIfFailed();
                progress.wait(100);
            }
        }
        throwIfFailed();
    }

    boolean idle() {
        for (int q = 0; q < queues.size(); q++) {
            if (committed[q].get() != dispatched[q].get()) {
                return false;
            }
        }
        return true;
    }

    /** Rows handed to each queue since the writers started. */
    long[] dispatchedCounts() {
        return counts(dispatched);
    }

    /** Rows each queue has committed on the target since the writers started. */
    long[] committedCounts() {
        return counts(committed);
    }

    private static long[] counts(AtomicLong[] perQueue) {
        long[] out = new long[perQueue.length];
        for (int q = 0; q < out.length; q++) {
            out[q] = perQueue[q].get();
        }
        return out;
    }

    /** The row whose statement the target rejected (the first failure), or null. */
    RowPosition rejectedRow() {
        return rejectedRow;
    }

    long rowsWritten() {
        return rowsWritten.get();
    }

    void throwIfFailed() {
        Throwable t = failure.get();
        if (t instanceof SluiceException se) {
            throw se;
        }
        if (t != null) {
            throw SyncErrors.EXEC_DML.wrap(t, -1);
        }
    }

    private void run(int q) {
        BlockingQueue<RowChange> queue = queues.get(q);
        List<RowChange> rows = new ArrayList<>(batch);
        try {
            while (!closed && failure.get() == null) {
                RowChange first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                rows.clear();
                rows.add(first);
                queue.drainTo(rows, batch - 1);
                SyncMetrics.Bound m = metrics;
                if (m != null) {
                    m.queueRemain(q, queue.size());
                }
                long started = System.nanoTime();
                commit(q, rows);
                if (m != null) {
                    m.transactionWritten(q, rows.size(), System.nanoTime() - started);
                    countFinished(m, q, rows);
                }
                committed[q].addAndGet(rows.size());
                rowsWritten.addAndGet(rows.size());
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.compareAndSet(null, t instanceof SluiceException ? t : SyncErrors.EXEC_DML.wrap(t, q));
            LOG.warn("writer failed {} queue={} error={}", logTags, q, t.toString());
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private void commit(int q, List<RowChange> rows) throws SQLException, InterruptedException {
        boolean together = true;
        for (int attempt = 1; ; attempt++) {
            try (Connection c = target.getConnection()) {
                c.setAutoCommit(false);
                try {
                    fence.check(c);
                    // the forced and restart-window triggers hold for the whole transaction; only
                    // the full-phase window depends on each row's position
                    boolean transactionSafe = safeMode || shardSafe || inSafeModeWindow();
                    write(c, WritePlan.of(rows, row -> transactionSafe || inSafeWindow(row), compact, multipleRows), together);
                    checkpoint.saveQueue(c, q, rows.get(rows.size() - 1).position());
                    c.commit();
                    return;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    if (e instanceof RunRejected) {
                        // run again one statement at a time: the target names the row it rejects
                        LOG.info("event=writer_batch_rejected {} queue={} error=\"{}\" rerun=one_statement_at_a_time", logTags, q,
                                e.getMessage());
                        together = false;
                        attempt--;
                        continue;
                    }
                    if (!(e instanceof SQLException se) || !retryable(se) || attempt >= RETRIES) {
                        throw e;
                    }
                    SyncMetrics.Bound m = metrics;
                    if (m != null) {
                        m.transactionRetried();
                    }
                    LOG.info("retrying writer transaction {} queue={} attempt={} error={}", logTags, q, attempt, e.getMessage());
                    Thread.sleep(100L * attempt);
                }
            }
        }
    }

    /** A run of statements sent together failed for a reason other than a deadlock; which row is not known. */
    private static final class RunRejected extends RuntimeException {
        RunRejected(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * Runs the plan. With {@code together}, neighbours with the same SQL (plain mode's one
     * statement per row, grouped by table) go as one JDBC batch, which the transaction pool sends
     * to MariaDB as one bulk request; each row is still its own statement on the target.
     */
    private void write(Connection c, List<WritePlan.Statement> plan, boolean together) throws SQLException {
        Map<String, PreparedStatement> stmts = new HashMap<>();
        RowChange current = null;
        try {
            for (int i = 0; i < plan.size(); ) {
                WritePlan.Statement st = plan.get(i);
                String sql = st.dml().sql();
                int end = i + 1;
                while (together && end < plan.size() && plan.get(end).dml().sql().equals(sql)) {
                    end++;
                }
                current = st.firstRow();
                PreparedStatement ps = stmts.get(sql);
                if (ps == null) {
                    ps = c.prepareStatement(sql);
                    stmts.put(sql, ps);
                }
                if (end - i < TOGETHER_FROM) {
                    for (int k = i; k < end; k++) {
                        current = plan.get(k).firstRow();
                        bind(ps, plan.get(k).dml().params());
                        ps.executeUpdate();
                    }
                } else {
                    for (int k = i; k < end; k++) {
                        bind(ps, plan.get(k).dml().params());
                        ps.addBatch();
                    }
                    try {
                        ps.executeBatch();
                    } catch (SQLException e) {
                        if (retryable(e)) {
                            throw e;
                        }
                        throw new RunRejected(e);
                    }
                }
                i = end;
            }
            current = null;
        } catch (SQLException e) {
            if (current != null && !retryable(e)) {
                rejectedRow = current.position();
            }
            throw e;
        } finally {
            for (PreparedStatement ps : stmts.values()) {
                ps.close();
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    /** Finished-job counters by kind and target table; a batch is mostly runs of one table and kind. */
    private static void countFinished(SyncMetrics.Bound m, int q, List<RowChange> rows) {
        int runStart = 0;
        for (int i = 1; i <= rows.size(); i++) {
            RowChange first = rows.get(runStart);
            if (i == rows.size() || rows.get(i).kind() != first.kind() || !rows.get(i).target().equals(first.target())) {
                m.jobsFinished(kindOf(first), q, first.target().schema(), first.target().table(), i - runStart);
                runStart = i;
            }
        }
    }

    private static SyncMetrics.EventKind kindOf(RowChange row) {
        return switch (row.kind()) {
            case INSERT -> SyncMetrics.EventKind.WRITE_ROWS;
            case UPDATE -> SyncMetrics.EventKind.UPDATE_ROWS;
            case DELETE -> SyncMetrics.EventKind.DELETE_ROWS;
        };
    }

    private boolean inSafeWindow(RowChange row) {
        return !safeUntil.isEmpty()
                && new BinlogPosition(row.position().file(), row.position().pos(), "").compareTo(safeUntil) < 0;
    }

    /** Deadlock and lock-wait timeout roll the transaction back; running it again is safe. */
    private static boolean retryable(SQLException e) {
        return e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
