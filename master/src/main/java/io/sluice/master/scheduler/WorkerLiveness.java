package io.sluice.master.scheduler;

import io.sluice.proto.KeepAliveRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the leader has heard from each worker: when, and the status it reported. Kept in the
 * leader's memory only: a new leader starts by giving every known worker a full TTL of grace,
 * so a leader change alone never moves a source.
 */
public final class WorkerLiveness {
    public record Heard(long atMillis, long ttlMillis, KeepAliveRequest report) {
        public boolean aliveAt(long now) {
            return now - atMillis <= ttlMillis;
        }
    }

    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private final long defaultTtlMillis;

    public WorkerLiveness(long defaultTtlMillis) {
        this.defaultTtlMillis = defaultTtlMillis;
    }

    public void record(KeepAliveRequest req, long now) {
        record(req, req.getKeepaliveTtl() > 0 ? req.getKeepaliveTtl() * 1000 : defaultTtlMillis, now);
    }

    /** A keepalive whose TTL the leader chose (see {@link KeepaliveTtl}). */
    public void record(KeepAliveRequest req, long ttlMillis, long now) {
        heard.put(req.getName(), new Heard(now, ttlMillis, req));
    }

    public long defaultTtlMillis() {
        return defaultTtlMillis;
    }

    /**
     * On becoming leader: every known worker counts as just heard from, for its own TTL (as it
     * registered it) when known, else for the one it last told us, else the default.
     */
    public void graceAll(Map<String, Long> ttlMillisByWorker, long now) {
        ttlMillisByWorker.forEach((w, registeredTtl) -> {
            Heard h = heard.get(w);
            KeepAliveRequest last = h == null ? KeepAliveRequest.newBuilder().setName(w).build() : h.report();
            long ttl = registeredTtl > 0 ? registeredTtl : h != null ? h.ttlMillis() : defaultTtlMillis;
            heard.put(w, new Heard(now, ttl, last));
        });
    }

    public Set<String> alive(long now) {
        return heard.entrySet().stream().filter(e -> e.getValue().aliveAt(now)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    public boolean isAlive(String worker, long now) {
        Heard h = heard.get(worker);
        return h != null && h.aliveAt(now);
    }

    public Heard last(String worker) {
        return heard.get(worker);
    }

    public void forget(String worker) {
        heard.remove(worker);
    }
}
