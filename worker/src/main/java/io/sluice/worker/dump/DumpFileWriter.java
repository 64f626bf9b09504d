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
 * Writes one data file of INSERT statements, each on one line and no larger than the statement
 * size (a single row larger than that still gets its own statement). The file is written under
 * a temporary name and renamed when closed, so a data file that exists is always whole.
 */
final class DumpFileWriter implements AutoCloseable {
    private static final byte[] COMMA = {','};
    private static final byte[] END = {';', '\n'};

    private final Path target;
    private final Path temp;
    private final byte[] header;
    private final long statementSize;
    private final OutputStream out;
    private long statementBytes;
    private long bytes;
    private long rows;
    private boolean done;

    /** @param header the statement head up to VALUES, e.g. {@code INSERT INTO `t` VALUES} */
    DumpFileWriter(Path target, String header, long statementSize) {
        this.target = target;
        this.temp = target.resolveSibling(target.getFileName() + DumpLayout.TEMP_SUFFIX);
        this.header = header.getBytes(StandardCharsets.UTF_8);
        this.statementSize = statementSize;
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_WRITE_FILE.wrap(e, temp);
        }
    }

    /** Appends one row tuple {@code (v1,v2,...)}, starting a new statement when it would overflow. */
    void addRow(byte[] tuple) {
        try {
            if (statementBytes > 0 && statementBytes + 1 + tuple.length + END.length > statementSize) {
                write(END);
                statementBytes = 0;
            }
            if (statementBytes == 0) {
                write(header);
                statementBytes = header.length;
            } else {
                write(COMMA);
                statementBytes++;
            }
            write(tuple);
            statementBytes += tuple.length;
            rows++;
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_WRITE_FILE.wrap(e, temp);
        }
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        bytes += b.length;
    }

    long bytes() {
        return bytes;
    }

    long rows() {
        return rows;
    }

    /**
     * Ends the last statement, syncs and renames the file into place. A file without rows is
     * not kept. Returns whether a file was kept.
     */
    boolean finish() {
        try {
            if (rows == 0) {
                out.close();
                Files.deleteIfExists(temp);
                done = true;
                return false;
            }
            write(END);
            out.close();
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return true;
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_WRITE_FILE.wrap(e, target);
        }
    }

    /** Abandons an unfinished file (stop or failure): the temporary file is removed. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        try {
            out.close();
            Files.deleteIfExists(temp);
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
