package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.common.config.DbConfig;

/**
 * The OpenAPI's {@code security} of a source or target: the TLS material inline
 * ({@code ssl_*_content}, DM's {@code ssl-*-bytes} in the file) and {@code cert_allowed_cn}.
 * Shown back, the contents are empty: the key is a secret and none of it is echoed.
 */
final class SecurityObject {
    private SecurityObject() {
    }

    /** Adds {@code security:} to a file's database section when the body gives any. */
    static void toYaml(JsonBody security, ObjectNode db) {
        String ca = security.text("ssl_ca_content", "");
        String cert = security.text("ssl_cert_content", "");
        String key = security.text("ssl_key_content", "");
        var allowed = security.texts("cert_allowed_cn");
        if (ca.isEmpty() && cert.isEmpty() && key.isEmpty() && allowed.isEmpty()) {
            return;
        }
        if (ca.isEmpty()) {
            throw OpenApiErrors.COMMON.error(security.at("ssl_ca_content") + " is required when TLS is asked for: the server's certificate is checked against it");
        }
        if (cert.isEmpty() != key.isEmpty()) {
            throw OpenApiErrors.COMMON.error(security.at("ssl_cert_content") + " and ssl_key_content go together; only one is given");
        }
        ObjectNode s = db.putObject("security");
        s.put("ssl-ca-bytes", ca);
        if (!cert.isEmpty()) {
            s.put("ssl-cert-bytes", cert);
            s.put("ssl-key-bytes", key);
        }
        if (!allowed.isEmpty()) {
            ArrayNode cn = s.putArray("cert-allowed-cn");
            allowed.forEach(cn::add);
        }
    }

    static void show(DbConfig.Security s, ObjectNode db) {
        if (s == null) {
            db.putNull("security");
            return;
        }
        ObjectNode sec = db.putObject("security");
        sec.put("ssl_ca_content", "");
        sec.put("ssl_cert_content", "");
        sec.put("ssl_key_content", "");
        ArrayNode cn = sec.putArray("cert_allowed_cn");
        s.certAllowedCn.forEach(cn::add);
    }
}
