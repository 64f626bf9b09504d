package io.sluice.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.common.errors.ConfigErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads DM's task and source files strictly: an unknown key is an error naming it and its line. */
public final class ConfigFiles {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // multi-line text (PEM material) as a literal block, and no long line folded: stored
            // configs are read line by line for their secrets (master's SecretFields)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private ConfigFiles() {
    }

    public static TaskConfig parseTask(String yaml) {
        TaskConfig task = read(yaml, TaskConfig.class, "task");
        TaskConfigResolver.resolve(task);
        return task;
    }

    public static SourceConfig parseSource(String yaml) {
        SourceConfig source = read(yaml, SourceConfig.class, "source");
        SourceConfigValidator.validate(source);
        return source;
    }

    public static String readFile(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw ConfigErrors.READ_FILE.wrap(e, path);
        }
    }

    /** A config (or a YAML tree) as the text stored and sent: multi-line values as literal blocks. */
    public static String toYaml(Object config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw ConfigErrors.YAML_TRANSFORM.wrap(e, "cannot write config");
        }
    }

    static <T> T read(String yaml, Class<T> type, String kind) {
        if (yaml == null || yaml.isBlank()) {
            throw ConfigErrors.YAML_TRANSFORM.error("the " + kind + " file is empty");
        }
        try {
            // Syntax first: otherwise a broken file can surface as a type error on whichever
            // key the parser was reading, and the user is sent to fix the wrong thing.
            YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw ConfigErrors.YAML_TRANSFORM.error("malformed " + kind + " file at line " + line + ": " + e.getOriginalMessage());
        }
        try {
            T value = YAML.readValue(yaml, type);
            if (value == null) {
                throw ConfigErrors.YAML_TRANSFORM.error("the " + kind + " file is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ConfigErrors.UNKNOWN_KEY.error(e.getPropertyName(), e.getLocation().getLineNr(), kind);
        } catch (InvalidFormatException e) {
            throw ConfigErrors.INVALID_VALUE.error(pathOf(e), "`" + e.getValue() + "` at line " + e.getLocation().getLineNr());
        } catch (MismatchedInputException e) {
            throw ConfigErrors.INVALID_VALUE.error(pathOf(e), "wrong type at line " + e.getLocation().getLineNr());
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw ConfigErrors.YAML_TRANSFORM.error("malformed " + kind + " file at line " + line + ": " + e.getOriginalMessage());
        }
    }

    private static String pathOf(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
