package io.sluice.worker.dump;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a result-set row as one line of a data file ({@link DataFileFormat}). Binary columns
 * travel as hex of their exact bytes, so no charset conversion touches them; everything else is
 * the server's own text form, escaped, so the target reads back the same value. The line is
 * built straight into a reused byte buffer: this is the dump's innermost loop. Character columns
 * are escaped from the driver's UTF-8 bytes as they came off the wire (the session's result
 * charset is utf8mb4), which skips a decode into a String and an encode back per value; UTF-8
 * never puts an escaped ASCII byte inside a multi-byte character, so byte-wise escaping is exact.
 */
final class RowEncoder {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** For each byte, the letter that follows the backslash of its escape; 0 for a byte written as it is. */
    private static final byte[] ESCAPES = new byte[256];

    static {
        ESCAPES['\\'] = '\\';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES[0] = '0';
    }

    private final boolean[] binary;
    private boolean[] characters;
    private byte[] buf = new byte[1024];
    private int len;

    RowEncoder(List<SourceTable.Column> columns) {
        binary = new boolean[columns.size()];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = columns.get(i).binary();
        }
    }

    /** Encodes the row, newline included, into {@link #line()} (valid until the next call); returns its length. */
    int encode(ResultSet rs) throws SQLException {
        if (characters == null) {
            characters = characterColumns(rs.getMetaData());
        }
        len = 0;
        for (int i = 0; i < binary.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            if (binary[i]) {
                appendHex(rs.getBytes(i + 1));
            } else if (characters[i]) {
                appendTextBytes(rs.getBytes(i + 1));
            } else {
                appendText(rs.getString(i + 1));
            }
        }
        put((byte) '\n');
        return len;
    }

    /** The buffer {@link #encode} filled. */
    byte[] line() {
        return buf;
    }

    /** Columns the driver hands over as character bytes (numbers and temporals only go through getString). */
    private boolean[] characterColumns(ResultSetMetaData md) throws SQLException {
        boolean[] out = new boolean[binary.length];
        for (int i = 0; i < out.length; i++) {
            int type = md.getColumnType(i + 1);
            out[i] = !binary[i] && (type == Types.CHAR || type == Types.VARCHAR || type == Types.LONGVARCHAR);
        }
        return out;
    }

    /**
     * UTF-8 bytes of a value with LOAD DATA's escapes, as {@link #appendText} writes them. Runs of
     * bytes that need no escape (nearly all of them) are copied whole.
     */
    private void appendTextBytes(byte[] b) {
        if (b == null) {
            appendNull();
            return;
        }
        ensure(b.length * 2);
        int run = 0;
        for (int i = 0; i < b.length; i++) {
            byte escaped = ESCAPES[b[i] & 0xFF];
            if (escaped != 0) {
                System.arraycopy(b, run, buf, len, i - run);
                len += i - run;
                buf[len++] = '\\';
                buf[len++] = escaped;
                run = i + 1;
            }
        }
        System.arraycopy(b, run, buf, len, b.length - run);
        len += b.length - run;
    }

    private void appendHex(byte[] b) {
        if (b == null) {
            appendNull();
            return;
        }
        ensure(b.length * 2);
        for (byte x : b) {
            buf[len++] = HEX[(x >> 4) & 0xF];
            buf[len++] = HEX[x & 0xF];
        }
    }

    private void appendNull() {
        put((byte) '\\');
        put((byte) 'N');
    }

    /** UTF-8 of the value with LOAD DATA's escapes for backslash, tab, newline, carriage return and NUL. */
    private void appendText(String s) {
        if (s == null) {
            appendNull();
            return;
        }
        ensure(s.length() * 4);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                switch (ch) {
                    case '\\' -> escape('\\');
                    case '\t' -> escape('t');
                    case '\n' -> escape('n');
                    case '\r' -> escape('r');
                    case '\0' -> escape('0');
                    default -> buf[len++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                buf[len++] = (byte) (0xC0 | (ch >> 6));
                buf[len++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buf[len++] = (byte) (0xE0 | (ch >> 12));
                buf[len++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
    }

    private void escape(char c) {
        buf[len++] = '\\';
        buf[len++] = (byte) c;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    /** Room for {@code more} bytes; escapes at most double an ASCII char, so callers reserve 4 per char. */
    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
