package io.sluice.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tab completion at the interactive prompt offers the commands and flags that the parser accepts. */
class InteractiveCompletionTest {
    private Terminal terminal;
    private LineReader reader;

    @BeforeEach
    void open() throws Exception {
        terminal = TerminalBuilder.builder().dumb(true)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build();
        reader = LineReaderBuilder.builder().terminal(terminal).completer(InteractiveShell.completer()).build();
    }

    @AfterEach
    void close() throws Exception {
        terminal.close();
    }

    private List<String> complete(String line) {
        ParsedLine parsed = new DefaultParser().parse(line, line.length());
        List<Candidate> out = new ArrayList<>();
        InteractiveShell.completer().complete(reader, parsed, out);
        String word = parsed.word();
        return out.stream().map(Candidate::value).filter(v -> v.startsWith(word)).distinct().sorted().toList();
    }

    @Test
    void theFirstWordCompletesToCommandsAndTheShellsOwnWords() {
        assertEquals(List.of("query-status"), complete("query-st"));
        assertTrue(complete("stop-").containsAll(List.of("stop-relay", "stop-task")), complete("stop-").toString());
        assertTrue(complete("ex").contains("exit"), complete("ex").toString());
        assertTrue(complete("").containsAll(List.of("start-task", "operate-source", "config", "help", "quit")));
    }

    @Test
    void laterWordsCompleteToTheCommandsFlagsAndSubcommands() {
        assertEquals(List.of("--more"), complete("query-status --mo"));
        assertTrue(complete("start-task --re").contains("--remove-meta"), complete("start-task --re").toString());
        assertEquals(List.of("export"), complete("config ex"));
        assertFalse(complete("query-status --").contains("--remove-meta"), "start-task's flag is not query-status's");
    }
}
