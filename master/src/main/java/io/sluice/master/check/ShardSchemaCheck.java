package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import io.sluice.common.filter.TableName;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shards merged into one target table must have the same columns (names, order, types) and
 * the same primary and unique keys; in pessimistic shard mode a difference is never reconciled
 * and rows of one shard would not fit the table created from another.
 */
final class ShardSchemaCheck implements CheckItem {
    private final TableName target;
    private final List<UpstreamTable> shards;

    ShardSchemaCheck(TableName target, List<UpstreamTable> shards) {
        this.target = target;
        this.shards = shards;
    }

    @Override
    public String item() {
        return CheckingItems.SHARD_TABLE_SCHEMA;
    }

    @Override
    public CheckResult check() {
        CheckResult r = new CheckResult("sharding table " + target + " consistency checking",
                "check consistency of sharding table structures", "sharding " + target);
        UpstreamTable first = shards.get(0);
        String instruction = "Give all shards of " + target + " the same structure before starting, or use shard-mode: optimistic.";
        for (UpstreamTable other : shards.subList(1, shards.size())) {
            String diff = difference(first, other);
            if (diff != null) {
                r.fail(diff, instruction);
            }
        }
        return r;
    }

    private static String difference(UpstreamTable a, UpstreamTable b) {
        String names = where(a) + " and " + where(b);
        if (a.columns().size() != b.columns().size()) {
            return "column length mismatch (" + a.columns().size() + " vs " + b.columns().size() + ") between " + names;
        }
        for (int i = 0; i < a.columns().size(); i++) {
            UpstreamTable.Column x = a.columns().get(i);
            UpstreamTable.Column y = b.columns().get(i);
            if (!x.name().equalsIgnoreCase(y.name()) || !x.type().equals(y.type())) {
                return "different column definition at position " + (i + 1) + ": " + x.name() + " " + x.type() + " on " + where(a)
                        + ", " + y.name() + " " + y.type() + " on " + where(b);
            }
        }
        List<String> pkA = a.uniqueKeys().get("PRIMARY");
        List<String> pkB = b.uniqueKeys().get("PRIMARY");
        if (pkA == null ? pkB != null : !pkA.equals(pkB)) {
            return "different primary key: " + pkA + " on " + where(a) + ", " + pkB + " on " + where(b);
        }
        Set<List<String>> ukA = new HashSet<>(a.uniqueKeys().values());
        Set<List<String>> ukB = new HashSet<>(b.uniqueKeys().values());
        if (!ukA.equals(ukB)) {
            return "different unique keys: " + ukA + " on " + where(a) + ", " + ukB + " on " + where(b);
        }
        return null;
    }

    static String where(UpstreamTable t) {
        return "source " + t.sourceId() + " table " + t.name();
    }
}
