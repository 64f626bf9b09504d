package io.sluice.worker.load;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A data file as LOAD DATA LOCAL INFILE sends it, in reads of at most {@link #PIECE} bytes. The
 * MariaDB driver reads the file 8 KB at a time and writes each read into a packet buffer of 8 KB
 * that already holds the 4-byte packet header: a full 8 KB read overflows it, and the driver then
 * allocates a 128 KB buffer for that one packet and drops it again after the flush. For a large
 * file that is most of the worker's load-time CPU (and its garbage); a read that leaves room for
 * the header fits the buffer as it is.
 */
final class InfileStream extends FilterInputStream {
    /** The driver's packet buffer (8192) less the packet header (4). */
    static final int PIECE = 8192 - 4;

    private InfileStream(InputStream in) {
        super(in);
    }

    static InfileStream open(Path file) throws IOException {
        return new InfileStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, PIECE));
    }
}
