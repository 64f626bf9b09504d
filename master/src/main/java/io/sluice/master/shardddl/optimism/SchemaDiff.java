package io.sluice.master.shardddl.optimism;

import io.sluice.master.shardddl.optimism.TableSchema.Column;
import io.sluice.master.shardddl.optimism.TableSchema.Index;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The statements that take the target table from one joined schema to the next, one change per
 * statement (as the sync runs shard DDL), ordered so that each is valid when it runs: indexes
 * go before the columns they cover are dropped, and come after the columns they need exist.
 */
final class SchemaDiff {
    private SchemaDiff() {
    }

    /** @param table the target table, quoted and qualified: {@code `db`.`t`} */
    static List<String> statements(String table, TableSchema from, TableSchema to) {
        String alter = "ALTER TABLE " + table + " ";
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Index> e : from.indexes().entrySet()) {
            if (!e.getValue().equals(to.indexes().get(e.getKey()))) {
                out.add(alter + (e.getValue().primary() ? "DROP PRIMARY KEY" : "DROP INDEX " + TableSchema.quote(e.getValue().name())));
            }
        }
        for (Map.Entry<String, Column> e : to.columns().entrySet()) {
            Column old = from.columns().get(e.getKey());
            if (old == null) {
                out.add(alter + "ADD COLUMN " + e.getValue().sql());
            } else if (!old.equals(e.getValue())) {
                out.add(alter + "MODIFY COLUMN " + e.getValue().sql());
            }
        }
        for (Map.Entry<String, Column> e : from.columns().entrySet()) {
            if (!to.columns().containsKey(e.getKey())) {
                out.add(alter + "DROP COLUMN " + TableSchema.quote(e.getValue().name()));
            }
        }
        for (Map.Entry<String, Index> e : to.indexes().entrySet()) {
            if (!e.getValue().equals(from.indexes().get(e.getKey()))) {
                out.add(alter + "ADD " + e.getValue().sql());
            }
        }
        return out;
    }
}
