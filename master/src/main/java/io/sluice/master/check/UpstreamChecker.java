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
 * The checks the master runs before it accepts a source or starts a task, so a task never
 * starts half-way against a source it cannot read. Names of check items are DM's, so
 * {@code ignore-checking-items} in existing task files keeps its meaning.
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

    /** The prechecks of start-task / check-task for one source of the task. */
    public static void checkSourceForTask(TaskConfig task, SourceConfig source) {
        List<String> ignored = task.ignoreCheckingItems;
        if (ignored.contains("all")) {
            return;
        }
        List<String> failures = new ArrayList<>();
        try (Connection c = DbConnector.open(source.from)) {
            boolean incrementalNeeded = !task.isFull();
            if (incrementalNeeded && !ignored.contains("binlog_enable")) {
                String logBin = variable(c, "log_bin");
                if (!"ON".equalsIgnoreCase(logBin) && !"1".equals(logBin)) {
                    failures.add("binlog_enable: log_bin is " + logBin + ", and required is ON");
                }
            }
            if (incrementalNeeded && !ignored.contains("binlog_format")) {
                String format = variable(c, "binlog_format");
                if (!"ROW".equalsIgnoreCase(format)) {
                    failures.add("binlog_format: binlog_format is " + format + ", and required is ROW");
                }
            }
            if (incrementalNeeded && !ignored.contains("binlog_row_image")) {
                String image = variable(c, "binlog_row_image");
                if (image != null && !"FULL".equalsIgnoreCase(image)) {
                    failures.add("binlog_row_image: binlog_row_image is " + image + ", and required is FULL");
                }
            }
            if (!ignored.contains("version")) {
                String version = variable(c, "version");
                if (version != null && !version.contains("MariaDB") && version.startsWith("5.")
                        && !version.startsWith("5.6") && !version.startsWith("5.7")) {
                    failures.add("version: MySQL " + version + " is older than 5.6");
                }
            }
            checkExpressionFilterColumns(c, task, source);
        } catch (SQLException e) {
            throw MasterErrors.CHECK_DB_CONNECT.wrap(e, "source " + source.sourceId + " (" + source.from + ")");
        }
        if (!failures.isEmpty()) {
            throw MasterErrors.CHECK_FAILED.error("source " + source.sourceId + ": " + String.join("; ", failures));
        }
    }

    /**
     * An expression filter naming a column its table lacks would pause the task at the first
     * row; refuse it now. A table not created yet is checked when its first row arrives.
     */
    private static void checkExpressionFilterColumns(Connection c, TaskConfig task, SourceConfig source) throws SQLException {
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
