package io.sluice.ctl;

import io.sluice.common.cli.VersionInfo;
import io.sluice.ctl.command.CheckDataCommand;
import io.sluice.ctl.command.CheckTaskCommand;
import io.sluice.ctl.command.ShowDdlLocksCommand;
import io.sluice.ctl.command.UnlockDdlLockCommand;
import io.sluice.ctl.command.CipherCommands;
import io.sluice.ctl.command.ConfigCommand;
import io.sluice.ctl.command.GetConfigCommand;
import io.sluice.ctl.command.HandleErrorCommand;
import io.sluice.ctl.command.ListMemberCommand;
import io.sluice.ctl.command.OfflineMemberCommand;
import io.sluice.ctl.command.OperateLeaderCommand;
import io.sluice.ctl.command.OperateSchemaCommand;
import io.sluice.ctl.command.OperateSourceCommand;
import io.sluice.ctl.command.OperateTaskCommand;
import io.sluice.ctl.command.PurgeRelayCommand;
import io.sluice.ctl.command.RelayCommands;
import io.sluice.ctl.command.TransferSourceCommand;
import io.sluice.ctl.command.QueryStatusCommand;
import io.sluice.ctl.command.StartTaskCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluicectl}: the drop-in for dmctl. In command mode one command per invocation; the reply
 * is printed as JSON on stdout; exit status 0 when the reply's result is true, 1 when it is false
 * or the command failed, 2 for usage errors. With a master address and no command it opens
 * dmctl's interactive prompt ({@link InteractiveShell}).
 */
public final class SluiceCtl {
    private SluiceCtl() {
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one invocation in-process (end-to-end tests use this), returning the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CtlSession session = new CtlSession(out, err, env);
        CommandLine cmd = commandLine(session);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] normalized = FlagSpelling.normalize(args, cmd);
        int code = cmd.execute(normalized);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(CtlSession session) {
        CommandLine cmd = new CommandLine(new Root(session));
        // dmctl has no abbreviations or clustered short flags worth supporting; keep parsing strict
        // so that a typo is a usage error rather than a silently different request.
        cmd.setUnmatchedArgumentsAllowed(false);
        DmctlHelpLayout.applyBelow(cmd);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            session.out().println(Replies.error(CtlErrors.UNEXPECTED.wrap(ex).getMessage()));
            return 1;
        });
        return cmd;
    }

    /** The top-level command: global flags, version, and the command list (the help order). */
    @Command(name = "sluicectl",
            description = "Sluice control: the command-line client of sluice-master, compatible with dmctl's command and interactive modes.",
            synopsisSubcommandLabel = "<command>",
            footer = {"",
                    "Every long flag may also be written with a single dash (-master-addr), as with dmctl.",
                    "--master-addr and -s may appear anywhere on the line; DM_MASTER_ADDR supplies --master-addr.",
                    "--ssl-ca/--ssl-cert/--ssl-key (or ssl-* keys in --config) connect to masters that run with TLS.",
                    "Use \"sluicectl help <command>\" or \"sluicectl <command> --help\" for a command's flags."},
            subcommands = {
                    CheckDataCommand.class,
                    CheckTaskCommand.class,
                    ConfigCommand.class,
                    CipherCommands.Decrypt.class,
                    CipherCommands.Encrypt.class,
                    GetConfigCommand.class,
                    HandleErrorCommand.class,
                    HelpCommand.class,
                    ListMemberCommand.class,
                    OfflineMemberCommand.class,
                    OperateLeaderCommand.class,
                    OperateSchemaCommand.class,
                    OperateSourceCommand.class,
                    RelayCommands.PauseRelay.class,
                    OperateTaskCommand.Pause.class,
                    PurgeRelayCommand.class,
                    QueryStatusCommand.class,
                    RelayCommands.ResumeRelay.class,
                    OperateTaskCommand.Resume.class,
                    ShowDdlLocksCommand.class,
                    RelayCommands.StartRelay.class,
                    StartTaskCommand.class,
                    RelayCommands.StopRelay.class,
                    OperateTaskCommand.Stop.class,
                    TransferSourceCommand.class,
                    UnlockDdlLockCommand.class,
            })
    static final class Root implements Callable<Integer>, SessionHolder.Root {
        private final CtlSession session;

        @Mixin
        GlobalOptions global;

        @Option(names = {"-V", "--V", "--version"}, description = "Print version information and exit.")
        boolean version;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--encrypt", paramLabel = "plain-text", description = "Same as the `encrypt` command.")
        String encrypt;

        @Option(names = "--decrypt", paramLabel = "cipher-text", description = "Same as the `decrypt` command.")
        String decrypt;

        Root(CtlSession session) {
            this.session = session;
        }

        @Override
        public CtlSession session() {
            return session;
        }

        @Override
        public GlobalOptions globalOptions() {
            return global;
        }

        @Override
        public Integer call() {
            if (version) {
                VersionInfo.lines().forEach(session.out()::println);
                return 0;
            }
            if (encrypt != null) {
                return runCommand("encrypt", encrypt);
            }
            if (decrypt != null) {
                return runCommand("decrypt", decrypt);
            }
            if (session.knowsMasterAddress(global)) {
                try {
                    return new InteractiveShell(global.toArgs(), session.env()).run();
                } catch (java.io.IOException e) {
                    throw CtlErrors.UNEXPECTED.wrap(e);
                }
            }
            // No command and no master to talk to: show help, as dmctl does.
            new CommandLine(this).usage(session.err());
            return 2;
        }

        /** The --encrypt/--decrypt flags of older dmctl behave exactly like the sub-commands. */
        private int runCommand(String name, String value) {
            return SluiceCtl.commandLine(session).execute(name, "--", value);
        }
    }

    /**
     * Armeria and gRPC log at INFO/DEBUG by default, which would mix with the JSON on stdout.
     * Only the standalone binary adjusts this; in-process callers keep their own logging setup.
     */
    private static void quietLogging() {
        org.slf4j.ILoggerFactory factory = org.slf4j.LoggerFactory.getILoggerFactory();
        if (factory instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ch.qos.logback.classic.Logger rootLogger = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            rootLogger.setLevel(ch.qos.logback.classic.Level.WARN);
            rootLogger.iteratorForAppenders().forEachRemaining(a -> {
                if (a instanceof ch.qos.logback.core.ConsoleAppender<?> console) {
                    console.stop();
                    console.setTarget("System.err");
                    console.start();
                }
            });
        }
    }
}
