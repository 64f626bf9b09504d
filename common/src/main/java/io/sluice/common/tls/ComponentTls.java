package io.sluice.common.tls;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import io.netty.handler.ssl.ClientAuth;

/**
 * The TLS of this process's links to other Sluice components (master client port, worker port,
 * and every call between them and from sluicectl). Installed once by the process's main before
 * it listens or dials; every server and client builder asks it for its scheme and TLS set-up, so
 * no link can be left in plain text by accident.
 */
public final class ComponentTls {
    private static volatile TlsSettings settings = TlsSettings.NONE;
    private static volatile ClientFactory sharedFactory;

    private ComponentTls() {
    }

    public static synchronized void install(TlsSettings s) {
        settings = s;
        ClientFactory old = sharedFactory;
        sharedFactory = null;
        if (old != null) {
            old.closeAsync();
        }
    }

    public static TlsSettings settings() {
        return settings;
    }

    /** {@code host:port} as an http or https URL. */
    public static String url(String address) {
        return settings.url(address);
    }

    /** {@code host:port} as a gRPC (protobuf) URL for Armeria's GrpcClients. */
    public static String grpcUrl(String address) {
        return grpcUrl(settings, address);
    }

    public static String grpcUrl(TlsSettings s, String address) {
        return "gproto+" + s.url(address) + "/";
    }

    /** Listens on {@code port}: HTTPS with client certificates required and CNs checked, or plain HTTP. */
    public static ServerBuilder serve(ServerBuilder sb, int port) {
        TlsSettings s = settings;
        if (!s.enabled()) {
            return sb.http(port);
        }
        return sb.https(port)
                .tls(s.certFile(), s.keyFile())
                .tlsCustomizer(b -> b.trustManager(s.caFile()).clientAuth(ClientAuth.REQUIRE))
                .decorator(new AllowedCommonNames(s.certAllowedCn())::serve);
    }

    /** Adds this process's CA and certificate to a client factory being built. */
    public static ClientFactoryBuilder configure(ClientFactoryBuilder b) {
        return configure(b, settings);
    }

    /** A client factory of its own for {@code s}: for a client such as sluicectl that may run several times in one JVM. */
    public static ClientFactory clientFactory(TlsSettings s) {
        return configure(ClientFactory.builder(), s).build();
    }

    static ClientFactoryBuilder configure(ClientFactoryBuilder b, TlsSettings s) {
        if (!s.enabled()) {
            return b;
        }
        return b.tlsCustomizer(ssl -> {
            ssl.trustManager(s.caFile());
            if (s.hasCertificate()) {
                ssl.keyManager(s.certFile(), s.keyFile());
            }
        });
    }

    /** One client factory for the process's ordinary calls (its connections are pooled and reused). */
    public static ClientFactory clientFactory() {
        ClientFactory f = sharedFactory;
        if (f == null) {
            synchronized (ComponentTls.class) {
                if (sharedFactory == null) {
                    sharedFactory = settings.enabled() ? configure(ClientFactory.builder()).build() : ClientFactory.ofDefault();
                }
                f = sharedFactory;
            }
        }
        return f;
    }
}
