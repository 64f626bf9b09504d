package io.sluice.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code help <command>} and {@code <command> --help} print dmctl's sections, in dmctl's order. */
class HelpLayoutTest {
    private static String help(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = SluiceCtl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true), Map.of());
        assertEquals(0, exit, String.join(" ", args));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCommandsHelpHasUsageThenItsFlagsThenTheGlobalFlags() {
        String h = help("help", "query-status");
        assertTrue(h.startsWith("Query the status"), h);
        assertTrue(h.contains("\nUsage:\n  sluicectl query-status [-s source ...] [task-name | task-file] [--more] [flags]\n"), h);
        int flags = h.indexOf("\nFlags:\n");
        int global = h.indexOf("\nGlobal Flags:\n");
        assertTrue(h.indexOf("Usage:") < flags && flags < global, h);
        assertTrue(h.indexOf("      --more", flags) > flags && h.indexOf("      --more", flags) < global, "its own flag under Flags: " + h);
        assertTrue(h.indexOf("--master-addr") > global && h.indexOf("-s, --source") > global, "global flags last: " + h);
        assertEquals(h, help("query-status", "--help"), "help <command> and <command> --help agree");
    }

    @Test
    void aGroupListsItsCommands() {
        String h = help("help", "config");
        assertTrue(h.contains("\nUsage:\n  sluicectl config [command]\n"), h);
        assertTrue(h.contains("\nAvailable Commands:\n  export    Export the configurations of sources and tasks.\n"), h);
        assertTrue(h.contains("  import    Import the configurations of sources and tasks.\n"), h);
        assertTrue(h.endsWith("Use \"sluicectl config [command] --help\" for more information about a command.\n"), h);
        String export = help("config", "export", "-h");
        assertTrue(export.contains("\nUsage:\n  sluicectl config export [--dir directory] [flags]\n"), export);
        assertTrue(export.contains("-d, --dir=directory"), export);
    }
}
