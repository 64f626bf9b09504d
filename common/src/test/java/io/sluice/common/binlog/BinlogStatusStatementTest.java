package io.sluice.common.binlog;

import static io.sluice.common.binlog.BinlogStatusStatement.SHOW_BINARY_LOG_STATUS;
import static io.sluice.common.binlog.BinlogStatusStatement.SHOW_MASTER_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BinlogStatusStatementTest {
    @Test
    void mysqlFrom82AsksForBinaryLogStatusEveryoneElseForMasterStatus() {
        // version strings as servers report them
        assertEquals(SHOW_MASTER_STATUS, BinlogStatusStatement.forVersion("5.7.44-log"));
        assertEquals(SHOW_MASTER_STATUS, BinlogStatusStatement.forVersion("8.0.36"));
        assertEquals(SHOW_MASTER_STATUS, BinlogStatusStatement.forVersion("8.1.0"));
        assertEquals(SHOW_BINARY_LOG_STATUS, BinlogStatusStatement.forVersion("8.2.0"));
        assertEquals(SHOW_BINARY_LOG_STATUS, BinlogStatusStatement.forVersion("8.4.3-commercial"));
        assertEquals(SHOW_BINARY_LOG_STATUS, BinlogStatusStatement.forVersion("9.1.0"));
        assertEquals(SHOW_MASTER_STATUS, BinlogStatusStatement.forVersion("10.11.19-MariaDB-0+deb12u1"));
        assertEquals(SHOW_MASTER_STATUS, BinlogStatusStatement.forVersion("5.5.5-10.6.16-MariaDB"));
        assertEquals(SHOW_MASTER_STATUS, BinlogStatusStatement.forVersion("11.4.2-MariaDB-log"));
        assertEquals(SHOW_MASTER_STATUS, BinlogStatusStatement.forVersion("8.0.11-TiDB-v7.5.0"));
        assertEquals(SHOW_MASTER_STATUS, BinlogStatusStatement.forVersion(""));
    }
}
