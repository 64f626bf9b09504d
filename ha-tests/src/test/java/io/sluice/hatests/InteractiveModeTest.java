package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sluicectl as an operator runs it, against a real master: the interactive prompt driven through
 * a pipe (each line answers exactly as command mode does, history is kept in the home directory,
 * exit and end of input leave), and DM_MASTER_ADDR as the default of --master-addr.
 */
class InteractiveModeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Nothing listens here: a closed port taken from the free-port finder and never bound. */
    private static String deadAddr;
    static Cluster cluster;

    @TempDir
    Path home;

    @BeforeAll
    static void up() throws Exception {
        cluster = Cluster.start("interactive", 0);
        deadAddr = "127.0.0.1:" + io.sluice.testkit.MariaDbServer.freePort();
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eachLineAtThePromptAnswersAsCommandModeDoes() throws Exception {
        String input = "list-member --master\n"
                + "query-status no-such-task\n"
                + "\n"
                + "get-config cluster x\n"
                + "exit\n"
                + "list-member --master\n";
        CtlProcess.Result r = CtlProcess.run(Map.of(), home, input, "--master-addr", cluster.masterAddr);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("Welcome to sluicectl\n"), r.out());
        assertTrue(r.out().contains("Release Version:"), r.out());
        assertTrue(r.out().contains("» "), "the prompt: " + r.out());

        List<JsonNode> replies = jsonReplies(r.out());
        assertEquals(2, replies.size(), "two replies, nothing after exit: " + r.out());
        assertEquals(cluster.ctlJson("list-member", "--master"), replies.get(0), "the same reply as command mode");
        JsonNode unknown = replies.get(1);
        assertFalse(unknown.path("result").asBoolean(), unknown.toString());
        assertEquals(cluster.ctlJson("query-status", "no-such-task"), unknown);
        assertTrue(r.err().contains("get-config"), "a usage error goes to stderr as in command mode: " + r.err());

        List<String> history = Files.readAllLines(home.resolve(".sluicectl_history"));
        assertTrue(history.stream().anyMatch(l -> l.endsWith("query-status no-such-task")), history.toString());
        assertTrue(history.stream().anyMatch(l -> l.endsWith("list-member --master")), history.toString());
    }

    @Test
    void theEndOfInputLeavesThePromptAndDmMasterAddrOpensIt() throws Exception {
        CtlProcess.Result r = CtlProcess.run(Map.of("DM_MASTER_ADDR", cluster.masterAddr), home, "list-member --leader\n");
        assertEquals(0, r.exitCode(), r.toString());
        List<JsonNode> replies = jsonReplies(r.out());
        assertEquals(1, replies.size(), r.out());
        assertTrue(replies.get(0).path("result").asBoolean(), r.out());
        assertEquals("m1", replies.get(0).path("members").path(0).path("leader").path("name").asText(), r.out());
    }

    @Test
    void dmMasterAddrIsTheDefaultAndTheFlagWins() throws Exception {
        CtlProcess.Result fromEnv = CtlProcess.run(Map.of("DM_MASTER_ADDR", cluster.masterAddr), home, "", "list-member", "--leader");
        assertEquals(0, fromEnv.exitCode(), fromEnv.toString());
        assertEquals("m1", JSON.readTree(fromEnv.out()).path("members").path(0).path("leader").path("name").asText());

        CtlProcess.Result flagWins = CtlProcess.run(Map.of("DM_MASTER_ADDR", deadAddr), home, "",
                "list-member", "--leader", "-master-addr", cluster.masterAddr);
        assertEquals(0, flagWins.exitCode(), flagWins.toString());

        CtlProcess.Result deadEnv = CtlProcess.run(Map.of("DM_MASTER_ADDR", deadAddr), home, "", "list-member", "--rpc-timeout", "5s");
        assertEquals(1, deadEnv.exitCode(), deadEnv.toString());
        JsonNode failed = JSON.readTree(deadEnv.out());
        assertFalse(failed.path("result").asBoolean());
        assertTrue(failed.path("msg").asText().contains("code=48001"), failed.toString());
        assertTrue(failed.path("msg").asText().contains(deadAddr), "names the address it tried: " + failed);

        CtlProcess.Result none = CtlProcess.run(Map.of(), home, "");
        assertEquals(2, none.exitCode(), "no command and no master: usage, no prompt: " + none);
        assertFalse(none.out().contains("Welcome"), none.toString());
    }

    /** The JSON objects in the prompt's output, in order (prompts and banner lines are skipped). */
    static List<JsonNode> jsonReplies(String out) throws Exception {
        List<JsonNode> replies = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == '}' && depth > 0 && --depth == 0) {
                replies.add(JSON.readTree(out.substring(start, i + 1)));
            }
        }
        return replies;
    }
}
