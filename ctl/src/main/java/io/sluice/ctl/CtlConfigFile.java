package io.sluice.ctl;

import io.sluice.common.config.ConfigFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * dmctl's {@code --config} file: a flat TOML file with keys such as {@code master-addr},
 * {@code rpc-timeout} and {@code ssl-ca}. Only {@code key = value} lines are meaningful there,
 * so a line reader suffices and avoids pulling a TOML library into the ctl.
 */
final class CtlConfigFile {
    private CtlConfigFile() {
    }

    static Map<String, String> read(String path) {
        String text;
        try {
            text = ConfigFiles.readFile(Path.of(path));
        } catch (RuntimeException e) {
            throw CtlErrors.READ_FILE.wrap(e, path);
        }
        Map<String, String> values = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw CtlErrors.INVALID_ARGS.error("line " + lineNo + " of " + path + " is not `key = value`");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            int hash = value.startsWith("\"") ? -1 : value.indexOf('#');
            if (hash >= 0) {
                value = value.substring(0, hash).strip();
            }
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(key, value);
        }
        return values;
    }
}
