package io.sluice.worker.dump;

import io.sluice.common.binlog.BinlogPosition;
import io.sluice.common.errors.DumpLoadErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The dump's {@code metadata} file in mydumper's format. It is written last, so its presence
 * with a "Finished dump at" line means every other file of the dump is whole, and it carries
 * the snapshot's binlog position, where the sync unit starts.
 *
 * <pre>
 * Started dump at: 2021-01-01 10:00:00
 * SHOW MASTER STATUS:
 * 	Log: mysql-bin.000001
 * 	Pos: 1234
 * 	GTID:0-1-5
 *
 * Finished dump at: 2021-01-01 10:00:05
 * </pre>
 */
public final class DumpMetadata {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String FINISHED = "Finished dump at:";

    private DumpMetadata() {
    }

    /** Whether {@code dumpDir} holds a finished dump. */
    public static boolean isFinished(Path dumpDir) {
        Path file = dumpDir.resolve(DumpLayout.METADATA);
        try {
            return Files.isRegularFile(file)
                    && Files.readAllLines(file, StandardCharsets.UTF_8).stream().anyMatch(l -> l.startsWith(FINISHED));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The snapshot position of the finished dump in {@code dumpDir}.
     *
     * @throws io.sluice.common.errors.SluiceException 32004 when the file is absent or the dump
     *         unfinished, 32005 when it cannot be parsed
     */
    public static BinlogPosition read(Path dumpDir) {
        Path file = dumpDir.resolve(DumpLayout.METADATA);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw DumpLoadErrors.DUMP_METADATA_MISSING.error(file);
        } catch (IOException e) {
            throw DumpLoadErrors.DUMP_METADATA_MISSING.wrap(e, file);
        }
        if (lines.stream().noneMatch(l -> l.startsWith(FINISHED))) {
            throw DumpLoadErrors.DUMP_METADATA_MISSING.error(file);
        }
        String log = null;
        Long pos = null;
        StringBuilder gtid = new StringBuilder();
        boolean inMaster = false;
        boolean inGtid = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("SHOW MASTER STATUS")) {
                inMaster = true;
                continue;
            }
            if (!inMaster) {
                continue;
            }
            if (line.isEmpty() || line.startsWith("SHOW ") || line.startsWith(FINISHED)) {
                break; // end of the master section; a slave section may follow
            }
            if (line.startsWith("Log:")) {
                log = line.substring(4).strip();
                inGtid = false;
            } else if (line.startsWith("Pos:")) {
                try {
                    pos = Long.parseLong(line.substring(4).strip());
                } catch (NumberFormatException e) {
                    throw DumpLoadErrors.DUMP_METADATA_MALFORMED.error(file, "bad Pos: " + line);
                }
                inGtid = false;
            } else if (line.startsWith("GTID:")) {
                gtid.append(line.substring(5).strip());
                inGtid = true;
            } else if (inGtid) {
                gtid.append(line); // MySQL prints long GTID sets over several lines
            }
        }
        if (log == null || pos == null) {
            throw DumpLoadErrors.DUMP_METADATA_MALFORMED.error(file, "no Log/Pos under SHOW MASTER STATUS");
        }
        return new BinlogPosition(log, pos, gtid.toString());
    }

    /** Writes the metadata file (temp name then rename) once every other file is in place. */
    static void write(Path dumpDir, BinlogPosition pos, LocalDateTime started, LocalDateTime finished) {
        String text = "Started dump at: " + TIME.format(started) + "\n"
                + "SHOW MASTER STATUS:\n"
                + "\tLog: " + pos.file() + "\n"
                + "\tPos: " + pos.pos() + "\n"
                + "\tGTID:" + pos.gtidSet() + "\n"
                + "\n"
                + FINISHED + " " + TIME.format(finished) + "\n";
        Path file = dumpDir.resolve(DumpLayout.METADATA);
        DumpFileWriter.writeWhole(file, text);
    }
}
