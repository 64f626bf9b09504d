package io.sluice.common.tls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.sluice.common.errors.TlsErrors;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DM's {@code cert-allowed-cn}: a caller whose certificate (already verified against ssl-ca by
 * the handshake) has a Common Name outside the list is refused with a reply that says why — a
 * gRPC PERMISSION_DENIED status for gRPC callers, a 403 with DM's error body for HTTP ones.
 * An empty list allows every certificate the CA signed.
 */
final class AllowedCommonNames {
    private static final Logger LOG = LoggerFactory.getLogger(AllowedCommonNames.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> allowed;

    AllowedCommonNames(List<String> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (allowed.isEmpty()) {
            return delegate.serve(ctx, req);
        }
        String cn = commonName(ctx.sslSession());
        if (allowed.contains(cn)) {
            return delegate.serve(ctx, req);
        }
        String why = TlsErrors.CERT_CN_NOT_ALLOWED.error(cn, allowed).getMessage();
        // header values cannot carry the line break before the workaround
        String oneLine = why.replace('\n', ' ');
        LOG.warn("event=tls_caller_refused remote={} cn={} path={}", ctx.remoteAddress(), cn, ctx.path());
        MediaType type = req.contentType();
        if (type != null && type.subtype().startsWith("grpc")) {
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(type)
                    .add("grpc-status", "7").add("grpc-message", oneLine).build());
        }
        ObjectNode body = JSON.createObjectNode().put("error_msg", why).put("error_code", TlsErrors.CERT_CN_NOT_ALLOWED.code());
        return HttpResponse.of(HttpStatus.FORBIDDEN, MediaType.JSON_UTF_8, body.toString());
    }

    static String commonName(SSLSession session) {
        if (session == null) {
            return "";
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) {
                return "";
            }
            for (Rdn rdn : new LdapName(x.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return "";
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return "";
        }
    }
}
