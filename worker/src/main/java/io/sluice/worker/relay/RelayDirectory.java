package io.sluice.worker.relay;

import io.sluice.common.errors.RelayErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * DM's relay layout: {@code <relay-dir>/server-uuid.index} lists, oldest first, one
 * sub-directory per upstream server the relay has pulled from, named {@code <server-uuid>.<seq>}
 * with a six-digit sequence that grows by one at each switch of upstream server. Each
 * sub-directory holds the relay files (named as on the upstream) and its {@link RelayMeta}.
 */
final class RelayDirectory {
    static final String INDEX = "server-uuid.index";
    private static final Pattern SUB_DIR = Pattern.compile("(.+)\\.(\\d{6,})");

    private final Path root;

    RelayDirectory(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The sub-directory names from the index, oldest first (empty when there is no index yet). */
    List<String> subDirs() {
        Path index = root.resolve(INDEX);
        if (!Files.exists(index)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(index)) {
                String name = line.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (!SUB_DIR.matcher(name).matches()) {
                    throw RelayErrors.PARSE_INDEX.error(index, "`" + name + "` is not <server-uuid>.<sequence>");
                }
                out.add(name);
            }
        } catch (IOException e) {
            throw RelayErrors.PARSE_INDEX.wrap(e, index, e.getMessage());
        }
        return out;
    }

    /** The newest sub-directory, or null. */
    String latestSubDir() {
        List<String> all = subDirs();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    static String uuidOf(String subDir) {
        Matcher m = SUB_DIR.matcher(subDir);
        return m.matches() ? m.group(1) : "";
    }

    static int sequenceOf(String subDir) {
        Matcher m = SUB_DIR.matcher(subDir);
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }

    Path path(String subDir) {
        return root.resolve(subDir);
    }

    /** Adds a sub-directory for {@code serverUuid} after the newest one and returns its name. */
    String addSubDir(String serverUuid) {
        List<String> all = new ArrayList<>(subDirs());
        int seq = all.isEmpty() ? 1 : sequenceOf(all.get(all.size() - 1)) + 1;
        String name = String.format("%s.%06d", serverUuid, seq);
        try {
            Files.createDirectories(root.resolve(name));
            all.add(name);
            Path tmp = root.resolve(INDEX + ".tmp");
            Files.writeString(tmp, String.join("\n", all) + "\n");
            Files.move(tmp, root.resolve(INDEX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw RelayErrors.RELAY_IO.wrap(e, "create", root.resolve(name));
        }
        return name;
    }

    /** The relay files of a sub-directory, in upstream order (names sort as their sequence numbers). */
    List<String> files(String subDir) {
        Path dir = root.resolve(subDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(RelayDirectory::isBinlogName)
                    .sorted(RelayDirectory::compareBinlogNames).toList();
        } catch (IOException e) {
            throw RelayErrors.RELAY_IO.wrap(e, "list", dir);
        }
    }

    static boolean isBinlogName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 && name.substring(dot + 1).chars().allMatch(Character::isDigit);
    }

    /** Orders {@code base.N} names by N as a number: sequences may grow past 999999. */
    static int compareBinlogNames(String a, String b) {
        int da = a.lastIndexOf('.');
        int db = b.lastIndexOf('.');
        int base = a.substring(0, da).compareTo(b.substring(0, db));
        if (base != 0) {
            return base;
        }
        return Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
    }
}
