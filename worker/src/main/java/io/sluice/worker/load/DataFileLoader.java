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
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Loads the data files of one chunk in one transaction together with its checkpoint row. Each
 * line of a data file is one INSERT into the unqualified upstream table; the head is rewritten
 * to the routed target and to REPLACE, INSERT or INSERT IGNORE as {@code on-duplicate} says.
 */
final class DataFileLoader {
    /** Work done in the chunk's transaction after its rows (the checkpoint row). */
    interface InTransaction {
        void run(Connection c) throws SQLException;
    }

    private final String verb;

    DataFileLoader(String onDuplicate) {
        this.verb = switch (onDuplicate == null ? "" : onDuplicate.toLowerCase()) {
            case "error" -> "INSERT INTO ";
            case "ignore" -> "INSERT IGNORE INTO ";
            default -> "REPLACE INTO ";
        };
    }

    /**
     * Returns true when the files were loaded and {@code record} ran, all committed together;
     * false when {@code stopping} turned true first (then nothing of them is kept).
     */
    boolean load(Connection c, List<DumpContents.DataFile> files, TableName target, BooleanSupplier stopping,
            InTransaction record) {
        DumpContents.DataFile file = null;
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION foreign_key_checks = 0");
            c.setAutoCommit(false);
            try {
                for (DumpContents.DataFile f : files) {
                    file = f;
                    if (!loadFile(st, f, target, stopping)) {
                        c.rollback();
                        return false;
                    }
                }
                record.run(c);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_FILE.wrap(e, file == null ? "(checkpoint)" : file.name());
        }
    }

    /** Runs one file's statements in the caller's transaction; false when stopped. */
    private boolean loadFile(Statement st, DumpContents.DataFile file, TableName target,
            BooleanSupplier stopping) {
        String source = "INSERT INTO " + TableName.quote(file.table().table()) + " ";
        String replacement = verb + target.quoted() + " ";
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file.path(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (stopping.getAsBoolean()) {
                    return false;
                }
                if (line.isBlank() || line.startsWith("/*")) {
                    continue; // mydumper's /*!40101 SET NAMES binary*/ header: sessions are utf8mb4 already
                }
                if (!line.startsWith(source)) {
                    throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(file.name(), lineNo,
                            "expected a statement starting with " + source.strip());
                }
                try {
                    st.execute(replacement + line.substring(source.length()));
                } catch (SQLException e) {
                    throw DumpLoadErrors.LOAD_FILE.wrap(e, file.name() + " (line " + lineNo + ")");
                }
            }
            return true;
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
