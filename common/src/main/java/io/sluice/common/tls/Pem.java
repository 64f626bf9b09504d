package io.sluice.common.tls;

import io.sluice.common.errors.TlsErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One piece of PEM material: read from a file, or given inline (DM's {@code ssl-*-bytes}, the
 * OpenAPI's {@code ssl_*_content}). {@code label} names it in errors; the text itself never
 * appears in a message.
 */
public record Pem(String label, String text) {
    public static Pem file(String path) {
        try {
            return new Pem(path, Files.readString(Path.of(path)));
        } catch (IOException e) {
            throw TlsErrors.INVALID_TLS_CONFIG.wrap(e, "cannot read " + path);
        }
    }

    public static Pem inline(String label, String text) {
        return new Pem(label, text);
    }

    @Override
    public String toString() {
        return label;
    }
}
