package io.sluice.worker.sync.shard.pessimism;

import io.sluice.common.config.DbConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A shard group's members as the upstream has them now: every table the task migrates that the
 * routes send into the target. Read when a DDL round starts.
 */
public final class UpstreamShards implements ShardGroups.Membership {
    private final DbConfig upstream;
    private final MigrationRules rules;

    public UpstreamShards(DbConfig upstream, MigrationRules rules) {
        this.upstream = upstream;
        this.rules = rules;
    }

    @Override
    public Set<TableName> shardsOf(TableName target) throws SQLException {
        Set<TableName> out = new LinkedHashSet<>();
        try (Connection c = DbConnector.open(upstream); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
                        + " WHERE table_type = 'BASE TABLE' AND table_schema NOT IN"
                        + " ('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY 1, 2")) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String table = rs.getString(2);
                if (rules.tableAllowed(schema, table) && rules.route(schema, table).equals(target)) {
                    out.add(new TableName(schema, table));
                }
            }
        }
        return out;
    }
}
