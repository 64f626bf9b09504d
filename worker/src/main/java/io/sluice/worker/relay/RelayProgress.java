package io.sluice.worker.relay;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.proto.RelayStatus;

/** Where the upstream and the relay stand, for query-status's relayStatus and the relay metrics. */
final class RelayProgress {
    private volatile BinlogPosition master;
    private volatile BinlogPosition relay = BinlogPosition.EMPTY;
    private volatile String subDir = "";

    void master(BinlogPosition p) {
        if (p != null) {
            master = p;
            RelayMetrics.master(p);
        }
    }

    void relayed(BinlogPosition at, String sub, RawEvent e, long writeNanos) {
        relay = at;
        subDir = sub;
        RelayMetrics.written(e, at, writeNanos);
    }

    BinlogPosition relayPosition() {
        return relay;
    }

    BinlogPosition masterPosition() {
        return master;
    }

    RelayStatus toStatus() {
        BinlogPosition m = master;
        BinlogPosition r = relay;
        RelayStatus.Builder b = RelayStatus.newBuilder().setRelaySubDir(subDir).setRelayBinlog(r.isEmpty() ? "" : format(r))
                .setRelayBinlogGtid(r.gtidSet());
        if (m != null) {
            b.setMasterBinlog(format(m)).setMasterBinlogGtid(m.gtidSet())
                    .setRelayCatchUpMaster(m.file().equals(r.file()) && m.pos() == r.pos());
        }
        return b.build();
    }

    /** DM's "(mysql-bin.000001, 1234)" form. */
    private static String format(BinlogPosition p) {
        return "(" + p.file() + ", " + p.pos() + ")";
    }
}
