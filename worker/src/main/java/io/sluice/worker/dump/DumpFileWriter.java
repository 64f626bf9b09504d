package io.sluice.worker.dump;

import io.sluice.common.errors.DumpLoadErrors;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes one data file of a chunk the way mydumper's {@code --load-data} does: the rows go to
 * {@code db.tbl.NNNNNNNNN.dat} in {@link DataFileFormat}, and {@code db.tbl.NNNNNNNNN.sql} holds
 * the one LOAD DATA statement that reads them. Both are written under temporary names and
 * renamed when finished, the statement file last, so a statement file that exists always has
 * its whole rows file next to it.
 */
final class DumpFileWriter implements AutoCloseable {
    private final Path statementFile;
    private final Path rowsFile;
    private final Path rowsTemp;
    private final String clauses;
    private final OutputStream out;
    private long bytes;
    private long rows;
    private long writeNanos;
    private boolean done;

    /**
     * @param target        the statement file, {@code db.tbl.NNNNNNNNN.sql}
     * @param clauses       the LOAD DATA clauses after the file name ({@link SourceTable#loadDataClauses()})
     * @param statementSize DM's {@code statement-size}: it bounds INSERT statements, which this
     *                      format does not contain (a loader that falls back to INSERTs sizes its own)
     */
    DumpFileWriter(Path target, String clauses, long statementSize) {
        this.statementFile = target;
        this.rowsFile = target.resolveSibling(DataFileFormat.rowsFileOf(target.getFileName().toString()));
        this.rowsTemp = rowsFile.resolveSibling(rowsFile.getFileName() + DumpLayout.TEMP_SUFFIX);
        this.clauses = clauses;
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(rowsTemp), 1 << 16);
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_WRITE_FILE.wrap(e, rowsTemp);
        }
    }

    /** Appends one row's line: the first {@code length} bytes of {@code line}, as {@link RowEncoder} encodes it. */
    void addRow(byte[] line, int length) {
        try {
            long t0 = System.nanoTime();
            out.write(line, 0, length);
            writeNanos += System.nanoTime() - t0;
            bytes += length;
            rows++;
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_WRITE_FILE.wrap(e, rowsTemp);
        }
    }

    /** Bytes of rows written so far. */
    long bytes() {
        return bytes;
    }

    long rows() {
        return rows;
    }

    /** Time spent writing and syncing this data file's two files (not reading rows), for dumpling's write latency. */
    double writeSeconds() {
        return writeNanos / 1e9;
    }

    /**
     * Syncs and renames the rows file into place, then writes the statement file. A data file
     * without rows is not kept. Returns whether it was kept.
     */
    boolean finish() {
        long t0 = System.nanoTime();
        try {
            out.close();
            done = true;
            if (rows == 0) {
                Files.deleteIfExists(rowsTemp);
                return false;
            }
            try (FileChannel ch = FileChannel.open(rowsTemp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(rowsTemp, rowsFile, StandardCopyOption.ATOMIC_MOVE);
            writeWhole(statementFile, "LOAD DATA LOCAL INFILE " + DataFileFormat.sqlString(rowsFile.getFileName().toString())
                    + " " + clauses + ";\n");
            writeNanos += System.nanoTime() - t0;
            return true;
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_WRITE_FILE.wrap(e, statementFile);
        }
    }

    /** Abandons an unfinished data file (stop or failure): the temporary file is removed. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        try {
            out.close();
            Files.deleteIfExists(rowsTemp);
        } catch (IOException ignored) {
            // a stray temp file is wiped with the rest of an unfinished dump
        }
        done = true;
    }

    /** Writes a small whole file (schema or metadata) the same safe way. */
    static void writeWhole(Path target, String text) {
        Path temp = target.resolveSibling(target.getFileName() + DumpLayout.TEMP_SUFFIX);
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_WRITE_FILE.wrap(e, target);
        }
    }
}
