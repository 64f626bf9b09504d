package io.sluice.worker.sync;

import io.sluice.common.errors.SluiceException;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps a worker that lost its binding from writing after its successor started. The table
 * {@code {meta}.{task}_fence} holds, per source, the highest binding epoch that has started.
 * A starting unit raises it to its own epoch; every transaction that writes rows or checkpoints
 * first reads it under a shared lock and aborts when a newer epoch is stored. The successor's
 * raise needs an exclusive lock, so it waits for transactions already past the check, and every
 * later transaction of the old worker sees the newer epoch. The full phase holds to it too: a
 * dump raises it before it reads which chunks are loaded, and every chunk's transaction checks
 * it, so a stalled worker that wakes up mid-load cannot add a chunk behind its successor's back.
 */
public final class Fence {
    private final String table;
    private final String sourceId;
    private final String task;
    private final long epoch;

    public Fence(String metaSchema, String task, String sourceId, long epoch) {
        this.table = TableName.quote(metaSchema) + "." + TableName.quote(task + "_fence");
        this.sourceId = sourceId;
        this.task = task;
        this.epoch = epoch;
    }

    /** Creates the table if needed and raises the stored epoch to ours; fails if it is newer. */
    public void acquire(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (id VARCHAR(32) NOT NULL PRIMARY KEY, epoch BIGINT NOT NULL,"
                    + " update_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " (id, epoch) VALUES (?, ?) ON DUPLICATE KEY UPDATE epoch = GREATEST(epoch, VALUES(epoch))")) {
                ps.setString(1, sourceId);
                ps.setLong(2, epoch);
                ps.executeUpdate();
            }
            check(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Inside a transaction: fails with a fenced error when a newer epoch is stored. */
    public void check(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM " + table + " WHERE id = ? LOCK IN SHARE MODE")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                long stored = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
                if (stored > epoch) {
                    throw fenced(stored);
                }
            }
        }
    }

    private SluiceException fenced(long stored) {
        return SyncErrors.CHECKPOINT_FENCED.error(task, sourceId, stored, epoch);
    }
}
