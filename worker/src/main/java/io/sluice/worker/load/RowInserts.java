package io.sluice.worker.load;

import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.worker.dump.DataFileFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Sends a rows file as multi-row INSERT statements, for targets where LOAD DATA LOCAL is off
 * ({@code local_infile=OFF}, as on MySQL 8 by default). Text values become quoted literals and
 * hex columns {@code 0x} literals, so the values are the same as LOAD DATA would store.
 */
final class RowInserts {
    private RowInserts() {
    }

    /**
     * @param head     {@code REPLACE INTO `db`.`t` (`a`,`b`) VALUES }
     * @param maxBytes a statement grows up to about this size (one wide row may exceed it)
     * @return false when {@code stopping} turned true first
     */
    static boolean send(Statement st, RowsFile rows, String head, int maxBytes, BooleanSupplier stopping, String fileName,
            DoubleConsumer statementSeconds) throws SQLException, IOException {
        List<RowsFile.Column> columns = rows.columns();
        StringBuilder sql = new StringBuilder(Math.min(maxBytes + 4096, 1 << 22)).append(head);
        int inStatement = 0;
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(rows.path(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                List<String> values = DataFileFormat.fields(line);
                if (values.size() != columns.size()) {
                    throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(rows.path().getFileName().toString(), lineNo,
                            values.size() + " fields for " + columns.size() + " columns");
                }
                sql.append(inStatement == 0 ? "(" : ",(");
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sql.append(',');
                    }
                    if (!appendLiteral(sql, values.get(i), columns.get(i).hex())) {
                        throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(rows.path().getFileName().toString(), lineNo,
                                "column " + columns.get(i).name() + " is not hex");
                    }
                }
                sql.append(')');
                inStatement++;
                if (sql.length() >= maxBytes) {
                    if (stopping.getAsBoolean()) {
                        return false;
                    }
                    execute(st, sql, fileName, lineNo, statementSeconds);
                    sql.setLength(0);
                    sql.append(head);
                    inStatement = 0;
                }
            }
        }
        if (inStatement > 0) {
            execute(st, sql, fileName, lineNo, statementSeconds);
        }
        return true;
    }

    private static void execute(Statement st, StringBuilder sql, String fileName, int lineNo, DoubleConsumer seconds) {
        try {
            long t0 = System.nanoTime();
            st.execute(sql.toString());
            seconds.accept((System.nanoTime() - t0) / 1e9);
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_FILE.wrap(e, fileName + " (rows up to line " + lineNo + ")");
        }
    }

    /** Appends the SQL literal of a field; false when a hex column's field is not hex. */
    static boolean appendLiteral(StringBuilder sb, String value, boolean hex) {
        if (value == null) {
            sb.append("NULL");
        } else if (hex) {
            if (value.isEmpty()) {
                sb.append("''");
                return true;
            }
            for (int i = 0; i < value.length(); i++) {
                if (Character.digit(value.charAt(i), 16) < 0) {
                    return false;
                }
            }
            sb.append("0x").append(value);
        } else {
            sb.append('\'');
            DataFileFormat.appendEscaped(sb, value);
            sb.append('\'');
        }
        return true;
    }
}
