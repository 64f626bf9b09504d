package io.sluice.master.datacheck;

import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.TableName;
import io.sluice.proto.CheckDataChunk;
import io.sluice.proto.CheckDataTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One target table against the union of its upstream tables: its chunks, and those that differ. */
final class TableComparison {
    private static final Logger LOG = LoggerFactory.getLogger(TableComparison.class);

    private record Difference(KeyChunk chunk, ChunkChecksum target, ChunkChecksum source) {
    }

    private final String task;
    private final TableName table;
    private final List<Upstream> upstreams;
    private TableShape shape;
    private int chunkCount;
    private List<Difference> differing = new ArrayList<>();
    private SluiceException error;

    TableComparison(String task, TableName table, List<Upstream> upstreams) {
        this.task = task;
        this.table = table;
        this.upstreams = List.copyOf(upstreams);
    }

    void compare(Connection target, long chunkSize) {
        try {
            shape = TableShape.read(target, table);
            if (shape == null) {
                error = CheckDataErrors.TABLE_MISSING.error(table, upstreams);
                return;
            }
            List<KeyChunk> chunks = ChunkPlan.plan(target, table, shape, upstreams, chunkSize);
            chunkCount = chunks.size();
            for (KeyChunk chunk : chunks) {
                Difference d = check(target, chunk);
                if (d != null) {
                    differing.add(d);
                }
            }
        } catch (SQLException e) {
            error = CheckDataErrors.TABLE_NOT_COMPARABLE.wrap(e, table, upstreams, e.getMessage());
        }
        if (error != null) {
            LOG.warn("event=check_data_table_failed task={} table={} msg={}", task, table, error.getMessage());
        }
    }

    /** Checks the differing chunks again; those now equal were rows still being applied. */
    void recheck(Connection target) {
        if (error != null || differing.isEmpty()) {
            return;
        }
        List<Difference> still = new ArrayList<>();
        try {
            for (Difference d : differing) {
                Difference again = check(target, d.chunk);
                if (again != null) {
                    still.add(again);
                    LOG.warn("event=check_data_chunk_differs task={} table={} range=\"{}\" target_rows={} source_rows={}", task, table,
                            d.chunk.describe(), again.target.rows(), again.source.rows());
                }
            }
        } catch (SQLException e) {
            error = CheckDataErrors.TABLE_NOT_COMPARABLE.wrap(e, table, upstreams, e.getMessage());
        }
        differing = still;
    }

    private Difference check(Connection target, KeyChunk chunk) throws SQLException {
        ChunkChecksum down = ChunkChecksum.of(target, table, shape.columns(), chunk, shape.keyless());
        ChunkChecksum up = ChunkChecksum.EMPTY;
        for (Upstream u : upstreams) {
            up = up.plus(ChunkChecksum.of(u.connection(), u.table(), shape.columns(), chunk, shape.keyless()));
        }
        return down.equals(up) ? null : new Difference(chunk, down, up);
    }

    boolean hasDifferences() {
        return !differing.isEmpty();
    }

    boolean equal() {
        return error == null && differing.isEmpty();
    }

    int chunkCount() {
        return chunkCount;
    }

    String summary() {
        return error != null ? table + ": " + error.getMessage() : table + ": " + differing.size() + " of " + chunkCount + " chunks differ";
    }

    CheckDataTable result() {
        CheckDataTable.Builder b = CheckDataTable.newBuilder().setTable(table.toString()).setChunks(chunkCount)
                .setDifferingChunks(differing.size()).setResult(equal());
        upstreams.forEach(u -> b.addUpstreams(u.toString()));
        if (shape != null) {
            b.addAllKey(shape.key());
        }
        if (error != null) {
            b.setMsg(error.getMessage());
        }
        for (Difference d : differing) {
            b.addDiffering(CheckDataChunk.newBuilder().setRange(d.chunk.describe())
                    .addAllLowerBound(KeyChunk.shown(d.chunk.lower())).addAllUpperBound(KeyChunk.shown(d.chunk.upper()))
                    .setTargetRows(d.target.rows()).setSourceRows(d.source.rows())
                    .setTargetChecksum(d.target.toString()).setSourceChecksum(d.source.toString()));
        }
        return b.build();
    }
}
