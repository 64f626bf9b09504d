package io.sluice.worker.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * The text format of a data file's rows, which is LOAD DATA's default one: one row per line,
 * fields separated by a tab, {@code \N} for NULL, and backslash escapes for the bytes that would
 * break a line or a field. A field is never enclosed in quotes, so the word NULL, an empty string
 * and NULL stay three different values. Binary columns are written as hex (see
 * {@link SourceTable#loadDataClauses()}), so every file is valid UTF-8.
 */
public final class DataFileFormat {
    /** The LOAD DATA clauses that read this format. */
    public static final String CLAUSES =
            "CHARACTER SET 'utf8mb4' FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'";
    /** A data file's rows live next to its statement file under this suffix instead of {@code .sql}. */
    public static final String ROWS_SUFFIX = ".dat";

    private DataFileFormat() {
    }

    /**
     * Splits one line into its field values, undoing the escapes; a NULL field is {@code null}.
     * The loader uses it when the target does not allow LOAD DATA LOCAL and rows go as INSERTs.
     */
    public static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean nullField = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\t') {
                out.add(nullField ? null : sb.toString());
                sb.setLength(0);
                nullField = false;
            } else if (ch == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                switch (next) {
                    case 'N' -> nullField = sb.isEmpty();
                    case 't' -> sb.append('\t');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case '0' -> sb.append('\0');
                    case 'Z' -> sb.append('\u001a');
                    case 'b' -> sb.append('\b');
                    default -> sb.append(next);
                }
            } else {
                sb.append(ch);
            }
        }
        out.add(nullField ? null : sb.toString());
        return out;
    }

    /**
     * Backslash escapes inside a quoted SQL string literal, as mydumper writes them: for the
     * rows a loader sends as INSERTs, and for the string key bounds of chunks.
     */
    public static void appendEscaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\0' -> sb.append("\\0");
                case '\u001a' -> sb.append("\\Z");
                default -> sb.append(ch);
            }
        }
    }

    /** A SQL string literal of {@code s}, for file names inside statements. */
    public static String sqlString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** The rows file of a statement file {@code db.tbl.000000001.sql}. */
    public static String rowsFileOf(String statementFile) {
        String base = statementFile.endsWith(".sql") ? statementFile.substring(0, statementFile.length() - 4) : statementFile;
        return base + ROWS_SUFFIX;
    }
}
