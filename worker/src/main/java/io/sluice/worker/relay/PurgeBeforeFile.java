package io.sluice.worker.relay;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.RelayErrors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * purge-relay's plan, like MySQL's {@code PURGE BINARY LOGS TO}: every relay file before the named
 * one goes, in its sub-directory and in all older ones. Where DM quietly purges less when a task
 * still reads an older file, this refuses the whole request and names the task, so an operator
 * never believes space was freed that was not. The plan is computed in full before anything is
 * deleted: a refused request deletes nothing.
 */
final class PurgeBeforeFile {
    private final RelayDirectory dir;

    PurgeBeforeFile(RelayDirectory dir) {
        this.dir = dir;
    }

    /** A relay file as the plan sees it: its sub-directory's place in server-uuid.index and its name. */
    private record Place(int subDir, String file) implements Comparable<Place> {
        @Override
        public int compareTo(Place o) {
            return subDir != o.subDir ? Integer.compare(subDir, o.subDir) : RelayDirectory.compareBinlogNames(file, o.file);
        }
    }

    /**
     * The files to delete (relative to the relay directory), or the coded error that refuses the request.
     *
     * @param subDir      the sub-directory of {@code filename}; empty for the newest one, as in DM
     * @param writing     the file the relay writes now (in the newest sub-directory), or null
     * @param checkpoints each subtask's saved checkpoint by task name; a null value: that task cannot tell
     */
    List<Path> plan(String filename, String subDir, String writing, Map<String, BinlogPosition> checkpoints) {
        if (filename == null || filename.isBlank()) {
            throw RelayErrors.PURGE_REQUEST_NOT_VALID.error("(filename is empty)");
        }
        List<String> subDirs = dir.subDirs();
        if (subDirs.isEmpty()) {
            throw RelayErrors.NO_ACTIVE_RELAY_LOG.error();
        }
        String sub = subDir == null || subDir.isBlank() ? subDirs.get(subDirs.size() - 1) : subDir.trim();
        int subIndex = subDirs.indexOf(sub);
        if (subIndex < 0) {
            throw RelayErrors.SUB_DIR_NOT_FOUND.error(sub, dir.root().resolve(RelayDirectory.INDEX), subDirs);
        }
        List<String> held = dir.files(sub);
        if (!held.contains(filename)) {
            throw RelayErrors.RELAY_FILE_NOT_FOUND.error(filename, sub, held);
        }
        Place end = new Place(subIndex, filename);
        if (writing != null && !writing.isEmpty() && new Place(subDirs.size() - 1, writing).compareTo(end) < 0) {
            throw RelayErrors.PURGE_FORBIDDEN.error("the relay is still writing " + writing + " in " + subDirs.get(subDirs.size() - 1));
        }
        for (Map.Entry<String, BinlogPosition> c : checkpoints.entrySet()) {
            BinlogPosition p = c.getValue();
            if (p == null) {
                throw RelayErrors.PURGE_FORBIDDEN.error("task " + c.getKey() + " has no checkpoint this worker can read yet");
            }
            int holder = oldestHolding(subDirs, p.file());
            // a checkpoint in no relay file is served by no relay file: it pins none
            if (holder >= 0 && new Place(holder, p.file()).compareTo(end) < 0) {
                throw RelayErrors.PURGE_FORBIDDEN.error("task " + c.getKey() + " still needs relay file " + subDirs.get(holder) + "/"
                        + p.file() + " (its checkpoint is " + p + ")");
            }
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i <= subIndex; i++) {
            for (String f : dir.files(subDirs.get(i))) {
                if (new Place(i, f).compareTo(end) < 0) {
                    out.add(Path.of(subDirs.get(i), f));
                }
            }
        }
        return out;
    }

    /**
     * Index of the oldest sub-directory holding {@code file}, or -1. File names repeat across
     * upstream servers and a checkpoint names no server: the oldest copy is the one that may
     * still be needed.
     */
    private int oldestHolding(List<String> subDirs, String file) {
        for (int i = 0; i < subDirs.size(); i++) {
            if (java.nio.file.Files.exists(dir.path(subDirs.get(i)).resolve(file))) {
                return i;
            }
        }
        return -1;
    }
}
