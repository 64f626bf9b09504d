package io.sluice.worker.load;

import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.TableName;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Loads the data files of one chunk in one transaction together with its checkpoint row, into
 * the routed target table, as REPLACE, INSERT or INSERT IGNORE as {@code on-duplicate} says. A
 * data file is either a LOAD DATA statement with its rows file ({@link RowsFile}; read with LOAD
 * DATA LOCAL INFILE where the target allows it, else sent as multi-row INSERTs), or lines of
 * INSERT statements (mydumper's default, and dumps written before the LOAD DATA format).
 */
final class DataFileLoader {
    /** Work done in the chunk's transaction after its rows (the checkpoint row). */
    interface InTransaction {
        void run(Connection c) throws SQLException;
    }

    /** Size of one INSERT when rows cannot go by LOAD DATA and the task sets no statement-size; DM's default. */
    static final int INSERT_STATEMENT_BYTES = 1_000_000;
    private static final int ER_DUP_ENTRY = 1062;

    private final String verb;
    private final String loadDataKeyword;
    private final boolean ignoreDuplicates;
    private final LoadMetrics metrics;
    private final int insertStatementBytes;
    private volatile Boolean localInfile;

    DataFileLoader(String onDuplicate) {
        this(onDuplicate, INSERT_STATEMENT_BYTES, LoadMetrics.none());
    }

    /**
     * @param statementSize the task's {@code statement-size}: an INSERT sent in place of LOAD DATA
     *                      grows to about this many bytes (0 or less: DM's default)
     */
    DataFileLoader(String onDuplicate, long statementSize, LoadMetrics metrics) {
        this.metrics = metrics;
        // a statement is built in one StringBuilder, and no server takes a packet above 1 GB anyway
        this.insertStatementBytes = statementSize > 0 ? (int) Math.min(statementSize, 1 << 30) : INSERT_STATEMENT_BYTES;
        String mode = onDuplicate == null ? "" : onDuplicate.toLowerCase();
        this.verb = switch (mode) {
            case "error" -> "INSERT INTO ";
            case "ignore" -> "INSERT IGNORE INTO ";
            default -> "REPLACE INTO ";
        };
        // LOAD DATA LOCAL turns a duplicate into a warning whatever it is told; "error" checks them
        this.loadDataKeyword = switch (mode) {
            case "error" -> "";
            case "ignore" -> "IGNORE ";
            default -> "REPLACE ";
        };
        this.ignoreDuplicates = mode.equals("ignore");
    }

    /**
     * Returns true when the files were loaded and {@code record} ran, all committed together;
     * false when {@code stopping} turned true first (then nothing of them is kept).
     */
    boolean load(Connection c, List<DumpContents.DataFile> files, TableName target, BooleanSupplier stopping,
            InTransaction record) {
        String part = "(session)";
        try (Statement st = c.createStatement()) {
            // rows come from a consistent snapshot of tables with the same keys, and a chunk is all
            // or nothing: re-checking foreign keys row by row buys nothing
            st.execute("SET SESSION foreign_key_checks = 0");
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try {
                for (DumpContents.DataFile f : files) {
                    part = f.name();
                    if (!loadFile(st, f, target, stopping)) {
                        c.rollback();
                        return false;
                    }
                }
                part = "(checkpoint)";
                if (stopping.getAsBoolean()) {
                    c.rollback();
                    return false;
                }
                record.run(c);
                c.commit();
                metrics.transaction(target.schema(), target.table(), (System.nanoTime() - t0) / 1e9);
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                SQLException dup = duplicateKeyIn(e);
                if (dup != null && !files.isEmpty()) {
                    throw duplicateKey(files.get(0), target, dup.getMessage());
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_FILE.wrap(e, part);
        }
    }

    /** Sends one file's rows in the caller's transaction; false when stopped. */
    private boolean loadFile(Statement st, DumpContents.DataFile file, TableName target, BooleanSupplier stopping)
            throws SQLException {
        try {
            String text = firstStatement(file);
            return RowsFile.isLoadData(text)
                    ? loadRows(st, file, RowsFile.parse(file.path(), text), target, stopping)
                    : loadStatements(st, file, target, stopping);
        } catch (IOException e) {
            throw DumpLoadErrors.LOAD_FILE.wrap(e, file.name());
        }
    }

    /** The file's first statement line, skipping blank lines and mydumper's comment header. */
    private static String firstStatement(DumpContents.DataFile file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file.path(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("/*")) {
                    return line;
                }
            }
        }
        return "";
    }

    private boolean loadRows(Statement st, DumpContents.DataFile file, RowsFile rows, TableName target,
            BooleanSupplier stopping) throws SQLException, IOException {
        if (stopping.getAsBoolean()) {
            return false;
        }
        if (!targetAllowsLocalInfile(st)) {
            return RowInserts.send(st, rows, verb + target.quoted() + " " + rows.quotedColumnList() + " VALUES ",
                    insertStatementBytes, stopping, file.name(), metrics::statement);
        }
        long t0 = System.nanoTime();
        // the driver closes the stream once it has sent it
        st.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(InfileStream.open(rows.path()));
        st.execute(rows.loadStatement(loadDataKeyword, target));
        metrics.statement((System.nanoTime() - t0) / 1e9);
        // LOAD DATA LOCAL reports a value it had to change as a warning, not an error: any such
        // warning means the target would not hold the source's value, so the file is refused
        for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
            if (w.getErrorCode() == ER_DUP_ENTRY && !ignoreDuplicates) {
                throw duplicateKey(file, target, w.getMessage());
            }
            if (w.getErrorCode() != ER_DUP_ENTRY) {
                throw DumpLoadErrors.LOAD_FILE.error(file.name() + " (" + w.getErrorCode() + ": " + w.getMessage() + ")");
            }
        }
        return true;
    }

    /** Whether LOAD DATA LOCAL works on this target; asked once per loader (one target). */
    private boolean targetAllowsLocalInfile(Statement st) throws SQLException {
        Boolean allowed = localInfile;
        if (allowed == null) {
            try (ResultSet rs = st.executeQuery("SELECT @@GLOBAL.local_infile")) {
                allowed = rs.next() && rs.getInt(1) == 1;
            }
            localInfile = allowed;
        }
        return allowed;
    }

    /** Lines of {@code INSERT INTO `t` VALUES ...;}, each re-aimed at the routed target. */
    private boolean loadStatements(Statement st, DumpContents.DataFile file, TableName target, BooleanSupplier stopping)
            throws SQLException, IOException {
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
                    long t0 = System.nanoTime();
                    st.execute(replacement + line.substring(source.length()));
                    metrics.statement((System.nanoTime() - t0) / 1e9);
                } catch (SQLException e) {
                    throw DumpLoadErrors.LOAD_FILE.wrap(e, file.name() + " (line " + lineNo + ")");
                }
            }
        }
        return true;
    }

    /** A key collision (with {@code on-duplicate: error}), which names both tables and the key. */
    private static SluiceException duplicateKey(DumpContents.DataFile file, TableName target, String detail) {
        return DumpLoadErrors.LOAD_DUPLICATE_KEY.error(new TableName(file.table().schema(), file.table().table()), target,
                detail, file.name());
    }

    /** The duplicate-key error among {@code e} and its causes, or null. */
    private static SQLException duplicateKeyIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException se && se.getErrorCode() == ER_DUP_ENTRY) {
                return se;
            }
        }
        return null;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls back on its own
        }
    }
}
