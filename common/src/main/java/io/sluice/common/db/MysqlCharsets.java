package io.sluice.common.db;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The Java charset that decodes a MySQL character set's bytes, as the binlog carries them. One
 * table for the sync's decoder and the precheck that refuses tables it cannot decode, so the two
 * never disagree.
 */
public final class MysqlCharsets {
    private MysqlCharsets() {
    }

    /** Empty when Java has no decoder for it (the sync would then read the text as UTF-8). */
    public static Optional<Charset> decoder(String mysqlCharset) {
        String cs = mysqlCharset == null ? "" : mysqlCharset.toLowerCase(Locale.ROOT);
        return switch (cs) {
            // binary columns reach the decoder only as text in a utf8 context
            case "", "utf8", "utf8mb3", "utf8mb4", "binary" -> Optional.of(StandardCharsets.UTF_8);
            case "latin1" -> Optional.of(Charset.forName("windows-1252"));
            case "ascii" -> Optional.of(StandardCharsets.US_ASCII);
            case "ucs2", "utf16" -> Optional.of(StandardCharsets.UTF_16BE);
            case "utf16le" -> Optional.of(StandardCharsets.UTF_16LE);
            case "utf32" -> Optional.of(Charset.forName("UTF-32"));
            case "gbk" -> Optional.of(Charset.forName("GBK"));
            case "gb2312" -> Optional.of(Charset.forName("GB2312"));
            case "big5" -> Optional.of(Charset.forName("Big5"));
            case "sjis", "cp932" -> Optional.of(Charset.forName("Shift_JIS"));
            default -> {
                try {
                    yield Optional.of(Charset.forName(cs));
                } catch (RuntimeException e) {
                    yield Optional.empty();
                }
            }
        };
    }
}
