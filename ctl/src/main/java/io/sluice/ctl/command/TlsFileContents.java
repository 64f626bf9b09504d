package io.sluice.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.common.config.ConfigFiles;
import io.sluice.ctl.CtlErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * As DM's dmctl does: the TLS files a source's {@code from.security} or a task's
 * {@code target-database.security} names are read here, on the operator's machine, and sent
 * inline as {@code ssl-*-bytes}, so masters and workers need no copy of them. A file that cannot
 * be read here is left as a path (with a warning): the nodes may have it.
 */
final class TlsFileContents {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String[][] PIECES = {{"ssl-ca", "ssl-ca-bytes"}, {"ssl-cert", "ssl-cert-bytes"}, {"ssl-key", "ssl-key-bytes"}};

    private TlsFileContents() {
    }

    /** {@code yaml} with the files of {@code section}'s security read into it; unchanged when there are none to read. */
    static String inline(String yaml, String section, PrintStream warnings) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            return yaml; // the caller's parser reports the syntax error with its line
        }
        JsonNode security = root == null ? null : root.path(section).get("security");
        if (!(security instanceof ObjectNode sec)) {
            return yaml;
        }
        boolean read = false;
        for (String[] piece : PIECES) {
            String file = sec.path(piece[0]).asText("");
            if (file.isBlank() || !sec.path(piece[1]).asText("").isEmpty()) {
                continue;
            }
            try {
                sec.put(piece[1], Files.readString(Path.of(file)));
                read = true;
            } catch (IOException | RuntimeException e) {
                warnings.println("[warn] " + CtlErrors.TLS_FILE_UNREADABLE.error(section + ".security." + piece[0] + " " + file + ": " + e)
                        .getMessage());
            }
        }
        return read ? ConfigFiles.toYaml(root) : yaml;
    }
}
