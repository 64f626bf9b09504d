package io.sluice.worker.sync;

/**
 * Where one row change sits in the binlog: the rows event's start offset in a file and the
 * row's index inside that event. Totally ordered, so it can say whether a row was already
 * written by a queue before a crash.
 */
public record RowPosition(String file, long pos, int row) implements Comparable<RowPosition> {

    public static final RowPosition NONE = new RowPosition("", 0, -1);

    @Override
    public int compareTo(RowPosition o) {
        // nearly every comparison is within one file: no suffix to parse then
        int c = file.equals(o.file) ? 0 : Long.compare(fileIndex(file), fileIndex(o.file));
        if (c == 0) {
            c = file.compareTo(o.file);
        }
        if (c == 0) {
            c = Long.compare(pos, o.pos);
        }
        return c != 0 ? c : Integer.compare(row, o.row);
    }

    /** Binlog files are ordered by their numeric suffix (mysql-bin.000010 after .000009). */
    static long fileIndex(String file) {
        int dot = file.lastIndexOf('.');
        try {
            return dot < 0 ? 0 : Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "(" + file + ", " + pos + ", row " + row + ")";
    }
}
