package io.sluice.common.binlog;

/**
 * A point in a source's binlog: file name and offset, and the GTID set executed up to it
 * (MariaDB {@code domain-server-seq,...} or MySQL {@code uuid:1-5,...}; empty when unknown).
 */
public record BinlogPosition(String file, long pos, String gtidSet) implements Comparable<BinlogPosition> {
    public BinlogPosition {
        file = file == null ? "" : file;
        gtidSet = gtidSet == null ? "" : gtidSet;
    }

    public static final BinlogPosition EMPTY = new BinlogPosition("", 4, "");

    public boolean isEmpty() {
        return file.isEmpty() && gtidSet.isEmpty();
    }

    /** Orders by file then offset; files compare by their numeric suffix. */
    @Override
    public int compareTo(BinlogPosition o) {
        int c = Long.compare(fileIndex(file), fileIndex(o.file));
        if (c == 0) {
            c = file.compareTo(o.file);
        }
        return c != 0 ? c : Long.compare(pos, o.pos);
    }

    static long fileIndex(String file) {
        int dot = file.lastIndexOf('.');
        if (dot < 0) {
            return 0;
        }
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** As query-status prints it: {@code (mysql-bin.000001, 1234)}. */
    @Override
    public String toString() {
        return "(" + file + ", " + pos + ")";
    }
}
