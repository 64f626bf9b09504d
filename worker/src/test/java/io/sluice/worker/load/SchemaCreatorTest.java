package io.sluice.worker.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCreatorTest {
    @TempDir
    Path dir;

    @Test
    void rewritesCreateStatementsToRoutedNamesAndIfNotExists() throws Exception {
        Path f = dir.resolve("db.t-schema.sql");
        Files.writeString(f, "/*!40101 SET NAMES binary*/;\nCREATE TABLE `t``x` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB;\n");
        String sql = SchemaCreator.statementOf(f);
        assertEquals("CREATE TABLE `t``x` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB", sql);
        Pattern table = SchemaCreator.CREATE_TABLE;
        assertEquals("CREATE TABLE IF NOT EXISTS `tgt`.`all` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB",
                SchemaCreator.rewrite(table, sql, "CREATE TABLE IF NOT EXISTS `tgt`.`all`", f));
        assertEquals("CREATE TABLE IF NOT EXISTS `n`(a int)",
                SchemaCreator.rewrite(table, "create table if not exists `s`.`t`(a int)", "CREATE TABLE IF NOT EXISTS `n`", f));
    }
}
