package io.sluice.master.api;

import io.sluice.master.raft.SecretFields;

/**
 * Stored config text as shown to users: passwords replaced and inline TLS material cleared, as
 * DM's get-config does (cleared rather than masked, so that a shown config submitted again takes
 * its TLS files from the paths it names).
 */
final class ConfigText {
    private ConfigText() {
    }

    static String maskPasswords(String yaml) {
        return SecretFields.replace(yaml, SecretFields.HIDDEN_IN_REPLIES, (key, value) -> key.equals("password") ? "'******'" : "''");
    }
}
