package io.sluice.common.tls;

import io.sluice.common.config.DbConfig;
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
 * A source's or target's {@code security: {ssl-ca, ssl-cert, ssl-key}} as the MariaDB driver's
 * properties (for dump, load, sync, prechecks and checkpoints, which all connect through
 * {@link io.sluice.common.db.DbConnector}) and as a TLS context (for the binlog connection).
 * As in DM, TLS is on when ssl-ca is set, and the server's certificate must then be signed by
 * that CA; ssl-cert and ssl-key add a client certificate (for users created {@code REQUIRE X509}).
 */
public final class DatabaseTls {
    /** The driver reads a client certificate only from a key store file: one per (cert, key), made once per process. */
    private static final Map<String, KeyStoreFile> KEY_STORES = new ConcurrentHashMap<>();
    private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

    private DatabaseTls() {
    }

    public static boolean enabled(DbConfig.Security s) {
        return s != null && !blank(s.sslCa);
    }

    /** Driver properties for {@code cfg}; empty when it has no TLS. */
    public static Properties jdbcProperties(DbConfig cfg) {
        Properties p = new Properties();
        DbConfig.Security s = cfg.security;
        if (!enabled(s)) {
            return p;
        }
        check(s);
        p.setProperty("sslMode", "verify-ca");
        p.setProperty("serverSslCert", s.sslCa);
        if (!blank(s.sslCert)) {
            KeyStoreFile ks = KEY_STORES.computeIfAbsent(s.sslCert + "\n" + s.sslKey, k -> KeyStoreFile.write(s.sslCert, s.sslKey));
            p.setProperty("keyStore", ks.path.toString());
            p.setProperty("keyStorePassword", ks.password);
            p.setProperty("keyStoreType", "PKCS12");
        }
        return p;
    }

    /** The TLS context for the binlog connection of {@code cfg}; null when it has no TLS. */
    public static SSLContext sslContext(DbConfig cfg) {
        DbConfig.Security s = cfg.security;
        if (!enabled(s)) {
            return null;
        }
        check(s);
        return CONTEXTS.computeIfAbsent(s.sslCa + "\n" + s.sslCert + "\n" + s.sslKey,
                k -> PemMaterial.sslContext(s.sslCa, s.sslCert, s.sslKey));
    }

    private static void check(DbConfig.Security s) {
        if (blank(s.sslCert) != blank(s.sslKey)) {
            throw TlsErrors.INVALID_TLS_CONFIG.error("security.ssl-cert and security.ssl-key go together; only one is set");
        }
        for (String f : new String[] {s.sslCa, s.sslCert, s.sslKey}) {
            if (!blank(f) && !Files.isReadable(Path.of(f))) {
                throw TlsErrors.INVALID_TLS_CONFIG.error("cannot read " + f + " (TLS files must exist at the same path on every master and worker)");
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private record KeyStoreFile(Path path, String password) {
        static KeyStoreFile write(String certFile, String keyFile) {
            byte[] pw = new byte[16];
            new SecureRandom().nextBytes(pw);
            String password = HexFormat.of().formatHex(pw);
            try {
                Path path = Files.createTempFile("sluice-db-client-", ".p12",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                path.toFile().deleteOnExit();
                try (OutputStream out = Files.newOutputStream(path)) {
                    PemMaterial.keyStore(certFile, keyFile, password.toCharArray()).store(out, password.toCharArray());
                }
                return new KeyStoreFile(path, password);
            } catch (IOException | GeneralSecurityException e) {
                throw TlsErrors.INVALID_TLS_CONFIG.wrap(e, "cannot write a key store for " + certFile);
            }
        }
    }
}
