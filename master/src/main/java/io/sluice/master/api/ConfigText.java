package io.sluice.master.api;

import java.util.regex.Pattern;

/** Stored config text as shown to users: passwords replaced, as DM's get-config does. */
final class ConfigText {
    private static final Pattern PASSWORD = Pattern.compile("(?m)^(\\s*password\\s*:\\s*).*$");

    private ConfigText() {
    }

    static String maskPasswords(String yaml) {
        return PASSWORD.matcher(yaml).replaceAll("$1'******'");
    }
}
