package io.sluice.ctl.command;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.SluiceException;
import io.sluice.ctl.CtlErrors;
import io.sluice.proto.ExportConfigsResponse;
import io.sluice.proto.ExportedRelay;
import io.sluice.proto.ExportedSource;
import io.sluice.proto.ExportedTask;
import io.sluice.proto.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The directory {@code config export} writes and {@code config import} reads, in DM's layout:
 * {@code sources/<source-id>.yaml}, {@code tasks/<task-name>.yaml} and {@code relay_workers.json}
 * (source id → relay workers). Sluice adds {@code task_stages.json} (task → source → stage) so
 * a paused or stopped subtask comes back as it was; a DM export without it imports as running.
 * Reading checks every file before anything is sent, and names the file at fault.
 */
final class ConfigDirectory {
    static final String SOURCES = "sources";
    static final String TASKS = "tasks";
    static final String RELAY_WORKERS = "relay_workers.json";
    static final String TASK_STAGES = "task_stages.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Source(Path file, String id, String yaml) {
    }

    record Task(Path file, TaskConfig config, String yaml, Map<String, Stage> stages) {
    }

    /** What a directory holds, checked: each source id and task name once, stages named in DM's words. */
    record Contents(List<Source> sources, List<Task> tasks, Map<String, List<String>> relayWorkers) {
    }

    private ConfigDirectory() {
    }

    static void write(Path dir, ExportConfigsResponse export) {
        try {
            Files.createDirectories(dir.resolve(SOURCES));
            Files.createDirectories(dir.resolve(TASKS));
            for (ExportedSource s : export.getSourcesList()) {
                writePrivate(dir.resolve(SOURCES).resolve(s.getSourceId() + ".yaml"), s.getConfig());
            }
            Map<String, Map<String, String>> stages = new TreeMap<>();
            for (ExportedTask t : export.getTasksList()) {
                writePrivate(dir.resolve(TASKS).resolve(t.getName() + ".yaml"), t.getConfig());
                Map<String, String> perSource = new TreeMap<>();
                t.getStagesMap().forEach((source, stage) -> perSource.put(source, stage.name()));
                stages.put(t.getName(), perSource);
            }
            Map<String, List<String>> relays = new TreeMap<>();
            for (ExportedRelay r : export.getRelaysList()) {
                relays.put(r.getSource(), r.getWorkersList());
            }
            writePrivate(dir.resolve(RELAY_WORKERS), JSON.writeValueAsString(relays) + "\n");
            writePrivate(dir.resolve(TASK_STAGES), JSON.writeValueAsString(stages) + "\n");
        } catch (IOException e) {
            throw CtlErrors.WRITE_FILE.wrap(e, dir);
        }
    }

    /** The files carry database passwords: readable by their owner only, where the file system allows it. */
    private static void writePrivate(Path file, String text) throws IOException {
        Files.writeString(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its default permissions
        }
    }

    static Contents read(Path dir) {
        if (!Files.isDirectory(dir) || !Files.isReadable(dir) || !Files.isDirectory(dir.resolve(SOURCES))) {
            throw CtlErrors.CONFIG_DIR_UNREADABLE.error(dir);
        }
        List<Source> sources = new ArrayList<>();
        for (Path f : yamlFiles(dir.resolve(SOURCES))) {
            SourceConfig parsed = parse(f, () -> ConfigFiles.parseSource(text(f)));
            if (sources.stream().anyMatch(s -> s.id().equals(parsed.sourceId))) {
                throw CtlErrors.CONFIG_FILE_INVALID.wrap(
                        new IllegalArgumentException("source-id " + parsed.sourceId + " is defined by another file too"), f);
            }
            sources.add(new Source(f, parsed.sourceId, text(f)));
        }
        Map<String, Map<String, Stage>> stages = stages(dir.resolve(TASK_STAGES));
        List<Task> tasks = new ArrayList<>();
        for (Path f : Files.isDirectory(dir.resolve(TASKS)) ? yamlFiles(dir.resolve(TASKS)) : List.<Path>of()) {
            TaskConfig parsed = parse(f, () -> ConfigFiles.parseTask(text(f)));
            if (tasks.stream().anyMatch(t -> t.config().name.equals(parsed.name))) {
                throw CtlErrors.CONFIG_FILE_INVALID.wrap(
                        new IllegalArgumentException("task " + parsed.name + " is defined by another file too"), f);
            }
            Map<String, Stage> taskStages = new LinkedHashMap<>();
            Map<String, Stage> stored = stages.getOrDefault(parsed.name, Map.of());
            parsed.mysqlInstances.forEach(i -> taskStages.put(i.sourceId, Stage.Running));
            if (!stored.isEmpty()) {
                taskStages.clear();
                taskStages.putAll(stored);
            }
            tasks.add(new Task(f, parsed, text(f), taskStages));
        }
        return new Contents(sources, tasks, relayWorkers(dir.resolve(RELAY_WORKERS)));
    }

    private static Map<String, Map<String, Stage>> stages(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Map<String, Map<String, String>> raw = json(file, new TypeReference<>() { });
        Map<String, Map<String, Stage>> out = new TreeMap<>();
        raw.forEach((task, perSource) -> {
            Map<String, Stage> m = new TreeMap<>();
            perSource.forEach((source, stage) -> {
                if (!List.of("Running", "Paused", "Stopped").contains(stage)) {
                    throw CtlErrors.CONFIG_FILE_INVALID.wrap(new IllegalArgumentException(
                            "stage `" + stage + "` of task " + task + " on " + source + " is not Running, Paused or Stopped"), file);
                }
                m.put(source, Stage.valueOf(stage));
            });
            out.put(task, m);
        });
        return out;
    }

    private static Map<String, List<String>> relayWorkers(Path file) {
        return Files.exists(file) ? json(file, new TypeReference<Map<String, List<String>>>() { }) : Map.of();
    }

    private static <T> T json(Path file, TypeReference<T> type) {
        try {
            T value = JSON.readValue(text(file), type);
            if (value == null) {
                throw new IOException("the file is empty");
            }
            return value;
        } catch (IOException e) {
            throw CtlErrors.CONFIG_FILE_INVALID.wrap(e, file);
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw CtlErrors.CONFIG_DIR_UNREADABLE.wrap(e, dir);
        }
    }

    private interface Parse<T> {
        T run();
    }

    private static <T> T parse(Path file, Parse<T> parse) {
        try {
            return parse.run();
        } catch (SluiceException e) {
            if (e.code() == CtlErrors.CONFIG_FILE_INVALID || e.code() == CtlErrors.READ_FILE) {
                throw e;
            }
            throw CtlErrors.CONFIG_FILE_INVALID.wrap(e, file);
        } catch (RuntimeException e) {
            throw CtlErrors.CONFIG_FILE_INVALID.wrap(e, file);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw CtlErrors.CONFIG_FILE_INVALID.wrap(e, file);
        }
    }
}
