package io.sluice.worker.relay;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import io.sluice.worker.sync.ExecutedGtids;

/**
 * Drops the transactions a relay reader already handed over. After a switch of upstream server
 * the relay's new sub-directory starts at the beginning of the file that holds the old server's
 * last GTID, so it repeats the transactions before it; their GTIDs tell them apart. Until the
 * reader crosses into a new sub-directory every event passes.
 */
final class SeenTransactions {
    private final ExecutedGtids seen;
    private boolean checking;
    private boolean dropping;
    private long dropped;

    /** @param start the GTID set the reader's start position already covers ("" when it started by file and offset) */
    SeenTransactions(boolean mariaDb, String start) {
        this.seen = new ExecutedGtids(mariaDb, start);
    }

    /** From now on a transaction whose GTID was seen is dropped: the reader entered another server's sub-directory. */
    void serverChanged() {
        checking = true;
    }

    long dropped() {
        return dropped;
    }

    /** Whether to hand {@code e} over; records each GTID handed over. */
    boolean pass(Event e) {
        EventType type = e.getHeader().getEventType();
        if (type == EventType.ROTATE || type == EventType.FORMAT_DESCRIPTION) {
            return true; // the file structure, never part of a transaction
        }
        String gtid = switch (type) {
            case MARIADB_GTID -> {
                MariadbGtidEventData g = e.getData();
                yield g.getDomainId() + "-" + e.getHeader().getServerId() + "-" + g.getSequence();
            }
            case GTID -> ((GtidEventData) e.getData()).getMySqlGtid().toString();
            default -> null;
        };
        if (gtid != null) {
            dropping = checking && seen.contains(gtid);
            if (dropping) {
                dropped++;
                return false;
            }
            seen.add(gtid);
            return true;
        }
        if (!dropping) {
            return true;
        }
        // a transaction ends with its XID, or a query that is not its BEGIN (COMMIT, or the DDL itself)
        if (type == EventType.XID || (type == EventType.QUERY && !"BEGIN".equalsIgnoreCase(((QueryEventData) e.getData()).getSql().trim()))) {
            dropping = false;
        }
        return false;
    }
}
