package io.sluice.master;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.errors.ConfigErrors;
import java.nio.file.Path;
import java.util.Map;
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
    @Option(names = {"-V", "--V", "--version", "-version"}, versionHelp = true)
    boolean version;

    /** Fills unset flags from the TOML file, then DM's defaults. */
    void resolve() {
        if (config != null) {
            Map<?, ?> file;
            try {
                file = new TomlMapper().readValue(ConfigFiles.readFile(Path.of(config)), Map.class);
            } catch (java.io.IOException e) {
                throw ConfigErrors.YAML_TRANSFORM.wrap(e, "cannot parse master config " + config);
            }
            name = pick(name, file, "name");
            masterAddr = pick(masterAddr, file, "master-addr");
            advertiseAddr = pick(advertiseAddr, file, "advertise-addr");
            peerUrls = pick(peerUrls, file, "peer-urls");
            advertisePeerUrls = pick(advertisePeerUrls, file, "advertise-peer-urls");
            initialCluster = pick(initialCluster, file, "initial-cluster");
            join = pick(join, file, "join");
            dataDir = pick(dataDir, file, "data-dir");
            logFile = pick(logFile, file, "log-file");
            logLevel = pick(logLevel, file, "log-level");
        }
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
        if (initialCluster == null && join == null) {
            initialCluster = name + "=" + advertisePeerUrls;
        }
        if (dataDir == null) {
            dataDir = "default." + name;
        }
        if (keepaliveTtl == null) {
            keepaliveTtl = 10L;
        }
    }

    private static String pick(String flag, Map<?, ?> file, String key) {
        Object v = file.get(key);
        return flag != null || v == null ? flag : v.toString();
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

    static int port(String addr) {
        return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
    }
}
