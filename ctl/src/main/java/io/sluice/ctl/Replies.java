package io.sluice.ctl;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * Renders what sluicectl prints: master replies as JSON with DM's field names and dmctl's 4-space
 * indentation, and local failures in the same {@code {"result": false, "msg": ...}} envelope, so
 * scripts written against dmctl parse both the same way.
 */
public final class Replies {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .preservingProtoFieldNames()
            .includingDefaultValueFields();

    private Replies() {
    }

    public static String json(MessageOrBuilder reply) {
        try {
            return fourSpaceIndent(unescapeHtmlSafe(PRINTER.print(reply)));
        } catch (InvalidProtocolBufferException e) {
            // only happens for Any fields with unknown types, which the Master API does not use
            throw CtlErrors.UNEXPECTED.wrap(e);
        }
    }

    /**
     * JsonFormat escapes = < > & ' as \\u00XX for HTML safety; dmctl prints them as they are
     * (users grep for {@code code=38032}), and the JSON means the same either way.
     */
    static String unescapeHtmlSafe(String json) {
        return json.replace("\\u003d", "=").replace("\\u003c", "<").replace("\\u003e", ">")
                .replace("\\u0026", "&").replace("\\u0027", "'");
    }

    public static String error(String msg) {
        return envelope(false, msg);
    }

    public static String envelope(boolean result, String msg) {
        return "{\n    \"result\": " + result + ",\n    \"msg\": \"" + escape(msg) + "\"\n}";
    }

    /**
     * JsonFormat indents by two spaces. JSON strings never contain raw newlines (they are escaped),
     * so every line's leading blanks are indentation and doubling them gives dmctl's layout.
     */
    static String fourSpaceIndent(String twoSpaced) {
        StringBuilder sb = new StringBuilder(twoSpaced.length() + 256);
        for (String line : twoSpaced.split("\n", -1)) {
            int n = 0;
            while (n < line.length() && line.charAt(n) == ' ') {
                n++;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(" ".repeat(n * 2)).append(line, n, line.length());
        }
        return sb.toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
