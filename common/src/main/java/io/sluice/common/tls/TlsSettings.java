package io.sluice.common.tls;

import io.sluice.common.errors.TlsErrors;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * DM's {@code ssl-ca}, {@code ssl-cert}, {@code ssl-key} and {@code cert-allowed-cn} for one
 * process. TLS is on when {@code ssl-ca} is set (as in DM); the same certificate then serves
 * this process's port and identifies it when it calls other components, so every link is
 * mutual TLS.
 */
public record TlsSettings(String sslCa, String sslCert, String sslKey, List<String> certAllowedCn) {
    public static final TlsSettings NONE = new TlsSettings("", "", "", List.of());

    public TlsSettings {
        sslCa = sslCa == null ? "" : sslCa.trim();
        sslCert = sslCert == null ? "" : sslCert.trim();
        sslKey = sslKey == null ? "" : sslKey.trim();
        certAllowedCn = certAllowedCn == null ? List.of()
                : certAllowedCn.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean enabled() {
        return !sslCa.isEmpty();
    }

    public boolean hasCertificate() {
        return !sslCert.isEmpty();
    }

    /**
     * Checks the files before anything listens or dials, so a typo is one clear error at start-up
     * instead of a handshake failure on every connection later.
     *
     * @param needCertificate a server needs its own certificate; a client may go without one
     */
    public TlsSettings validated(boolean needCertificate) {
        if (!enabled()) {
            if (!sslCert.isEmpty() || !sslKey.isEmpty() || !certAllowedCn.isEmpty()) {
                throw TlsErrors.INVALID_TLS_CONFIG.error("ssl-cert, ssl-key and cert-allowed-cn need ssl-ca as well");
            }
            return this;
        }
        if (sslCert.isEmpty() != sslKey.isEmpty()) {
            throw TlsErrors.INVALID_TLS_CONFIG.error("ssl-cert and ssl-key go together; only one is set");
        }
        if (needCertificate && sslCert.isEmpty()) {
            throw TlsErrors.INVALID_TLS_CONFIG.error("ssl-ca is set, so ssl-cert and ssl-key are needed to serve TLS");
        }
        for (String f : List.of(sslCa, sslCert, sslKey)) {
            if (!f.isEmpty() && !Files.isReadable(Path.of(f))) {
                throw TlsErrors.INVALID_TLS_CONFIG.error("cannot read " + f);
            }
        }
        return this;
    }

    /** "https" or "http": the scheme every address of this cluster is reached with. */
    public String scheme() {
        return enabled() ? "https" : "http";
    }

    /** {@code host:port} (or any URL of it) as a URL of this process's scheme. */
    public String url(String address) {
        String hostPort = address.contains("://") ? address.substring(address.indexOf("://") + 3) : address;
        while (hostPort.endsWith("/")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1);
        }
        return scheme() + "://" + hostPort;
    }

    File caFile() {
        return new File(sslCa);
    }

    File certFile() {
        return new File(sslCert);
    }

    File keyFile() {
        return new File(sslKey);
    }

    @Override
    public String toString() {
        return enabled() ? "tls(ca=" + sslCa + ", cert=" + sslCert + ", allowed_cn=" + certAllowedCn + ")" : "plain";
    }
}
