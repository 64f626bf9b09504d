package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * shard-mode optimistic across real processes: 2 sources × 2 databases × 2 tables merged into
 * merged.t by three masters and two workers, under writes to every shard. The DDLs go shard by
 * shard in different orders; the target follows the joined schema (a column on first arrival,
 * an index when the last shard has it, a widened type at once, a dropped column with the last
 * shard), the leader is SIGKILLed between two shards' drops, and conflicting changes pause
 * their subtask with DM's codes while the target stays as it was.
 */
class OptimisticShardDdlTest extends ShardMergeFixture {
    static final String TASK = "optim";

    @BeforeAll
    static void up() throws Exception {
        startShardMerge("optim", TASK);
    }

    @Test
    void shardsChangeOneByOneAndTheTargetFollowsTheirJoin() throws Exception {
        startTaskWithFirstRows("optimistic");

        long started0 = System.nanoTime();
        try (Writers writers = new Writers()) {
            // ADD COLUMN: the target gets it with the first shard, the later shards change nothing there
            List<String> order = List.of(SHARDS.get(5), SHARDS.get(0), SHARDS.get(3), SHARDS.get(6), SHARDS.get(1), SHARDS.get(4),
                    SHARDS.get(2), SHARDS.get(7));
            exec(order.get(0), "ALTER TABLE %s ADD COLUMN c INT DEFAULT 7");
            cluster.await("the column on its first arrival", 60, () -> targetColumns().containsKey("c"));
            for (String shard : order.subList(1, order.size())) {
                exec(shard, "ALTER TABLE %s ADD COLUMN c INT DEFAULT 7");
                Thread.sleep(150);
            }
            // ADD INDEX: only once every shard has it
            order = List.of(SHARDS.get(7), SHARDS.get(2), SHARDS.get(4), SHARDS.get(1), SHARDS.get(6), SHARDS.get(3), SHARDS.get(0));
            for (String shard : order) {
                exec(shard, "ALTER TABLE %s ADD INDEX idx_a (a)");
                Thread.sleep(150);
            }
            awaitLoggedDdl(order.get(order.size() - 1));
            assertFalse(targetIndexes().contains("idx_a"), "no index while a shard lacks it");
            exec(SHARDS.get(5), "ALTER TABLE %s ADD INDEX idx_a (a)");
            cluster.await("the index once every shard has it", 60, () -> targetIndexes().contains("idx_a"));
            // MODIFY COLUMN widening: at once
            exec(SHARDS.get(4), "ALTER TABLE %s MODIFY COLUMN a BIGINT DEFAULT NULL");
            cluster.await("the wider type on its first arrival", 60, () -> "bigint".equals(targetColumns().get("a")));
            for (String shard : List.of(SHARDS.get(0), SHARDS.get(7), SHARDS.get(3), SHARDS.get(1), SHARDS.get(6), SHARDS.get(2), SHARDS.get(5))) {
                exec(shard, "ALTER TABLE %s MODIFY COLUMN a BIGINT DEFAULT NULL");
            }
            // SIGKILL of mysql-02's worker right after its shards' MODIFY reached the leader (or before):
            // restarted, it reports again from its checkpoint and nothing runs twice or is lost
            String name = cluster.workerOf("mysql-02");
            SluiceProcess w = cluster.workers.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 400));
            w.kill();
            System.out.printf("optimistic: SIGKILL of %s (worker of mysql-02) right after its MODIFY COLUMN%n", name);
            w.restart();
            // DROP COLUMN: only with the last shard, even across a leader's death
            order = List.of(SHARDS.get(2), SHARDS.get(6), SHARDS.get(0), SHARDS.get(5), SHARDS.get(3), SHARDS.get(7), SHARDS.get(1));
            for (int i = 0; i < order.size(); i++) {
                exec(order.get(i), "ALTER TABLE %s DROP COLUMN name");
                if (i == 2) {
                    awaitLoggedDdl(order.get(i));
                    int leader = cluster.leaderIndex();
                    cluster.masters.get(leader).kill();
                    System.out.printf("optimistic: SIGKILL of leader m%d after 3 of 8 shards dropped the column%n", leader + 1);
                }
                Thread.sleep(150);
            }
            awaitLoggedDdl(order.get(order.size() - 1));
            assertTrue(targetColumns().containsKey("name"), "the column stays while one shard has it");
            exec(SHARDS.get(4), "ALTER TABLE %s DROP COLUMN name");
            cluster.await("the column dropped with the last shard", 90, () -> !targetColumns().containsKey("name"));
            Thread.sleep(500);
            writers.stop();
        }
        awaitSameRows("after the DDLs");
        assertEquals(new TreeMap<>(java.util.Map.of("id", "bigint", "a", "bigint", "c", "int")), targetColumns());
        assertEquals(new TreeSet<>(List.of("PRIMARY", "idx_a")), targetIndexes());
        System.out.printf("optimistic: 32 shard DDLs under writes, target joined and equal in %d ms%n", (System.nanoTime() - started0) / 1_000_000);
        assertEquals("Running", subtask("mysql-01").path("stage").asText());
        assertEquals("Running", subtask("mysql-02").path("stage").asText());

        conflictsPauseTheirSubtaskAndLeaveTheTargetAlone();
        aShardWithoutATrackedSchemaIsCoordinatedFromTheTargets();
    }

    /**
     * A shard whose schema the worker does not track (no row of it since the start, or removed by
     * operate-schema) is taken to have the target's schema before its DDL, as in DM: its DROP
     * COLUMN goes through the leader, so the column stays while the other shards have it.
     */
    private void aShardWithoutATrackedSchemaIsCoordinatedFromTheTargets() throws Exception {
        assertEquals(0, cluster.ctl("pause-task", TASK).exitCode());
        cluster.await("mysql-02 paused", 60, () -> "Paused".equals(subtask("mysql-02").path("stage").asText()));
        String[] shard = table(SHARDS.get(6)).split("\\.");
        JsonNode removed = cluster.ctlJson("operate-schema", "remove", "-s", "mysql-02", TASK, "-d", shard[0], "-t", shard[1]);
        assertTrue(removed.path("result").asBoolean(), removed.toString());
        assertEquals(0, cluster.ctl("resume-task", TASK).exitCode());
        exec(SHARDS.get(6), "ALTER TABLE %s DROP COLUMN c");
        awaitLoggedDdl(SHARDS.get(6));
        assertTrue(targetColumns().containsKey("c"), "the column stays while 7 shards have it: " + targetColumns());
        long id = base(SHARDS.get(0)) + 997_000;
        exec(SHARDS.get(0), "INSERT INTO %s (id, c) VALUES (" + id + ", 5)");
        exec(SHARDS.get(6), "INSERT INTO %s (id) VALUES (" + (base(SHARDS.get(6)) + 997_000) + ")");
        cluster.await("rows of both shards after the drop", 60, () -> count("SELECT COUNT(*) FROM merged.t WHERE id IN (" + id + ", "
                + (base(SHARDS.get(6)) + 997_000) + ")") == 2);
        assertTrue(subtask("mysql-02").path("result").path("errors").isEmpty(), subtask("mysql-02").toString());
    }

    private void conflictsPauseTheirSubtaskAndLeaveTheTargetAlone() throws Exception {
        // the same column with another default: mysql-02's subtask pauses, the target keeps mysql-01's
        exec(SHARDS.get(0), "ALTER TABLE %s ADD COLUMN d INT DEFAULT 0");
        cluster.await("d on its first arrival", 60, () -> targetColumns().containsKey("d"));
        String targetBefore = showCreate();
        exec(SHARDS.get(4), "ALTER TABLE %s ADD COLUMN d INT DEFAULT -1");
        JsonNode paused = awaitError("mysql-02");
        String msg = paused.toString();
        assertEquals(36062, paused.path("result").path("errors").path(0).path("ErrCode").asInt(), msg);
        assertTrue(msg.contains("code=11111") && msg.contains("different defaults"), msg);
        assertEquals(targetBefore, showCreate());
        String url = "http://" + cluster.masterAddrs.get(cluster.leaderIndex()) + "/metrics";
        String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(scrape.contains("dm_master_shard_ddl_error{task=\"optim\",type=\"InfoPut - HandleLockError\",} "), scrape);
        // handle-error replace with the compatible definition gets it going again
        JsonNode replace = cluster.ctlJson("handle-error", TASK, "-s", "mysql-02", "replace",
                "ALTER TABLE shard_db_1.t1 ADD COLUMN d INT DEFAULT 0;");
        assertTrue(replace.path("result").asBoolean(), replace.toString());
        cluster.await("mysql-02 running again", 60, () -> "Running".equals(subtask("mysql-02").path("stage").asText())
                && subtask("mysql-02").path("result").path("errors").isEmpty());

        // an unsupported DDL (renaming a column): refused with its reason, nothing runs downstream
        exec(SHARDS.get(1), "ALTER TABLE %s RENAME COLUMN a TO b");
        paused = awaitError("mysql-01");
        msg = paused.toString();
        assertEquals(36062, paused.path("result").path("errors").path(0).path("ErrCode").asInt(), msg);
        assertTrue(msg.contains("code=11111") && msg.contains("RENAME COLUMN"), msg);
        assertEquals(targetBefore, showCreate());
        JsonNode skip = cluster.ctlJson("handle-error", TASK, "-s", "mysql-01", "skip");
        assertTrue(skip.path("result").asBoolean(), skip.toString());
        cluster.await("mysql-01 running again", 60, () -> "Running".equals(subtask("mysql-01").path("stage").asText())
                && subtask("mysql-01").path("result").path("errors").isEmpty());
        exec(SHARDS.get(3), "INSERT INTO %s (id, a) VALUES (" + (base(SHARDS.get(3)) + 999_000) + ", 5)");
        cluster.await("rows flow after the skip", 60, () -> count("SELECT COUNT(*) FROM merged.t WHERE id = "
                + (base(SHARDS.get(3)) + 999_000)) == 1);

        // the skipped rename left that shard's tracked schema behind its upstream: operate-schema set
        // --sync sets it and joins it, so the target gets the renamed column (and loses idx_a, which
        // no longer covers the same column on every shard)
        assertEquals(0, cluster.ctl("pause-task", TASK).exitCode());
        cluster.await("mysql-01 paused", 60, () -> "Paused".equals(subtask("mysql-01").path("stage").asText()));
        String upstream = rows(src1, "SHOW CREATE TABLE shard_db_1.t2").get(0).split("\\|", 2)[1];
        JsonNode set = cluster.ctlJson("operate-schema", "set", "-s", "mysql-01", TASK, "-d", "shard_db_1", "-t", "t2",
                cluster.writeFile("t2.sql", upstream).toString(), "--sync");
        assertTrue(set.path("result").asBoolean() && set.path("sources").path(0).path("result").asBoolean(), set.toString());
        assertTrue(targetColumns().containsKey("b"), "the set schema's column on the target: " + targetColumns());
        assertFalse(targetIndexes().contains("idx_a"), targetIndexes().toString());
        assertEquals(0, cluster.ctl("resume-task", TASK).exitCode());
        exec(SHARDS.get(1), "INSERT INTO %s (id, b) VALUES (" + (base(SHARDS.get(1)) + 999_000) + ", 42)");
        cluster.await("the renamed column's rows on the target", 60, () -> count("SELECT COUNT(*) FROM merged.t WHERE b = 42 AND id = "
                + (base(SHARDS.get(1)) + 999_000)) == 1);
    }

    // ---- helpers ----

    private static JsonNode awaitError(String source) throws Exception {
        cluster.await(source + " paused on the conflict", 90, () -> subtask(source).path("result").path("errors").size() > 0);
        return subtask(source);
    }

    /** Waits until the leader has decided on the shard's last DDL (its worker logged it). */
    private static void awaitLoggedDdl(String shard) throws Exception {
        String binlogOf = server(shard) == src1 ? "mysql-01" : "mysql-02";
        String[] pos = masterStatus(server(shard));
        cluster.await("the sync of " + binlogOf + " past " + pos[0] + ":" + pos[1], 90, () -> {
            String at = subtask(binlogOf).path("sync").path("syncerBinlog").asText();
            String prefix = "(" + pos[0] + ", ";
            return at.startsWith(prefix) && Long.parseLong(at.substring(prefix.length(), at.length() - 1)) >= Long.parseLong(pos[1]);
        });
    }

    private static String showCreate() throws SQLException {
        try (Connection c = dst.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE merged.t")) {
            rs.next();
            return rs.getString(2);
        }
    }
}
