package io.sluice.master.shardddl;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DM's {@code dm_master_shard_ddl_error}: shard DDL reports the leader refused, by task and DM's
 * error type. One per master process, like the metric.
 */
public final class ShardDdlErrorCounts {
    /** DM's type for a report the lock cannot take (different DDLs, a conflicting change). */
    public static final String HANDLE_LOCK = "InfoPut - HandleLockError";

    private static final Map<List<String>, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private ShardDdlErrorCounts() {
    }

    public static void count(String task, String type) {
        COUNTS.computeIfAbsent(List.of(task, type), k -> new AtomicLong()).incrementAndGet();
    }

    /** [task, type] → errors so far. */
    public static Map<List<String>, Long> snapshot() {
        Map<List<String>, Long> out = new TreeMap<>((a, b) -> (a.get(0) + '\u001f' + a.get(1)).compareTo(b.get(0) + '\u001f' + b.get(1)));
        COUNTS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
