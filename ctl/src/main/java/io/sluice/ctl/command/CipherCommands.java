package io.sluice.ctl.command;

import io.sluice.common.config.PasswordCipher;
import io.sluice.ctl.CtlErrors;
import io.sluice.ctl.CtlSession;
import io.sluice.ctl.Replies;
import io.sluice.proto.PasswordText;
import io.sluice.proto.RotatePasswordKeyRequest;
import io.sluice.proto.RotatePasswordKeyResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code encrypt <plain>} and {@code decrypt <cipher>}. With a master address (flag, --config or
 * DM_MASTER_ADDR) they use the cluster's own key through a master; without one they work offline
 * with the built-in key, as dmctl does. Like dmctl, they print the bare result on one line so it
 * can be pasted into a task or source file. {@code encrypt --rotate} gives the cluster a new key
 * and re-encrypts every stored password with it; text made with older keys still decrypts.
 */
public final class CipherCommands {
    private CipherCommands() {
    }

    @Command(name = "encrypt", description = "Encrypt a plain-text password for task and source files (with the cluster's key when a master is given,"
            + " else offline); --rotate gives the cluster a new key.",
            customSynopsis = {"encrypt <plain-text>", "encrypt --rotate"})
    public static class Encrypt extends CtlCommand {
        @Parameters(index = "0", paramLabel = "plain-text", arity = "0..1")
        String plain;
        @Option(names = {"--rotate", "-rotate"}, description = "make a new cluster key and re-encrypt every stored password with it")
        boolean rotate;

        @Override
        protected int execute(CtlSession session) {
            if (rotate == (plain != null)) {
                throw CtlErrors.INVALID_ARGS.error("give either a plain-text password or --rotate");
            }
            if (rotate) {
                RotatePasswordKeyResponse r = session.masterClient().callPasswordSecret("Rotate",
                        s -> s.rotate(RotatePasswordKeyRequest.getDefaultInstance()));
                session.out().println(Replies.json(r));
                return r.getResult() ? 0 : 1;
            }
            if (!session.hasMasterAddress()) {
                session.out().println(PasswordCipher.encrypt(plain));
                return 0;
            }
            session.out().println(session.masterClient().callPasswordSecret("Encrypt",
                    s -> s.encrypt(PasswordText.newBuilder().setText(plain).build())).getText());
            return 0;
        }
    }

    @Command(name = "decrypt", description = "Decrypt a password made by `encrypt` (through a master when one is given, else offline).",
            customSynopsis = "decrypt <cipher-text>")
    public static class Decrypt extends CtlCommand {
        @Parameters(index = "0", paramLabel = "cipher-text")
        String cipher;

        @Override
        protected int execute(CtlSession session) {
            if (!session.hasMasterAddress()) {
                session.out().println(PasswordCipher.decrypt(cipher));
                return 0;
            }
            session.out().println(session.masterClient().callPasswordSecret("Decrypt",
                    s -> s.decrypt(PasswordText.newBuilder().setText(cipher).build())).getText());
            return 0;
        }
    }
}
