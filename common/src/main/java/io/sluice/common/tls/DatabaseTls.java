package io.sluice.common.tls;

import io.sluice.common.config.DbConfig;
import io.sluice.common.config.PasswordCipher;
import io.sluice.common.errors.TlsErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A source's or target's {@code security} as the MariaDB driver's properties (for dump, load,
 * sync, prechecks and checkpoints, which all connect through {@link io.sluice.common.db.DbConnector})
 * and as a TLS context (for the binlog connection). As in DM, TLS is on when a CA is given, and
 * the server's certificate must then be signed by it; a certificate and key add a client
 * certificate (for users created {@code REQUIRE X509}). Each piece is the inline
 * {@code ssl-*-bytes} when set, else the file at {@code ssl-*}.
 */
public final class DatabaseTls {
    /** The driver reads a client certificate only from a key store file: one per (cert, key), made once per process. */
    private static final Map<String, KeyStoreFile> KEY_STORES = new ConcurrentHashMap<>();
    private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

    private DatabaseTls() {
    }

    public static boolean enabled(DbConfig.Security s) {
        return s != null && (!blank(s.sslCa) || !blank(s.sslCaBytes));
    }

    /** Driver properties for {@code cfg}; empty when it has no TLS. */
    public static Properties jdbcProperties(DbConfig cfg) {
        Properties p = new Properties();
        if (!enabled(cfg.security)) {
            return p;
        }
        Material m = Material.of(cfg.security);
        p.setProperty("sslMode", "verify-ca");
        p.setProperty("serverSslCert", m.ca.text()); // the driver takes PEM text that starts with "-----" as the certificate itself
        if (m.cert != null) {
            KeyStoreFile ks = KEY_STORES.computeIfAbsent(m.cert.text() + "\n" + m.key.text(), k -> KeyStoreFile.write(m.cert, m.key));
            p.setProperty("keyStore", ks.path.toString());
            p.setProperty("keyStorePassword", ks.password);
            p.setProperty("keyStoreType", "PKCS12");
        }
        return p;
    }

    /** The TLS context for the binlog connection of {@code cfg}; null when it has no TLS. */
    public static SSLContext sslContext(DbConfig cfg) {
        if (!enabled(cfg.security)) {
            return null;
        }
        Material m = Material.of(cfg.security);
        return CONTEXTS.computeIfAbsent(m.ca.text() + "\n" + (m.cert == null ? "" : m.cert.text() + "\n" + m.key.text()),
                k -> PemMaterial.sslContext(m.ca, m.cert, m.key));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The CA, and the client certificate and key or neither, read once per connection set-up. */
    private record Material(Pem ca, Pem cert, Pem key) {
        static Material of(DbConfig.Security s) {
            Pem ca = piece(s.sslCaBytes, "ssl-ca-bytes", s.sslCa);
            Pem cert = piece(s.sslCertBytes, "ssl-cert-bytes", s.sslCert);
            Pem key = piece(PasswordCipher.plain(s.sslKeyBytes), "ssl-key-bytes", s.sslKey);
            if ((cert == null) != (key == null)) {
                throw TlsErrors.INVALID_TLS_CONFIG.error("security: a client certificate and its key go together; only one is set");
            }
            return new Material(ca, cert, key);
        }

        private static Pem piece(String inline, String label, String file) {
            if (!blank(inline)) {
                return Pem.inline(label, inline);
            }
            if (blank(file)) {
                return null;
            }
            if (!Files.isReadable(Path.of(file))) {
                throw TlsErrors.INVALID_TLS_CONFIG.error("cannot read " + file
                        + " (a TLS file must exist at that path on every master and worker, or be sent by sluicectl as " + label + ")");
            }
            return Pem.file(file);
        }
    }

    private record KeyStoreFile(Path path, String password) {
        static KeyStoreFile write(Pem cert, Pem key) {
            byte[] pw = new byte[16];
            new SecureRandom().nextBytes(pw);
            String password = HexFormat.of().formatHex(pw);
            try {
                Path path = Files.createTempFile("sluice-db-client-", ".p12",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                path.toFile().deleteOnExit();
                try (OutputStream out = Files.newOutputStream(path)) {
                    PemMaterial.keyStore(cert, key, password.toCharArray()).store(out, password.toCharArray());
                }
                return new KeyStoreFile(path, password);
            } catch (IOException | GeneralSecurityException e) {
                throw TlsErrors.INVALID_TLS_CONFIG.wrap(e, "cannot write a key store for " + cert);
            }
        }
    }
}
