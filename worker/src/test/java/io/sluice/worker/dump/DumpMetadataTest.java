package io.sluice.worker.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpMetadataTest {
    @TempDir
    Path dir;

    @Test
    void writtenMetadataReadsBack() {
        BinlogPosition pos = new BinlogPosition("mysql-bin.000003", 1234, "0-1-5,1-2-7");
        DumpMetadata.write(dir, pos, LocalDateTime.of(2021, 1, 1, 10, 0), LocalDateTime.of(2021, 1, 1, 10, 5));
        assertTrue(DumpMetadata.isFinished(dir));
        assertEquals(pos, DumpMetadata.read(dir));
    }

    @Test
    void readsMydumperFilesWithMultiLineMysqlGtidAndASlaveSection() throws Exception {
        Files.writeString(dir.resolve("metadata"), """
                Started dump at: 2021-01-01 10:00:00
                SHOW MASTER STATUS:
                	Log: mysql-bin.000010
                	Pos: 194
                	GTID:3ccc475b-2343-11e7-be21-6c0b84d59f30:1-14,
                406a3f61-690d-11e7-87c5-6c92bf46f384:1-94321383

                SHOW SLAVE STATUS:
                	Host: 10.0.0.1
                	Log: other-bin.000001
                	Pos: 4
                	GTID:

                Finished dump at: 2021-01-01 10:00:05
                """);
        BinlogPosition pos = DumpMetadata.read(dir);
        assertEquals("mysql-bin.000010", pos.file());
        assertEquals(194, pos.pos());
        assertEquals("3ccc475b-2343-11e7-be21-6c0b84d59f30:1-14,406a3f61-690d-11e7-87c5-6c92bf46f384:1-94321383", pos.gtidSet());
    }

    @Test
    void absentOrUnfinishedMetadataIsA32004() throws Exception {
        SluiceException absent = assertThrows(SluiceException.class, () -> DumpMetadata.read(dir));
        assertEquals(32004, absent.code().code());
        Files.writeString(dir.resolve("metadata"), "Started dump at: 2021-01-01 10:00:00\nSHOW MASTER STATUS:\n\tLog: a.000001\n\tPos: 4\n");
        assertFalse(DumpMetadata.isFinished(dir));
        assertEquals(32004, assertThrows(SluiceException.class, () -> DumpMetadata.read(dir)).code().code());
        Files.writeString(dir.resolve("metadata"), "Started dump at: x\nSHOW MASTER STATUS:\n\tLog: a.000001\n\tPos: x\n\nFinished dump at: y\n");
        assertEquals(32005, assertThrows(SluiceException.class, () -> DumpMetadata.read(dir)).code().code());
    }

    @Test
    void layoutNamesResolveDottedNamesAgainstKnownSchemas() {
        assertEquals("db.t.000000007.sql", DumpLayout.dataFile("db", "t", 7));
        List<String> schemas = List.of("a", "a.b");
        assertEquals(new DumpLayout.DumpedTable("a.b", "c"), DumpLayout.dataFileOf("a.b.c.000000000.sql", schemas).orElseThrow());
        assertEquals(new DumpLayout.DumpedTable("a", "x.y"), DumpLayout.tableSchemaOf("a.x.y-schema.sql", schemas).orElseThrow());
        assertEquals("a.b", DumpLayout.schemaOf("a.b-schema-create.sql").orElseThrow());
        assertTrue(DumpLayout.tableSchemaOf("a-schema-create.sql", schemas).isEmpty());
        assertTrue(DumpLayout.dataFileOf("metadata", schemas).isEmpty());
    }

    @Test
    void escapesStringLiteralsAsMydumperDoes() {
        StringBuilder sb = new StringBuilder();
        DataFileFormat.appendEscaped(sb, "a'b\"c\\d\ne\rf\0g\u001ah😀");
        assertEquals("a\\'b\\\"c\\\\d\\ne\\rf\\0g\\Zh😀", sb.toString());
    }

    @Test
    void dataFileFieldsSplitAtTabsAndUndoEscapes() {
        assertEquals(java.util.Arrays.asList("a\tb", null, "", "NULL", "\\N", "x\ny\r\0\\", "😀"),
                DataFileFormat.fields("a\\tb\t\\N\t\tNULL\t\\\\N\tx\\ny\\r\\0\\\\\t😀"));
        assertEquals(java.util.Arrays.asList("", ""), DataFileFormat.fields("\t"));
        assertEquals("db.t.000000001.dat", DataFileFormat.rowsFileOf("db.t.000000001.sql"));
        assertEquals("'it''s a \\\\ path'", DataFileFormat.sqlString("it's a \\ path"));
    }
}
