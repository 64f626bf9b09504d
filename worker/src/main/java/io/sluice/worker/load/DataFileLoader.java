package io.sluice.worker.load;

import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.filter.TableName;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;

/**
 * Loads one data file in one transaction together with its checkpoint row. Each line of a
 * data file is one INSERT into the unqualified upstream table; the head is rewritten to the
 * routed target and to REPLACE, INSERT or INSERT IGNORE as {@code on-duplicate} says.
 */
final class DataFileLoader {
    private final LoadCheckpoint checkpoint;
    private final String verb;

    DataFileLoader(LoadCheckpoint checkpoint, String onDuplicate) {
        this.checkpoint = checkpoint;
        this.verb = switch (onDuplicate == null ? "" : onDuplicate.toLowerCase()) {
            case "error" -> "INSERT INTO ";
            case "ignore" -> "INSERT IGNORE INTO ";
            default -> "REPLACE INTO ";
        };
    }

    /**
     * Returns true when the file was loaded and recorded, false when {@code stopping} turned true
     * first (then nothing of the file is kept).
     */
    boolean load(Connection c, DumpContents.DataFile file, TableName target, BooleanSupplier stopping) {
        String source = "INSERT INTO " + TableName.quote(file.table().table()) + " ";
        String replacement = verb + target.quoted() + " ";
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file.path(), StandardCharsets.UTF_8);
                Statement st = c.createStatement()) {
            st.execute("SET SESSION foreign_key_checks = 0");
            c.setAutoCommit(false);
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (stopping.getAsBoolean()) {
                        c.rollback();
                        return false;
                    }
                    if (line.isBlank() || line.startsWith("/*")) {
                        continue; // mydumper's /*!40101 SET NAMES binary*/ header: sessions are utf8mb4 already
                    }
                    if (!line.startsWith(source)) {
                        throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(file.name(), lineNo,
                                "expected a statement starting with " + source.strip());
                    }
                    st.execute(replacement + line.substring(source.length()));
                }
                checkpoint.record(c, file.name(), file.table().schema(), file.table().table(), file.size(), file.size());
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_FILE.wrap(e, file.name() + (lineNo > 0 ? " (line " + lineNo + ")" : ""));
        } catch (IOException e) {
            throw DumpLoadErrors.LOAD_FILE.wrap(e, file.name());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls back on its own
        }
    }
}
