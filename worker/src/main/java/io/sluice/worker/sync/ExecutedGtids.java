package io.sluice.worker.sync;

import com.github.shyiko.mysql.binlog.GtidSet;
import java.util.Comparator;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The GTID set executed up to the sync unit's position, advanced one transaction at a time.
 * MariaDB's set is the last GTID per replication domain ({@code 0-1-42,1-2-7}); MySQL's is a set
 * of UUID intervals, for which the binlog library's {@link GtidSet} does the arithmetic.
 */
public final class ExecutedGtids {
    private final boolean mariaDb;
    private final Map<Long, String> byDomain = new TreeMap<>();
    private GtidSet mysql;

    public ExecutedGtids(boolean mariaDb, String initial) {
        this.mariaDb = mariaDb;
        String s = initial == null ? "" : initial.trim();
        if (mariaDb) {
            for (String g : s.split(",")) {
                g = g.trim();
                if (!g.isEmpty()) {
                    byDomain.put(Long.parseLong(g.substring(0, g.indexOf('-'))), g);
                }
            }
        } else {
            mysql = new GtidSet(s);
        }
    }

    /** {@code gtid} is {@code domain-server-seq} (MariaDB) or {@code uuid:n} (MySQL). */
    public void add(String gtid) {
        if (mariaDb) {
            byDomain.put(Long.parseLong(gtid.substring(0, gtid.indexOf('-'))), gtid);
        } else {
            mysql.add(gtid);
        }
    }

    /**
     * Whether {@code gtid} is in the set: for MariaDB, at or before its domain's last sequence
     * (a domain's sequence only grows, whichever server writes it).
     */
    public boolean contains(String gtid) {
        if (mariaDb) {
            String last = byDomain.get(Long.parseLong(gtid.substring(0, gtid.indexOf('-'))));
            return last != null && sequenceOf(gtid) <= sequenceOf(last);
        }
        return new GtidSet(gtid).isContainedWithin(mysql);
    }

    private static long sequenceOf(String mariaDbGtid) {
        return Long.parseLong(mariaDbGtid.substring(mariaDbGtid.lastIndexOf('-') + 1));
    }

    /**
     * MySQL's own spelling of the set, as {@code gtid_executed} prints it: UUIDs in order and a
     * single transaction as {@code n} (the library writes {@code n-n} and keeps insertion order),
     * so the checkpoint compares equal to the upstream's set once caught up.
     */
    @Override
    public String toString() {
        if (mariaDb) {
            return String.join(",", byDomain.values());
        }
        StringJoiner sets = new StringJoiner(",");
        mysql.getUUIDSets().stream().sorted(Comparator.comparing(GtidSet.UUIDSet::getUUID)).forEach(u -> {
            if (u.getTag() != null && !u.getTag().isEmpty()) {
                sets.add(u.toString()); // tagged GTIDs (MySQL 8.3+): the library's spelling
                return;
            }
            StringBuilder sb = new StringBuilder(u.getUUID());
            for (GtidSet.Interval i : u.getIntervals()) {
                sb.append(':').append(i.getStart());
                if (i.getEnd() != i.getStart()) {
                    sb.append('-').append(i.getEnd());
                }
            }
            sets.add(sb);
        });
        return sets.toString();
    }
}
