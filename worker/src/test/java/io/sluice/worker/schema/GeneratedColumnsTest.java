package io.sluice.worker.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated columns through the schema tracker: known as generated, and printed so a server and the tracker read them back. */
class GeneratedColumnsTest {
    private static List<Boolean> generatedFlags(TableInfo t) {
        return t.columns().stream().map(TableInfo.Column::generated).toList();
    }

    @Test
    void bothSpellingsAreTrackedAsGeneratedThroughCreateAlterAndReload() {
        DruidSchemaTracker tracker = new DruidSchemaTracker();
        tracker.applyDdl("db", "CREATE TABLE db.t (id INT, gv BIGINT AS (id + 1) VIRTUAL COMMENT 'v',"
                + " gs VARCHAR(10) GENERATED ALWAYS AS (CONCAT(id, 'x')) STORED, gp INT AS (id * 2) PERSISTENT)");
        tracker.applyDdl("db", "ALTER TABLE db.t ADD COLUMN ga INT GENERATED ALWAYS AS (id - 1) VIRTUAL, ADD COLUMN plain INT");
        TableInfo t = tracker.table("db", "t");
        assertEquals(List.of(false, true, true, true, true, false), generatedFlags(t));

        String create = t.createSql();
        assertTrue(create.contains("GENERATED ALWAYS AS (id + 1) VIRTUAL COMMENT 'v'"), create);
        assertTrue(create.contains("GENERATED ALWAYS AS (CONCAT(id, 'x')) STORED"), create);
        assertTrue(create.contains("GENERATED ALWAYS AS (id - 1) VIRTUAL"), create);

        // a checkpoint's CREATE TABLE loaded into a fresh tracker, and a renamed table, keep it
        DruidSchemaTracker restarted = new DruidSchemaTracker();
        restarted.load("db", "t", create);
        assertEquals(generatedFlags(t), generatedFlags(restarted.table("db", "t")));
        assertTrue(restarted.table("db", "t").createSql().contains("GENERATED ALWAYS AS (CONCAT(id, 'x')) STORED"));
        restarted.applyDdl("db", "RENAME TABLE db.t TO db.u");
        assertEquals(generatedFlags(t), generatedFlags(restarted.table("db", "u")));
    }
}
