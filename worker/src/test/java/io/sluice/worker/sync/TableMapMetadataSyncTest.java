package io.sluice.worker.sync;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.SyncerConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.testkit.MariaDbServer;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A source writing {@code binlog_row_metadata=FULL} (MariaDB 10.5+, as MySQL 8): an incremental
 * start before an ALTER that made an unsigned column signed reads the table's current (signed)
 * definition, yet the rows before the ALTER arrive with their unsigned values, because the table
 * map event says which columns were unsigned when the row was written.
 */
@Tag("integration")
class TableMapMetadataSyncTest extends SyncUnitFixture {
    TableMapMetadataSyncTest() {
        super("rowmeta");
    }

    @Test
    void rowsWrittenBeforeAnAlterKeepTheirUnsignedValues() throws Exception {
        src.execute("SET GLOBAL binlog_row_metadata = FULL");
        for (MariaDbServer s : new MariaDbServer[] {src, dst}) {
            s.execute("CREATE DATABASE db8", "CREATE TABLE db8.t (id INT PRIMARY KEY, y YEAR, n INT UNSIGNED, s SMALLINT, b TINYINT UNSIGNED)");
        }
        BinlogPosition start = masterPosition();
        src.execute("INSERT INTO db8.t VALUES (1, 2024, 4294967295, -1, 255), (2, 1999, 2147483648, -32768, 128)",
                "ALTER TABLE db8.t MODIFY n BIGINT, MODIFY b SMALLINT",
                "INSERT INTO db8.t VALUES (3, 2001, -5, 7, -300)");
        Running unit = start(new SyncUnit(start), context());
        awaitPairs(unit, "db8.t", "id, CONCAT_WS('/', y, n, s, b)",
                List.of("1|2024/4294967295/-1/255", "2|1999/2147483648/-32768/128", "3|2001/-5/7/-300"));
        unit.stopAndJoin();
    }

    private io.sluice.worker.subtask.SubtaskContext context() {
        TaskConfig tc = new TaskConfig();
        tc.name = "rowmeta";
        tc.metaSchema = "dm_meta";
        tc.targetDatabase = db(dst);
        InstanceConfig ic = new InstanceConfig();
        ic.sourceId = SOURCE_ID;
        ic.syncer = new SyncerConfig();
        ic.syncer.workerCount = 2;
        return contextOf(tc, ic, 1);
    }
}
