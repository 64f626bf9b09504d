package io.sluice.master;

import io.sluice.common.cli.TomlDefaults;
import io.sluice.common.tls.TlsOptions;
import io.sluice.common.tls.TlsSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * dm-master's flags, each spelled {@code -flag} and {@code --flag}, and the same keys in a
 * TOML file given with --config; a flag on the command line wins over the file.
 */
public final class MasterOptions {
    @Option(names = {"--name", "-name"}, description = "human-readable name for this master")
    String name;
    @Option(names = {"--master-addr", "-master-addr"}, description = "client address (default :8261)")
    String masterAddr;
    @Option(names = {"--advertise-addr", "-advertise-addr"}, description = "client address told to others")
    String advertiseAddr;
    @Option(names = {"--peer-urls", "-peer-urls"}, description = "raft peer URL (default http://127.0.0.1:8291)")
    String peerUrls;
    @Option(names = {"--advertise-peer-urls", "-advertise-peer-urls"})
    String advertisePeerUrls;
    @Option(names = {"--initial-cluster", "-initial-cluster"}, description = "name=peer-url,... of the first members")
    String initialCluster;
    @Option(names = {"--join", "-join"}, description = "client addresses of an existing cluster to join")
    String join;
    @Option(names = {"--data-dir", "-data-dir"})
    String dataDir;
    @Option(names = {"--config", "-config"}, description = "path to a dm-master style TOML file")
    String config;
    @Option(names = {"--log-file", "-log-file"})
    String logFile;
    @Option(names = {"-L", "--L", "--log-level", "-log-level"}, description = "log level: debug, info, warn, error")
    String logLevel;
    @Option(names = {"--keepalive-ttl", "-keepalive-ttl"}, description = "default worker keepalive TTL in seconds")
    Long keepaliveTtl;
    @Option(names = {"--openapi-token", "-openapi-token"},
            description = "when set, every /api request needs the header Authorization: Bearer <token>")
    String openapiToken;
    @Option(names = {"-V", "--V", "--version", "-version"}, versionHelp = true)
    boolean version;
    @Mixin
    TlsOptions tlsOptions = new TlsOptions();
    TlsSettings tls = TlsSettings.NONE;

    /** Fills unset flags from the TOML file, then DM's defaults. */
    void resolve() {
        TomlDefaults file = TomlDefaults.read(config, "master");
        name = file.or(name, "name");
        masterAddr = file.or(masterAddr, "master-addr");
        advertiseAddr = file.or(advertiseAddr, "advertise-addr");
        peerUrls = file.or(peerUrls, "peer-urls");
        advertisePeerUrls = file.or(advertisePeerUrls, "advertise-peer-urls");
        initialCluster = file.or(initialCluster, "initial-cluster");
        join = file.or(join, "join");
        dataDir = file.or(dataDir, "data-dir");
        logFile = file.or(logFile, "log-file");
        logLevel = file.or(logLevel, "log-level");
        keepaliveTtl = file.or(keepaliveTtl, "keepalive-ttl");
        openapiToken = file.or(openapiToken, "openapi-token");
        tls = tlsOptions.resolve(file);
        if (name == null) {
            name = "dm-master-" + hostName();
        }
        if (masterAddr == null) {
            masterAddr = ":8261";
        }
        if (advertiseAddr == null) {
            advertiseAddr = masterAddr.startsWith(":") ? "127.0.0.1" + masterAddr : masterAddr;
        }
        if (peerUrls == null) {
            peerUrls = "http://127.0.0.1:8291";
        }
        if (advertisePeerUrls == null) {
            advertisePeerUrls = peerUrls;
        }
        if (initialCluster != null && join != null && !join.isBlank()) {
            throw MasterErrors.INVALID_ARGS.error("give either --initial-cluster (a new cluster) or --join (an existing one), not both");
        }
        if (initialCluster == null && (join == null || join.isBlank())) {
            initialCluster = name + "=" + advertisePeerUrls;
        }
        if (dataDir == null) {
            dataDir = "default." + name;
        }
        // fixed once against the directory the master starts in, so every later use (raft, the
        // join marker) sees the same place
        dataDir = java.nio.file.Path.of(dataDir).toAbsolutePath().normalize().toString();
        if (keepaliveTtl == null) {
            keepaliveTtl = 10L;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** "http://host:port" or "host:port" → "host:port". */
    static String hostPort(String url) {
        String s = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The addresses of a comma-separated list, without blanks or an http:// prefix. */
    static java.util.List<String> addresses(String list) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (list != null) {
            for (String a : list.split(",")) {
                String t = hostPort(a.trim());
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    static int port(String addr) {
        return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
    }
}
