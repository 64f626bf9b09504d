package io.sluice.ctl.command;

import com.google.protobuf.MessageOrBuilder;
import io.sluice.common.errors.SluiceException;
import io.sluice.ctl.CtlErrors;
import io.sluice.ctl.CtlSession;
import io.sluice.ctl.GlobalOptions;
import io.sluice.ctl.Replies;
import io.sluice.ctl.SessionHolder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Base of every sluicectl command. It owns the command's copy of the global flags and turns
 * the command's outcome into dmctl's contract: the JSON reply on stdout, exit 0 when the reply's
 * {@code result} is true and 1 otherwise; a local failure prints the same envelope with its code.
 */
public abstract class CtlCommand implements Callable<Integer>, SessionHolder.WithGlobals {
    @Mixin
    GlobalOptions global;

    @Spec
    protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show help for this command.")
    boolean help;

    @Override
    public GlobalOptions globalOptions() {
        return global;
    }

    @Override
    public final Integer call() {
        CtlSession session = SessionHolder.sessionFor(spec);
        try {
            return execute(session);
        } catch (ParameterException e) {
            throw e; // picocli prints usage and exits 2
        } catch (SluiceException e) {
            session.out().println(Replies.error(e.getMessage()));
            return 1;
        } catch (RuntimeException e) {
            session.out().println(Replies.error(CtlErrors.UNEXPECTED.wrap(e).getMessage()));
            return 1;
        }
    }

    protected abstract int execute(CtlSession session);

    protected static int print(CtlSession session, MessageOrBuilder reply, boolean result) {
        session.out().println(Replies.json(reply));
        return result ? 0 : 1;
    }

    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
