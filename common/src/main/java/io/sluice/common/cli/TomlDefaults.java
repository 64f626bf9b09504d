package io.sluice.common.cli;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.errors.ConfigErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The TOML file given with {@code --config} to a master or worker (DM's dm-master.toml and
 * dm-worker.toml keys). A flag on the command line wins; the file fills only what is unset.
 */
public final class TomlDefaults {
    private static final TomlDefaults NONE = new TomlDefaults(Map.of());
    private final Map<?, ?> values;

    private TomlDefaults(Map<?, ?> values) {
        this.values = values;
    }

    /** Reads {@code path}, or gives an empty set of defaults when it is null. */
    public static TomlDefaults read(String path, String what) {
        if (path == null) {
            return NONE;
        }
        try {
            return new TomlDefaults(new TomlMapper().readValue(ConfigFiles.readFile(Path.of(path)), Map.class));
        } catch (IOException e) {
            throw ConfigErrors.YAML_TRANSFORM.wrap(e, "cannot parse " + what + " config " + path);
        }
    }

    public String or(String flag, String key) {
        Object v = values.get(key);
        return flag != null || v == null ? flag : v.toString();
    }

    /** A list key such as {@code cert-allowed-cn = ["dm"]}; a single string is a list of one. */
    public java.util.List<String> or(java.util.List<String> flag, String key) {
        Object v = values.get(key);
        if (flag != null || v == null) {
            return flag;
        }
        if (v instanceof java.util.List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return java.util.List.of(v.toString());
    }

    public Long or(Long flag, String key) {
        Object v = values.get(key);
        return flag != null || v == null ? flag : Long.valueOf(v.toString());
    }
}
