package io.sluice.ctl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Finds the invocation's {@link CtlSession} from any command, and folds the copies of the global
 * flags found along the command chain (root → … → command) into the session.
 */
public final class SessionHolder {
    private SessionHolder() {
    }

    /** Implemented by every command object that carries a copy of the global flags. */
    public interface WithGlobals {
        GlobalOptions globalOptions();
    }

    /** Implemented by the root command, which owns the session. */
    public interface Root extends WithGlobals {
        CtlSession session();
    }

    public static CtlSession sessionFor(CommandSpec spec) {
        Deque<GlobalOptions> chain = new ArrayDeque<>();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.userObject() instanceof WithGlobals w && w.globalOptions() != null) {
                chain.addFirst(w.globalOptions());
            }
        }
        CtlSession session = ((Root) spec.root().userObject()).session();
        List<GlobalOptions> rootFirst = new ArrayList<>(chain);
        session.setGlobal(GlobalOptions.merge(rootFirst));
        return session;
    }
}
