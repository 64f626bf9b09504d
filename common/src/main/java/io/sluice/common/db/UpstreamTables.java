package io.sluice.common.db;

import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The base tables an upstream holds now, system schemas left out, in name order. */
public final class UpstreamTables {
    private UpstreamTables() {
    }

    /**
     * @param rules  only the tables these migrate; null for every table
     * @param schema only this schema's tables; null for every schema
     */
    public static List<TableName> list(Connection c, MigrationRules rules, String schema) throws SQLException {
        List<TableName> out = new ArrayList<>();
        String sql = "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
                + (schema == null ? "" : " AND TABLE_SCHEMA = ?") + " ORDER BY TABLE_SCHEMA, TABLE_NAME";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (schema != null) {
                st.setString(1, schema);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    TableName t = new TableName(rs.getString(1), rs.getString(2));
                    if (!MigrationRules.isSystemSchema(t.schema()) && (rules == null || rules.tableAllowed(t.schema(), t.table()))) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }
}
