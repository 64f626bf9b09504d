package io.sluice.master.check;

import io.sluice.common.config.DbConfig;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.db.DbConnector;
import io.sluice.common.filter.ExpressionFilter;
import io.sluice.common.filter.TableName;
import io.sluice.master.MasterErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks the master runs before it accepts a source, the expression-filter part of a task's
 * prechecks, and start-task's --remove-meta. The per-item prechecks are {@link TaskPrecheck}.
 */
public final class UpstreamChecker {
    private UpstreamChecker() {
    }

    /** Connects to a new source's database; a wrong password fails here, before anything is stored. */
    public static void checkSourceReachable(SourceConfig source) {
        try (Connection c = DbConnector.open(source.from)) {
            if (source.enableGtid) {
                String gtid = variable(c, "gtid_binlog_pos");
                String mysqlGtid = gtid == null ? variable(c, "gtid_mode") : "ON";
                if (mysqlGtid != null && mysqlGtid.equalsIgnoreCase("OFF")) {
                    throw MasterErrors.UPSTREAM_CHECK.error(source.sourceId, "enable-gtid is true but the upstream's gtid_mode is OFF");
                }
            }
        } catch (SQLException e) {
            throw MasterErrors.CHECK_DB_CONNECT.wrap(e, "source " + source.sourceId + " (" + source.from + ")");
        }
    }

    /**
     * An expression filter naming a column its table lacks would pause the task at the first
     * row; refuse it now. A table not created yet is checked when its first row arrives.
     */
    static void checkExpressionFilterColumns(Connection c, TaskConfig task, SourceConfig source) throws SQLException {
        InstanceConfig instance = task.instance(source.sourceId);
        if (instance == null || instance.expressionFilters.isEmpty()) {
            return;
        }
        ExpressionFilter filter = ExpressionFilter.of(task, instance);
        for (TableName t : filter.tables()) {
            List<String> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
                ps.setString(1, t.schema());
                ps.setString(2, t.table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
            }
            if (!columns.isEmpty()) {
                filter.checkColumns(t.schema(), t.table(), columns);
            }
        }
    }

    public static void checkTargetReachable(DbConfig target) {
        try (Connection c = DbConnector.open(target)) {
            variable(c, "version");
        } catch (SQLException e) {
            throw MasterErrors.CHECK_DB_CONNECT.wrap(e, "target database (" + target + ")");
        }
    }

    private static String variable(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : null;
        }
    }

    /** Drops the task's checkpoint tables on the target, for {@code start-task --remove-meta}. */
    public static void removeMeta(TaskConfig task) {
        try (Connection c = DbConnector.open(task.targetDatabase); Statement st = c.createStatement()) {
            String schema = "`" + task.metaSchema.replace("`", "``") + "`";
            for (String suffix : List.of("syncer_checkpoint", "loader_checkpoint", "loader_snapshot", "syncer_queue", "onlineddl")) {
                st.execute("DROP TABLE IF EXISTS " + schema + ".`" + task.name.replace("`", "``") + "_" + suffix + "`");
            }
        } catch (SQLException e) {
            throw MasterErrors.CHECK_DB_CONNECT.wrap(e, "target database (" + task.targetDatabase + ")");
        }
    }
}
