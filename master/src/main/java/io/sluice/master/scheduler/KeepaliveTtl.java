package io.sluice.master.scheduler;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.errors.SluiceException;
import io.sluice.master.raft.ClusterMeta;
import io.sluice.proto.KeepAliveRequest;
import io.sluice.proto.raft.BindingEntry;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.SourceEntry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long the leader waits without a keepalive before it takes a worker for offline: the
 * worker's keepalive-ttl, or its relay-keepalive-ttl while its bound source has relay enabled
 * (DM's rule: a relay is costly to rebuild elsewhere, so a flaky link should not move it).
 */
public final class KeepaliveTtl {
    public static final long DEFAULT_RELAY_MILLIS = 1_800_000;

    private final long defaultMillis;
    private final long defaultRelayMillis;
    private final Map<String, Boolean> relayBySourceConfig = new ConcurrentHashMap<>();

    public KeepaliveTtl(long defaultMillis, long defaultRelayMillis) {
        this.defaultMillis = defaultMillis;
        this.defaultRelayMillis = defaultRelayMillis;
    }

    public long millisFor(ClusterState state, KeepAliveRequest req) {
        if (relayEnabled(state, req.getName())) {
            return req.getRelayKeepaliveTtl() > 0 ? req.getRelayKeepaliveTtl() * 1000 : defaultRelayMillis;
        }
        return req.getKeepaliveTtl() > 0 ? req.getKeepaliveTtl() * 1000 : defaultMillis;
    }

    private boolean relayEnabled(ClusterState state, String worker) {
        BindingEntry b = ClusterMeta.bindingOfWorker(state, worker);
        SourceEntry source = b == null ? null : state.getSourcesOrDefault(b.getSource(), null);
        if (source == null) {
            return false;
        }
        if (io.sluice.master.raft.RelayMeta.relays(state, b.getSource(), worker)) {
            return true;
        }
        // parsed once per distinct source file: keepalives come every second from every worker
        return relayBySourceConfig.computeIfAbsent(source.getConfig(), KeepaliveTtl::parseEnableRelay);
    }

    private static boolean parseEnableRelay(String sourceYaml) {
        try {
            return ConfigFiles.parseSource(sourceYaml).enableRelay;
        } catch (SluiceException e) { // stored configs were validated on create; an unreadable one gets the plain TTL
            return false;
        }
    }
}
