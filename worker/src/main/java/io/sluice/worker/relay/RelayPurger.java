package io.sluice.worker.relay;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.config.SourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic relay purge, as DM's {@code purge} keys set it: every {@code interval} seconds,
 * relay files older than {@code expires} hours are deleted, and when the disk has less than
 * {@code remain-space} GB free, every file no one needs is deleted whatever its age. A file is
 * needed when the relay still writes it or it is at or after the checkpoint of any subtask of the
 * source (paused ones too); when a checkpoint cannot be read, nothing is deleted that round.
 * Active only with {@code interval} and either {@code expires} or {@code remain-space} set.
 */
final class RelayPurger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayPurger.class);
    private static final long GB = 1L << 30;

    private final SourceConfig.Purge cfg;
    private final RelayDirectory dir;
    private final Supplier<BinlogPosition> writing;
    private final CheckpointFloor floor;
    private final LongSupplier freeBytes;
    private final String logTags;
    private ScheduledExecutorService timer;

    RelayPurger(SourceConfig.Purge cfg, RelayDirectory dir, Supplier<BinlogPosition> writing, CheckpointFloor floor,
            LongSupplier freeBytes, String logTags) {
        this.cfg = cfg;
        this.dir = dir;
        this.writing = writing;
        this.floor = floor;
        this.freeBytes = freeBytes;
        this.logTags = logTags;
    }

    static RelayPurger start(SourceConfig source, RelayDirectory dir, RelayUnit unit, CheckpointFloor floor, String logTags) {
        RelayPurger p = new RelayPurger(source.purge, dir, unit::position, floor, () -> usableSpace(dir.root()), logTags);
        if (source.purge.interval > 0 && (source.purge.expires > 0 || source.purge.remainSpace > 0)) {
            p.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "relay-purge-" + source.sourceId);
                t.setDaemon(true);
                return t;
            });
            p.timer.scheduleWithFixedDelay(p::purgeQuietly, source.purge.interval, source.purge.interval, TimeUnit.SECONDS);
        }
        return p;
    }

    private void purgeQuietly() {
        try {
            purge(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("event=relay_purge_failed {} error=\"{}\"", logTags, e.getMessage());
        }
    }

    /** One purge round at {@code now}; returns the files it deleted (sub-directory/name). */
    synchronized List<String> purge(Instant now) {
        List<String> subDirs = dir.subDirs();
        List<BinlogPosition> needed = new ArrayList<>();
        List<BinlogPosition> checkpoints = floor.positions();
        if (checkpoints == null || subDirs.isEmpty()) {
            return List.of();
        }
        needed.addAll(checkpoints);
        BinlogPosition w = writing.get();
        if (w != null && !w.file().isEmpty()) {
            needed.add(w);
        }
        int[] floorSub = {Integer.MAX_VALUE};
        String[] floorFile = {null};
        for (BinlogPosition p : needed) {
            // a checkpoint names a file, not its server: after a primary switch two sub-directories can
            // hold that name, and the oldest copy is kept (the task may still be reading it); the
            // relay writes in the newest one
            int sub = p == w ? newestHolding(subDirs, p.file()) : oldestHolding(subDirs, p.file());
            if (sub < 0) {
                LOG.info("event=relay_purge_skipped {} reason=\"{} is not in the relay log\"", logTags, p.file());
                return List.of();
            }
            if (sub < floorSub[0] || (sub == floorSub[0] && RelayDirectory.compareBinlogNames(p.file(), floorFile[0]) < 0)) {
                floorSub[0] = sub;
                floorFile[0] = p.file();
            }
        }
        boolean lowSpace = cfg.remainSpace > 0 && freeBytes.getAsLong() < cfg.remainSpace * GB;
        Instant expiredBefore = cfg.expires > 0 ? now.minus(Duration.ofHours(cfg.expires)) : null;
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i <= floorSub[0] && i < subDirs.size(); i++) {
            for (String f : dir.files(subDirs.get(i))) {
                if (i == floorSub[0] && RelayDirectory.compareBinlogNames(f, floorFile[0]) >= 0) {
                    break;
                }
                Path file = dir.path(subDirs.get(i)).resolve(f);
                if (lowSpace || (expiredBefore != null && modified(file).isBefore(expiredBefore))) {
                    delete(file);
                    deleted.add(subDirs.get(i) + "/" + f);
                }
            }
        }
        if (!deleted.isEmpty()) {
            LOG.info("event=relay_purged {} files={} keptFrom={}/{} lowSpace={}", logTags, deleted, subDirs.get(floorSub[0]),
                    floorFile[0], lowSpace);
        }
        return deleted;
    }

    /**
     * purge-relay: deletes the relay files before {@code filename} (see {@link PurgeBeforeFile});
     * one purge at a time with the automatic one. Returns the files deleted (sub-directory/name).
     */
    synchronized List<String> purgeBefore(String filename, String subDir, Map<String, BinlogPosition> checkpoints) {
        BinlogPosition w = writing.get();
        List<Path> plan = new PurgeBeforeFile(dir).plan(filename, subDir, w == null ? null : w.file(), checkpoints);
        List<String> deleted = new ArrayList<>();
        for (Path f : plan) {
            delete(dir.root().resolve(f));
            deleted.add(f.toString());
        }
        LOG.info("event=relay_purged_to_file {} filename={} subDir={} files={}", logTags, filename, subDir, deleted);
        return deleted;
    }

    /** Index of the oldest sub-directory holding {@code file}, or -1. */
    private int oldestHolding(List<String> subDirs, String file) {
        for (int i = 0; i < subDirs.size(); i++) {
            if (Files.exists(dir.path(subDirs.get(i)).resolve(file))) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the newest sub-directory holding {@code file}, or -1. */
    private int newestHolding(List<String> subDirs, String file) {
        for (int i = subDirs.size() - 1; i >= 0; i--) {
            if (Files.exists(dir.path(subDirs.get(i)).resolve(file))) {
                return i;
            }
        }
        return -1;
    }

    private static Instant modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw io.sluice.common.errors.RelayErrors.RELAY_IO.wrap(e, "purge", f);
        }
    }

    static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
