package io.sluice.master.shardddl.optimism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaJoinTest {
    private static TableSchema t(String body) {
        return TableSchema.parse("CREATE TABLE t (" + body + ")");
    }

    private static final String BASE = "`id` bigint(20) NOT NULL, `name` varchar(20) DEFAULT NULL, PRIMARY KEY (`id`)";

    @Test
    void aColumnOneShardAddedIsInTheJoinAndAddedDownstream() throws Exception {
        TableSchema joined = SchemaJoin.join(t(BASE), t(BASE + ", `level` int(11) DEFAULT NULL"));
        assertTrue(joined.columns().containsKey("level"));
        assertEquals(List.of("ALTER TABLE `db`.`t` ADD COLUMN `level` int NULL"), SchemaDiff.statements("`db`.`t`", t(BASE), joined));
    }

    @Test
    void aNotNullColumnWithoutDefaultCannotBeMissingFromAShard() {
        SchemaConflict e = assertThrows(SchemaConflict.class, () -> SchemaJoin.join(t(BASE), t(BASE + ", `level` int NOT NULL")));
        assertTrue(e.getMessage().contains("`level`"), e.getMessage());
    }

    @Test
    void typesWidenToTheJoinAndIncompatibleTypesConflict() throws Exception {
        assertEquals("int", SchemaJoin.join(t("`a` int(11)"), t("`a` smallint(6)")).columns().get("a").type().sql());
        assertEquals("bigint", SchemaJoin.join(t("`a` bigint"), t("`a` int")).columns().get("a").type().sql());
        assertEquals("varchar(40)", SchemaJoin.join(t("`a` varchar(40)"), t("`a` varchar(20)")).columns().get("a").type().sql());
        assertEquals("decimal(12,4)", SchemaJoin.join(t("`a` decimal(10,2)"), t("`a` decimal(8,4)")).columns().get("a").type().sql());
        assertEquals("double", SchemaJoin.join(t("`a` float"), t("`a` double")).columns().get("a").type().sql());
        assertEquals("longtext", SchemaJoin.join(t("`a` text"), t("`a` longtext")).columns().get("a").type().sql());
        assertThrows(SchemaConflict.class, () -> SchemaJoin.join(t("`a` int"), t("`a` varchar(10)")));
        assertThrows(SchemaConflict.class, () -> SchemaJoin.join(t("`a` int"), t("`a` int unsigned")));
        assertThrows(SchemaConflict.class, () -> SchemaJoin.join(t("`a` char(10)"), t("`a` varchar(10)")));
        assertNull(ColumnType.join(new ColumnType("enum", List.of("'a'"), false, ""), new ColumnType("enum", List.of("'b'"), false, "")));
    }

    @Test
    void differentDefaultsConflict() {
        SchemaConflict e = assertThrows(SchemaConflict.class, () -> SchemaJoin.join(t("`age` int DEFAULT 0"), t("`age` int DEFAULT -1")));
        assertTrue(e.getMessage().contains("different defaults"), e.getMessage());
    }

    @Test
    void defaultsCompareByValueNotByHowTheyAreWritten() throws Exception {
        assertTrue(SchemaJoin.join(t("`age` int DEFAULT 0"), t("`age` int DEFAULT '0'")).columns().containsKey("age"));
        assertTrue(SchemaJoin.sameDefault("1.50", "'1.5'"));
        assertTrue(SchemaJoin.sameDefault("CURRENT_TIMESTAMP", "current_timestamp()"));
        assertTrue(SchemaJoin.sameDefault("'it''s'", "'it''s'"));
        assertFalse(SchemaJoin.sameDefault("'a'", "'b'"));
        assertFalse(SchemaJoin.sameDefault("'0'", null), "a default and none differ");
        assertThrows(SchemaConflict.class, () -> SchemaJoin.join(t("`n` varchar(5) DEFAULT 'a'"), t("`n` varchar(5) DEFAULT 'A'")),
                "text defaults are compared as written, case included");
    }

    @Test
    void nullabilityWidensToNullable() throws Exception {
        assertTrue(SchemaJoin.join(t("`a` int NOT NULL DEFAULT 1"), t("`a` int DEFAULT 1")).columns().get("a").nullable());
    }

    @Test
    void anIndexIsJoinedOnlyWhenEveryShardHasIt() throws Exception {
        TableSchema without = t(BASE);
        TableSchema with = t(BASE + ", KEY `idx_name` (`name`)");
        assertFalse(SchemaJoin.join(without, with).indexes().containsKey("idx_name"));
        assertTrue(SchemaJoin.join(with, with).indexes().containsKey("idx_name"));
        assertEquals(List.of("ALTER TABLE `d`.`t` ADD INDEX `idx_name` (`name`)"), SchemaDiff.statements("`d`.`t`", without, with));
        assertEquals(List.of("ALTER TABLE `d`.`t` DROP INDEX `idx_name`"), SchemaDiff.statements("`d`.`t`", with, without));
        // the same name on different columns: no index, and no conflict (as in DM)
        assertFalse(SchemaJoin.join(with, t(BASE + ", KEY `idx_name` (`id`, `name`)")).indexes().containsKey("idx_name"));
    }

    @Test
    void indexesReadAlikeHoweverTheTrackerPrintsThem() {
        // druid's schema repository prints an added index as INDEX idx(a), a server as KEY `idx` (`a`)
        assertEquals(t(BASE + ", KEY `idx_a` (`name`)"), t(BASE + ", INDEX idx_a(name)"));
    }

    @Test
    void primaryKeysMustAgree() {
        assertThrows(SchemaConflict.class, () -> SchemaJoin.join(t(BASE), t("`id` bigint NOT NULL, `name` varchar(20), PRIMARY KEY (`id`, `name`)")));
    }

    @Test
    void theJoinedSchemaPrintsAndReadsBackTheSame() throws Exception {
        TableSchema joined = SchemaJoin.join(t(BASE + ", `c` varchar(10) COLLATE utf8mb4_bin NOT NULL DEFAULT 'x', UNIQUE KEY `u` (`name`(5))"),
                t(BASE + ", `c` varchar(30) COLLATE utf8mb4_bin NOT NULL DEFAULT 'x', UNIQUE KEY `u` (`name`(5))"));
        assertEquals(joined, TableSchema.parse(joined.createTable("t")));
    }

    @Test
    void unsupportedStatementsAreNamed() {
        assertTrue(UnsupportedShardDdl.reason("RENAME TABLE a TO b").contains("RENAME TABLE"));
        assertTrue(UnsupportedShardDdl.reason("ALTER TABLE a RENAME COLUMN x TO y").contains("RENAME COLUMN"));
        assertTrue(UnsupportedShardDdl.reason("ALTER TABLE a CHANGE COLUMN x y int").contains("renaming"));
        assertTrue(UnsupportedShardDdl.reason("ALTER TABLE a DROP PRIMARY KEY").contains("primary key"));
        assertTrue(UnsupportedShardDdl.reason("ALTER TABLE a ADD PRIMARY KEY (x)").contains("primary key"));
        assertTrue(UnsupportedShardDdl.reason("ALTER TABLE a ADD COLUMN t datetime DEFAULT NOW()").contains("not a constant"));
        assertTrue(UnsupportedShardDdl.reason("ALTER TABLE a ADD COLUMN t timestamp DEFAULT CURRENT_TIMESTAMP").contains("not a constant"));
        assertNull(UnsupportedShardDdl.reason("ALTER TABLE a ADD COLUMN c int DEFAULT 3"));
        assertNull(UnsupportedShardDdl.reason("ALTER TABLE a ADD COLUMN c int DEFAULT -1"));
        assertNull(UnsupportedShardDdl.reason("ALTER TABLE a ADD COLUMN c varchar(3) DEFAULT 'x'"));
        assertNull(UnsupportedShardDdl.reason("ALTER TABLE a ADD INDEX i (c)"));
        assertNull(UnsupportedShardDdl.reason("ALTER TABLE a CHANGE COLUMN x x bigint"));
    }
}
