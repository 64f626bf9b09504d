package io.sluice.ctl;

import io.sluice.common.config.ConfigDuration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.SluiceException;
import io.sluice.ctl.command.TaskFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parsing only: no master is contacted. */
class ArgumentParsingTest {
    @TempDir
    Path dir;

    /** Parses like {@link SluiceCtl#run} and returns the session as the leaf command would see it. */
    private static CtlSession parse(Map<String, String> env, String... args) {
        CtlSession session = new CtlSession(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), env);
        CommandLine cmd = SluiceCtl.commandLine(session);
        ParseResult pr = cmd.parseArgs(FlagSpelling.normalize(args, cmd));
        while (pr.hasSubcommand()) {
            pr = pr.subcommand();
        }
        return SessionHolder.sessionFor(pr.commandSpec());
    }

    private static CtlSession parse(String... args) {
        return parse(Map.of(), args);
    }

    /** The leaf command's parse result. */
    private static ParseResult leaf(String... args) {
        CtlSession session = new CtlSession(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), Map.of());
        CommandLine cmd = SluiceCtl.commandLine(session);
        ParseResult pr = cmd.parseArgs(FlagSpelling.normalize(args, cmd));
        while (pr.hasSubcommand()) {
            pr = pr.subcommand();
        }
        return pr;
    }

    @Test
    void operateSchemaFlushTakesAnOptionalBooleanAndLeavesTheSchemaFileAlone() {
        ParseResult bare = leaf("operate-schema", "set", "-s", "m1", "task", "-d", "db", "-t", "t", "--flush", "t.sql");
        assertEquals(Boolean.TRUE, bare.matchedOptionValue("--flush", null));
        assertEquals("t.sql", bare.matchedPositionalValue(2, null));
        ParseResult off = leaf("operate-schema", "set", "-s", "m1", "task", "-database", "db", "-table=t", "t.sql", "-flush=false");
        assertEquals(Boolean.FALSE, off.matchedOptionValue("--flush", null));
        assertEquals("db", off.matchedOptionValue("--database", null));
        Boolean notGiven = leaf("operate-schema", "get", "-s", "m1", "task", "-d", "db", "-t", "t").matchedOptionValue("--flush", null);
        assertTrue(notGiven == null, "not given: " + notGiven);
    }

    @Test
    void masterAddrIsAcceptedWithOneOrTwoDashesAnywhere() {
        for (String[] args : List.of(
                new String[] {"--master-addr", "h1:8261", "query-status"},
                new String[] {"-master-addr", "h1:8261", "query-status"},
                new String[] {"query-status", "--master-addr", "h1:8261"},
                new String[] {"query-status", "-master-addr=h1:8261"},
                new String[] {"query-status", "my-task", "--master-addr=h1:8261"})) {
            assertEquals(List.of("h1:8261"), parse(args).masterClient().addresses(), String.join(" ", args));
        }
    }

    @Test
    void severalMasterAddressesKeepTheirOrder() {
        assertEquals(List.of("a:1", "b:2", "c:3"),
                parse("--master-addr", "a:1, b:2,,http://c:3/", "query-status").masterClient().addresses());
    }

    @Test
    void environmentSuppliesMasterAddrButTheFlagWins() {
        assertEquals(List.of("env:1"), parse(Map.of("DM_MASTER_ADDR", "env:1"), "query-status").masterClient().addresses());
        assertEquals(List.of("flag:1"),
                parse(Map.of("DM_MASTER_ADDR", "env:1"), "query-status", "-master-addr", "flag:1").masterClient().addresses());
    }

    @Test
    void missingMasterAddrIsAnInvalidArgsError() {
        SluiceException e = assertThrows(SluiceException.class, () -> parse("query-status").masterClient());
        assertEquals(48002, e.code().code());
    }

    @Test
    void sourcesAreRepeatableAndGlobal() {
        assertEquals(List.of("s1", "s2", "s3", "s4"),
                parse("-s", "s1", "query-status", "--source", "s2", "-source", "s3", "t", "-s=s4", "-s", "s1").sources());
        assertEquals(List.of("a", "b"), parse("pause-task", "-s", "a,b", "t").sources());
    }

    @Test
    void everyLongFlagTakesOneOrTwoDashes() {
        CommandLine cmd = SluiceCtl.commandLine(parse());
        String[] single = FlagSpelling.normalize(new String[] {"start-task", "-remove-meta", "-rpc-timeout", "30s", "t.yaml"}, cmd);
        assertEquals(List.of("start-task", "--remove-meta", "--rpc-timeout", "30s", "t.yaml"), List.of(single));
        // unknown single-dash words and anything after -- stay as they are
        String[] other = FlagSpelling.normalize(new String[] {"encrypt", "--", "-remove-meta", "-xyz"}, cmd);
        assertEquals(List.of("encrypt", "--", "-remove-meta", "-xyz"), List.of(other));
        assertEquals(List.of("list-member", "--leader", "--name", "w1"),
                List.of(FlagSpelling.normalize(new String[] {"list-member", "-leader", "-name", "w1"}, cmd)));
    }

    @Test
    void rpcTimeoutUsesGoDurations() {
        assertEquals(Duration.ofMinutes(10), ConfigDuration.parse("10m"));
        assertEquals(Duration.ofSeconds(30), ConfigDuration.parse("30s"));
        assertEquals(Duration.ofMinutes(90), ConfigDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), ConfigDuration.parse("1.5s"));
        assertEquals(Duration.ofMillis(300), ConfigDuration.parse("300ms"));
        assertThrows(IllegalArgumentException.class, () -> ConfigDuration.parse("10"));
        assertThrows(IllegalArgumentException.class, () -> ConfigDuration.parse("ten minutes"));
        SluiceException e = assertThrows(SluiceException.class,
                () -> parse("--master-addr", "h:1", "--rpc-timeout", "soon", "query-status").masterClient());
        assertEquals(48002, e.code().code());
    }

    @Test
    void taskFileIsReadForItsName() throws Exception {
        Path task = CtlTestFiles.write(dir, "task.yaml", CtlTestFiles.TASK);
        assertEquals("test-task", TaskFiles.taskNameOf(task.toString()));
        assertEquals("plain-name", TaskFiles.taskNameOf("plain-name"));
        SluiceException missing = assertThrows(SluiceException.class, () -> TaskFiles.taskNameOf(dir.resolve("nope.yaml").toString()));
        assertEquals(48003, missing.code().code());
        Path nameless = CtlTestFiles.write(dir, "nameless.yaml", "task-mode: all\n");
        assertEquals(20004, assertThrows(SluiceException.class, () -> TaskFiles.taskNameOf(nameless.toString())).code().code());
    }

    @Test
    void usageErrorsExitWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SluiceCtl.run(new String[] {"start-task"}, new PrintStream(out), new PrintStream(err), Map.of());
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("start-task"));
        assertEquals(2, SluiceCtl.run(new String[] {"no-such-command"}, new PrintStream(out), new PrintStream(err), Map.of()));
        assertEquals(2, SluiceCtl.run(new String[] {"get-config", "cluster", "x", "--master-addr", "h:1"},
                new PrintStream(out), new PrintStream(err), Map.of()));
    }

    @Test
    void membershipCommandsCheckTheirFlagsBeforeCallingAMaster() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (String[] args : List.of(
                new String[] {"offline-member", "--master", "--worker", "--name", "m1", "--master-addr", "h:1"},
                new String[] {"offline-member", "--name", "m1", "--master-addr", "h:1"},
                new String[] {"offline-member", "--master", "--master-addr", "h:1"},
                new String[] {"operate-leader", "resign", "--master-addr", "h:1"},
                new String[] {"operate-leader", "--master-addr", "h:1"})) {
            assertEquals(2, SluiceCtl.run(args, new PrintStream(out), new PrintStream(err), Map.of()), String.join(" ", args));
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("exactly one of --master and --worker"), err.toString(StandardCharsets.UTF_8));
    }
}
