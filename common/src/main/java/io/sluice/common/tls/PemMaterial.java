package io.sluice.common.tls;

import io.sluice.common.errors.TlsErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * DM's TLS material is PEM; the JDK's TLS wants key stores. This turns a CA, a certificate chain
 * and a PKCS#8 key (files or inline text) into them, with one clear error for material that is
 * not what it should be.
 */
public final class PemMaterial {
    private PemMaterial() {
    }

    /** The certificates of PEM material (a CA, or a certificate chain). */
    public static List<Certificate> certificates(Pem pem) {
        try (InputStream in = new ByteArrayInputStream(pem.text().getBytes(StandardCharsets.US_ASCII))) {
            List<Certificate> certs = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw TlsErrors.INVALID_TLS_CONFIG.error(pem + " holds no PEM certificate");
            }
            return certs;
        } catch (IOException | GeneralSecurityException e) {
            throw TlsErrors.INVALID_TLS_CONFIG.wrap(e, "cannot read the certificates of " + pem);
        }
    }

    /** The private key of PEM material in PKCS#8 ("BEGIN PRIVATE KEY"), RSA, EC or Ed25519. */
    public static PrivateKey privateKey(Pem pem) {
        String text = pem.text();
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw TlsErrors.INVALID_TLS_CONFIG.error(pem + " is not a PKCS#8 PEM key (convert it with `openssl pkcs8 -topk8 -nocrypt`)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw TlsErrors.INVALID_TLS_CONFIG.error(pem + " holds a key of an algorithm other than RSA, EC or Ed25519");
    }

    /** A PKCS#12 store of the certificate chain and its key under {@code password}. */
    public static KeyStore keyStore(Pem cert, Pem key, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", privateKey(key), password, certificates(cert).toArray(Certificate[]::new));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw TlsErrors.INVALID_TLS_CONFIG.wrap(e, "cannot combine " + cert + " and " + key);
        }
    }

    /** A TLS context that trusts the files' CA (or any server when blank) and shows the certificate, if given. */
    public static SSLContext sslContext(String caFile, String certFile, String keyFile) {
        return sslContext(caFile.isBlank() ? null : Pem.file(caFile), certFile.isBlank() ? null : Pem.file(certFile),
                keyFile.isBlank() ? null : Pem.file(keyFile));
    }

    /** A TLS context that trusts {@code ca} (or any server when null) and shows {@code cert}, if not null. */
    public static SSLContext sslContext(Pem ca, Pem cert, Pem key) {
        try {
            TrustManagerFactory tmf = null;
            if (ca != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(ca)) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (cert != null) {
                char[] pw = new char[0];
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore(cert, key, pw), pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw TlsErrors.INVALID_TLS_CONFIG.wrap(e, "cannot build a TLS context from " + ca + ", " + cert);
        }
    }
}
