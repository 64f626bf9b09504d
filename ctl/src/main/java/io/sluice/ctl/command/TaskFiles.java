package io.sluice.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.ctl.CtlErrors;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading task and source files on the ctl side, so bad files fail before the master is contacted. */
public final class TaskFiles {
    private static final YAMLMapper YAML = new YAMLMapper();

    private TaskFiles() {
    }

    public static String read(String file) {
        try {
            return ConfigFiles.readFile(Path.of(file));
        } catch (SluiceException e) {
            throw CtlErrors.READ_FILE.wrap(e.getCause() == null ? e : e.getCause(), file);
        } catch (RuntimeException e) {
            throw CtlErrors.READ_FILE.wrap(e, file);
        }
    }

    /**
     * dmctl lets {@code stop-task}, {@code pause-task}, … take a task file instead of a name.
     * An existing file is read for its {@code name}; an argument that looks like a YAML file but
     * does not exist is an error (rather than being sent as a task called "task.yaml"); anything
     * else is the task name. Only the name is read, so a stop still works for a file that a
     * stricter future validator would reject.
     */
    public static String taskNameOf(String nameOrFile) {
        Path p = Path.of(nameOrFile);
        boolean looksLikeFile = nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml");
        if (!Files.isRegularFile(p)) {
            if (looksLikeFile) {
                throw CtlErrors.READ_FILE.error(nameOrFile + " (no such task file)");
            }
            return nameOrFile;
        }
        String yaml = read(nameOrFile);
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (Exception e) {
            throw ConfigErrors.YAML_TRANSFORM.error("malformed task file " + nameOrFile + ": " + e.getMessage());
        }
        JsonNode name = root == null ? null : root.get("name");
        if (name == null || name.asText().isBlank()) {
            throw ConfigErrors.TASK_NAME_EMPTY.error();
        }
        return name.asText();
    }

    /** Validates a source file's contents and returns its source-id. */
    public static String sourceIdOf(String yaml) {
        SourceConfig cfg = ConfigFiles.parseSource(yaml);
        return cfg.sourceId;
    }
}
