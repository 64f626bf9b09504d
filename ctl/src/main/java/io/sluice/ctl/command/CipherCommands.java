package io.sluice.ctl.command;

import io.sluice.common.config.PasswordCipher;
import io.sluice.ctl.CtlSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code encrypt <plain>} and {@code decrypt <cipher>}: offline, no master involved. Like dmctl,
 * they print the bare result on one line so it can be pasted into a task or source file.
 */
public final class CipherCommands {
    private CipherCommands() {
    }

    @Command(name = "encrypt", description = "Encrypt a plain-text password for use in task and source files (offline).",
            customSynopsis = "encrypt <plain-text>")
    public static class Encrypt extends CtlCommand {
        @Parameters(index = "0", paramLabel = "plain-text")
        String plain;

        @Override
        protected int execute(CtlSession session) {
            session.out().println(PasswordCipher.encrypt(plain));
            return 0;
        }
    }

    @Command(name = "decrypt", description = "Decrypt a password encrypted by `encrypt` (offline).",
            customSynopsis = "decrypt <cipher-text>")
    public static class Decrypt extends CtlCommand {
        @Parameters(index = "0", paramLabel = "cipher-text")
        String cipher;

        @Override
        protected int execute(CtlSession session) {
            session.out().println(PasswordCipher.decrypt(cipher));
            return 0;
        }
    }
}
