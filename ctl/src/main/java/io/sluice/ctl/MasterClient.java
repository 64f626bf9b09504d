package io.sluice.ctl;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.sluice.common.tls.ComponentTls;
import io.sluice.common.tls.TlsSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.proto.MasterGrpc;
import io.sluice.proto.PasswordSecretGrpc;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Master API as sluicectl sees it: one logical endpoint behind several addresses. Each call
 * tries the addresses in the given order and moves on only when a master cannot be reached;
 * once a master answers, its answer (or its error) is final, because a request that reached a
 * master may already have taken effect and must not be replayed on another one.
 */
public final class MasterClient {
    private final List<String> addresses;
    private final Duration rpcTimeout;
    private final TlsSettings tls;
    private ClientFactory factory;

    public MasterClient(List<String> addresses, Duration rpcTimeout) {
        this(addresses, rpcTimeout, TlsSettings.NONE);
    }

    public MasterClient(List<String> addresses, Duration rpcTimeout, TlsSettings tls) {
        this.tls = tls;
        if (addresses.isEmpty()) {
            throw CtlErrors.INVALID_ARGS.error("--master-addr is not set (give it on the command line, in --config, or in DM_MASTER_ADDR)");
        }
        this.addresses = List.copyOf(addresses);
        this.rpcTimeout = rpcTimeout;
    }

    public List<String> addresses() {
        return addresses;
    }

    /** Runs {@code rpc} against the first reachable master. {@code method} names the RPC in errors. */
    public <T> T call(String method, Function<MasterGrpc.MasterBlockingStub, T> rpc) {
        return call(method, addr -> stub(addr, MasterGrpc.MasterBlockingStub.class), rpc);
    }

    /** Like {@link #call}, on the masters' password service (encrypt, decrypt, rotate). */
    public <T> T callPasswordSecret(String method, Function<PasswordSecretGrpc.PasswordSecretBlockingStub, T> rpc) {
        return call(method, addr -> stub(addr, PasswordSecretGrpc.PasswordSecretBlockingStub.class), rpc);
    }

    private <S, T> T call(String method, Function<String, S> stubOf, Function<S, T> rpc) {
        List<String> failures = new ArrayList<>();
        RuntimeException last = null;
        for (String addr : addresses) {
            try {
                return rpc.apply(stubOf.apply(addr));
            } catch (StatusRuntimeException e) {
                String refusal = tlsRefusal(e);
                if (refusal != null) {
                    throw CtlErrors.TLS_REFUSED.wrap(e, addr, refusal);
                }
                if (isUnreachable(e)) {
                    failures.add(addr);
                    last = e;
                    continue;
                }
                if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    throw CtlErrors.RPC_TIMEOUT.wrap(e, addr, method, rpcTimeout);
                }
                throw CtlErrors.RPC_FAILED.wrap(e, addr, method);
            } catch (RuntimeException e) {
                String refusal = tlsRefusal(e);
                if (refusal != null) {
                    throw CtlErrors.TLS_REFUSED.wrap(e, addr, refusal);
                }
                if (hasConnectFailure(e)) {
                    failures.add(addr);
                    last = e;
                    continue;
                }
                throw CtlErrors.RPC_FAILED.wrap(e, addr, method);
            }
        }
        throw CtlErrors.CANNOT_CONNECT.wrap(last, failures);
    }

    private <S> S stub(String addr, Class<S> type) {
        if (factory == null) {
            factory = tls.enabled() ? ComponentTls.clientFactory(tls) : ClientFactory.ofDefault();
        }
        return GrpcClients.builder(ComponentTls.grpcUrl(tls, addr)).factory(factory)
                .responseTimeout(rpcTimeout)
                .build(type);
    }

    /**
     * Why the master turned this client away at the TLS layer, or null: a CN outside its
     * cert-allowed-cn (PERMISSION_DENIED with the reason), or a handshake it failed (no client
     * certificate, or one its CA did not sign).
     */
    private static String tlsRefusal(RuntimeException e) {
        if (e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
            return s.getStatus().getDescription();
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS handshake failed (" + t.getMessage() + ")";
            }
        }
        return null;
    }

    /** UNAVAILABLE is how gRPC reports "nobody listening"; the cause chain tells refusals apart. */
    private static boolean isUnreachable(StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.UNAVAILABLE || hasConnectFailure(e);
    }

    private static boolean hasConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnprocessedRequestException) {
                return true;
            }
        }
        return false;
    }

    /** Splits {@code host:port[,host:port…]}, tolerating blanks and an {@code http://} prefix. */
    public static List<String> parseAddresses(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            String a = part.trim();
            if (a.contains("://")) {
                a = a.substring(a.indexOf("://") + 3);
            }
            while (a.endsWith("/")) {
                a = a.substring(0, a.length() - 1);
            }
            if (!a.isEmpty()) {
                out.add(a);
            }
        }
        return out;
    }
}
