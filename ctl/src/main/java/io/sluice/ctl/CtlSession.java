package io.sluice.ctl;

import io.sluice.common.config.ConfigDuration;
import io.sluice.common.tls.TlsSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything one sluicectl invocation needs beyond its own arguments: where to print, the merged
 * global options, and (lazily, so offline commands never need a master) the master client.
 * Precedence for settings follows dmctl: command-line flag, then --config file, then environment.
 */
public final class CtlSession {
    static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofMinutes(10);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private GlobalOptions global = new GlobalOptions();

    CtlSession(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    void setGlobal(GlobalOptions merged) {
        this.global = merged;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** The global {@code -s} values from anywhere on the line, in order, without duplicates. */
    public List<String> sources() {
        List<String> out = new ArrayList<>();
        for (String s : global.sources()) {
            String t = s.trim();
            if (!t.isEmpty() && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Whether a master address is given at all (flag, --config file or DM_MASTER_ADDR). */
    boolean knowsMasterAddress(GlobalOptions options) {
        Map<String, String> file = options.config == null ? Map.of() : CtlConfigFile.read(options.config);
        return firstNonBlank(options.masterAddr, file.get("master-addr"), env.get("DM_MASTER_ADDR")) != null;
    }

    Map<String, String> env() {
        return env;
    }

    /** Whether a master address is given anywhere: encrypt and decrypt then use the cluster's key. */
    public boolean hasMasterAddress() {
        return knowsMasterAddress(global);
    }

    public MasterClient masterClient() {
        Map<String, String> file = global.config == null ? Map.of() : CtlConfigFile.read(global.config);
        TlsSettings tls = new TlsSettings(firstNonBlank(global.sslCa, file.get("ssl-ca")),
                firstNonBlank(global.sslCert, file.get("ssl-cert")), firstNonBlank(global.sslKey, file.get("ssl-key")), List.of());
        try {
            tls.validated(false);
        } catch (RuntimeException e) {
            throw CtlErrors.INVALID_ARGS.wrap(e, e.getMessage());
        }
        String addr = firstNonBlank(global.masterAddr, file.get("master-addr"), env.get("DM_MASTER_ADDR"));
        if (addr != null && addr.contains("https://") && !tls.enabled()) {
            throw CtlErrors.INVALID_ARGS.error("an https:// master address needs --ssl-ca (and --ssl-cert/--ssl-key)");
        }
        List<String> addresses = MasterClient.parseAddresses(addr);
        warnAboutProxy();
        return new MasterClient(addresses, rpcTimeout(file.get("rpc-timeout")), tls);
    }

    private Duration rpcTimeout(String fromFile) {
        String text = firstNonBlank(global.rpcTimeout, fromFile);
        if (text == null) {
            return DEFAULT_RPC_TIMEOUT;
        }
        try {
            Duration d = ConfigDuration.parse(text);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw CtlErrors.INVALID_ARGS.error("--rpc-timeout `" + text + "` is not a duration like 30s or 10m");
        }
    }

    /** DM v5.3 warns here too: a proxy in the environment is the usual cause of mysterious timeouts. */
    private void warnAboutProxy() {
        for (String name : List.of("https_proxy", "http_proxy", "HTTPS_PROXY", "HTTP_PROXY")) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                err.println("[warn] proxy environment variable " + name + "=" + v
                        + " is set; if the master cannot be reached, check it (and no_proxy)");
                return;
            }
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
