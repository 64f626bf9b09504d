package io.sluice.common.errors;

import static io.sluice.common.errors.ErrorClass.CONFIG;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorScope.INTERNAL;

/** TLS settings that cannot be used: found at start-up, before any connection is made. */
public final class TlsErrors {
    private TlsErrors() {
    }

    public static final ErrorCode INVALID_TLS_CONFIG = ErrorCode.define(20120, CONFIG, INTERNAL, HIGH,
            "invalid TLS setting: %s",
            "Please give ssl-ca, ssl-cert and ssl-key as readable PEM files (the key in PKCS#8, as `openssl genpkey` writes it).");
    public static final ErrorCode CERT_CN_NOT_ALLOWED = ErrorCode.define(20121, CONFIG, INTERNAL, HIGH,
            "client certificate CN '%s' is not in cert-allowed-cn %s",
            "Please call with a certificate whose Common Name is listed in the server's cert-allowed-cn.");
}
