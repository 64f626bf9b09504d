package io.sluice.ctl;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * dmctl's global flags. They are mixed into the root and into every command, because dmctl
 * accepts them anywhere on the line ({@code sluicectl query-status --master-addr h:8261} as well
 * as {@code sluicectl --master-addr h:8261 query-status}); {@link #merge} folds the copies.
 */
public class GlobalOptions {
    @Option(names = "--master-addr", paramLabel = "host:port[,host:port...]",
            description = "Master API address(es); several are tried in turn. Defaults to $DM_MASTER_ADDR.")
    String masterAddr;

    @Option(names = "--rpc-timeout", paramLabel = "duration",
            description = "RPC timeout in Go duration syntax (e.g. 30s, 10m). Default: 10m.")
    String rpcTimeout;

    @Option(names = {"-s", "--source"}, paramLabel = "source", split = ",",
            description = "MySQL source ID; repeatable.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--config", paramLabel = "file", description = "Path to a sluicectl/dmctl config file.")
    String config;

    @Option(names = "--ssl-ca", paramLabel = "file",
            description = "CA that signs the masters' certificates (PEM); turns TLS on.")
    String sslCa;

    @Option(names = "--ssl-cert", paramLabel = "file",
            description = "Client certificate (PEM) shown to the masters.")
    String sslCert;

    @Option(names = "--ssl-key", paramLabel = "file",
            description = "Client private key (PEM, PKCS#8).")
    String sslKey;

    /** Later copies (closer to the command) win for single values; sources accumulate. */
    void mergeFrom(GlobalOptions other) {
        if (other.masterAddr != null) {
            masterAddr = other.masterAddr;
        }
        if (other.rpcTimeout != null) {
            rpcTimeout = other.rpcTimeout;
        }
        if (other.config != null) {
            config = other.config;
        }
        if (other.sslCa != null) {
            sslCa = other.sslCa;
        }
        if (other.sslCert != null) {
            sslCert = other.sslCert;
        }
        if (other.sslKey != null) {
            sslKey = other.sslKey;
        }
        sources.addAll(other.sources);
    }

    static GlobalOptions merge(List<GlobalOptions> rootFirst) {
        GlobalOptions merged = new GlobalOptions();
        rootFirst.forEach(merged::mergeFrom);
        return merged;
    }

    /** These options as flags again, for each line the interactive mode runs as a command. */
    List<String> toArgs() {
        List<String> out = new ArrayList<>();
        addIfSet(out, "--master-addr", masterAddr);
        addIfSet(out, "--rpc-timeout", rpcTimeout);
        addIfSet(out, "--config", config);
        addIfSet(out, "--ssl-ca", sslCa);
        addIfSet(out, "--ssl-cert", sslCert);
        addIfSet(out, "--ssl-key", sslKey);
        sources.forEach(s -> addIfSet(out, "--source", s));
        return out;
    }

    private static void addIfSet(List<String> into, String flag, String value) {
        if (value != null) {
            into.add(flag);
            into.add(value);
        }
    }

    public String masterAddr() {
        return masterAddr;
    }

    public String rpcTimeout() {
        return rpcTimeout;
    }

    public List<String> sources() {
        return sources;
    }

    public String config() {
        return config;
    }
}
