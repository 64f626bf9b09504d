package io.sluice.worker.dump;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Encodes a result-set row as the SQL tuple {@code (v1,v2,...)} of an INSERT. Binary-ish
 * columns travel as {@code 0x} hex of their exact bytes, so no charset conversion touches
 * them; everything else is the server's own text form, quoted and backslash-escaped the way
 * mydumper does, so the target parses back the same value.
 */
final class RowEncoder {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final boolean[] binary;
    private final StringBuilder sb = new StringBuilder(256);

    RowEncoder(List<SourceTable.Column> columns) {
        binary = new boolean[columns.size()];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = columns.get(i).binary();
        }
    }

    byte[] encode(ResultSet rs) throws SQLException {
        sb.setLength(0);
        sb.append('(');
        for (int i = 0; i < binary.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (binary[i]) {
                appendHex(rs.getBytes(i + 1));
            } else {
                appendQuoted(rs.getString(i + 1));
            }
        }
        sb.append(')');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void appendHex(byte[] b) {
        if (b == null) {
            sb.append("NULL");
        } else if (b.length == 0) {
            sb.append("''");
        } else {
            sb.append("0x");
            for (byte x : b) {
                sb.append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
            }
        }
    }

    private void appendQuoted(String s) {
        if (s == null) {
            sb.append("NULL");
            return;
        }
        sb.append('\'');
        appendEscaped(sb, s);
        sb.append('\'');
    }

    /** Backslash escapes as mydumper writes them: \\ ' " newline, carriage return, NUL and ^Z. */
    static void appendEscaped(StringBuilder sb, String s) {
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
}
