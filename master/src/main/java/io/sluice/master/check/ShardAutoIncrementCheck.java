package io.sluice.master.check;

import io.sluice.common.config.CheckingItems;
import io.sluice.common.filter.TableName;
import java.util.List;

/**
 * Shards that each number their rows with an auto-increment key hand out the same values, so
 * merged into one table their rows overwrite each other. DM passes such a table only when a
 * column mapping rewrites the key; Sluice has no column mapping, so every such shard fails.
 */
final class ShardAutoIncrementCheck implements CheckItem {
    private final TableName target;
    private final List<UpstreamTable> shards;

    ShardAutoIncrementCheck(TableName target, List<UpstreamTable> shards) {
        this.target = target;
        this.shards = shards;
    }

    @Override
    public String item() {
        return CheckingItems.SHARD_AUTO_INCREMENT_ID;
    }

    @Override
    public CheckResult check() {
        CheckResult r = new CheckResult("sharding table " + target + " auto-increment key checking",
                "check conflicts of auto-increment keys of sharding tables", "sharding " + target);
        for (UpstreamTable t : shards) {
            UpstreamTable.Column key = t.autoIncrementKey();
            if (key != null) {
                r.fail(ShardSchemaCheck.where(t) + " has auto-increment key " + key.name() + ", whose values would conflict with the other "
                                + (shards.size() - 1) + " shard(s) of " + target,
                        "Create " + target + " downstream first with " + key.name() + " as a plain index and a unique key that includes a"
                                + " shard-distinguishing column, then set ignore-checking-items: [\"auto_increment_ID\"].");
            }
        }
        return r;
    }
}
