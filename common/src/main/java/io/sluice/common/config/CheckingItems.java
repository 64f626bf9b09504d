package io.sluice.common.config;

import io.sluice.common.errors.ConfigErrors;
import java.util.List;
import java.util.Set;

/**
 * The precheck item names a task file may list under {@code ignore-checking-items}. They are
 * DM's names, so existing task files keep their meaning; a name DM added after v5.3 is accepted
 * too, so a newer file is not refused for a check Sluice does not run.
 */
public final class CheckingItems {
    public static final String ALL = "all";
    public static final String DUMP_PRIVILEGE = "dump_privilege";
    public static final String REPLICATION_PRIVILEGE = "replication_privilege";
    public static final String VERSION = "version";
    public static final String SERVER_ID = "server_id";
    public static final String BINLOG_ENABLE = "binlog_enable";
    public static final String BINLOG_FORMAT = "binlog_format";
    public static final String BINLOG_ROW_IMAGE = "binlog_row_image";
    public static final String TABLE_SCHEMA = "table_schema";
    public static final String SHARD_TABLE_SCHEMA = "schema_of_shard_tables";
    public static final String SHARD_AUTO_INCREMENT_ID = "auto_increment_ID";
    /** DM 5.4+: connections the task needs against the databases' limits. */
    public static final String CONN_NUMBER = "conn_number";

    /** Names of later DM versions whose checks Sluice does not run; accepted and ignored. */
    private static final Set<String> LATER_DM_ITEMS = Set.of("online_ddl", "binlog_db", "target_privilege");

    public static final List<String> RUN_BY_SLUICE = List.of(DUMP_PRIVILEGE, REPLICATION_PRIVILEGE, VERSION, SERVER_ID,
            BINLOG_ENABLE, BINLOG_FORMAT, BINLOG_ROW_IMAGE, TABLE_SCHEMA, SHARD_TABLE_SCHEMA, SHARD_AUTO_INCREMENT_ID, CONN_NUMBER);

    private CheckingItems() {
    }

    /** @throws io.sluice.common.errors.SluiceException 20001 naming the first unknown item */
    public static void validate(List<String> ignored) {
        if (ignored == null) {
            return;
        }
        for (String item : ignored) {
            if (!item.equals(ALL) && !RUN_BY_SLUICE.contains(item) && !LATER_DM_ITEMS.contains(item)) {
                throw ConfigErrors.CHECK_ITEM_NOT_SUPPORTED.error(item);
            }
        }
    }
}
