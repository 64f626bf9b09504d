package io.sluice.ctl;

import io.sluice.common.cli.VersionInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.shell.jline3.PicocliJLineCompleter;

/**
 * dmctl's interactive mode: {@code sluicectl --master-addr h:8261} with no command reads
 * commands at a {@code »} prompt. Each line runs exactly as the same words would in command mode
 * (the global flags of the invocation come first), so replies and error codes are identical.
 * jline keeps the history under the user's home and completes commands and flags from the same
 * picocli model that parses them; on a pipe it falls back to a dumb terminal.
 */
final class InteractiveShell {
    static final String PROMPT = "» ";
    static final String HISTORY_FILE = ".sluicectl_history";

    private final List<String> globalArgs;
    private final Map<String, String> env;

    InteractiveShell(List<String> globalArgs, Map<String, String> env) {
        this.globalArgs = globalArgs;
        this.env = env;
    }

    /** Runs until exit, quit or end of input; returns the exit status of the shell itself (0). */
    int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).encoding(StandardCharsets.UTF_8).build()) {
            PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            LineReader reader = LineReaderBuilder.builder()
                    .appName("sluicectl")
                    .terminal(terminal)
                    .completer(completer())
                    .parser(new DefaultParser())
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .build();
            out.println("Welcome to sluicectl");
            VersionInfo.lines().forEach(out::println);
            out.println();
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C drops the line being typed, as a shell does
                } catch (EndOfFileException e) {
                    break; // Ctrl-D or the end of piped input
                }
                List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                if (words.size() == 1 && (words.get(0).equals("exit") || words.get(0).equals("quit"))) {
                    break;
                }
                List<String> args = new ArrayList<>(globalArgs);
                args.addAll(words);
                SluiceCtl.run(args.toArray(String[]::new), out, System.err, env);
                out.flush();
            }
            reader.getHistory().save();
        }
        return 0;
    }

    /** Commands and their flags from the picocli model, plus the shell's own exit and quit. */
    static Completer completer() {
        CtlSession unused = new CtlSession(System.out, System.err, Map.of());
        PicocliJLineCompleter commands = new PicocliJLineCompleter(SluiceCtl.commandLine(unused).getCommandSpec());
        return new AggregateCompleter(commands,
                new ArgumentCompleter(new StringsCompleter("exit", "quit"), NullCompleter.INSTANCE));
    }

    private static Path historyFile() {
        return Path.of(System.getProperty("user.home"), HISTORY_FILE);
    }
}
