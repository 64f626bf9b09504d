package io.sluice.worker.process;

import io.sluice.common.cli.TomlDefaults;
import io.sluice.common.tls.TlsOptions;
import io.sluice.common.tls.TlsSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** dm-worker's flags, each spelled {@code -flag} and {@code --flag}, and the same keys in a TOML --config. */
public final class WorkerOptions {
    @Option(names = {"--name", "-name"})
    public String name;
    @Option(names = {"--worker-addr", "-worker-addr"}, description = "listen address (default :8262)")
    public String workerAddr;
    @Option(names = {"--advertise-addr", "-advertise-addr"})
    public String advertiseAddr;
    @Option(names = {"--join", "-join"}, description = "master client addresses, comma separated")
    public String join;
    @Option(names = {"--keepalive-ttl", "-keepalive-ttl"}, description = "seconds (default 10)")
    public Long keepaliveTtl;
    @Option(names = {"--relay-keepalive-ttl", "-relay-keepalive-ttl"}, description = "seconds (default 1800)")
    public Long relayKeepaliveTtl;
    @Option(names = {"--data-dir", "-data-dir"}, description = "where dump files and relay logs live (default ./{name})")
    public String dataDir;
    @Option(names = {"--config", "-config"})
    public String config;
    @Option(names = {"--log-file", "-log-file"})
    public String logFile;
    @Option(names = {"-L", "--L", "--log-level", "-log-level"})
    public String logLevel;
    @Option(names = {"-V", "--V", "--version", "-version"}, versionHelp = true)
    boolean version;

    @Mixin
    TlsOptions tlsOptions = new TlsOptions();
    public TlsSettings tls = TlsSettings.NONE;

    public void resolve() {
        TomlDefaults file = TomlDefaults.read(config, "worker");
        name = file.or(name, "name");
        workerAddr = file.or(workerAddr, "worker-addr");
        advertiseAddr = file.or(advertiseAddr, "advertise-addr");
        join = file.or(join, "join");
        logFile = file.or(logFile, "log-file");
        logLevel = file.or(logLevel, "log-level");
        dataDir = file.or(dataDir, "data-dir");
        keepaliveTtl = file.or(keepaliveTtl, "keepalive-ttl");
        relayKeepaliveTtl = file.or(relayKeepaliveTtl, "relay-keepalive-ttl");
        tls = tlsOptions.resolve(file);
        if (workerAddr == null) {
            workerAddr = ":8262";
        }
        if (advertiseAddr == null) {
            advertiseAddr = workerAddr.startsWith(":") ? "127.0.0.1" + workerAddr : workerAddr;
        }
        if (name == null) {
            name = advertiseAddr;
        }
        if (join == null) {
            join = "127.0.0.1:8261";
        }
        if (keepaliveTtl == null) {
            keepaliveTtl = 10L;
        }
        if (relayKeepaliveTtl == null) {
            relayKeepaliveTtl = 1800L;
        }
        if (dataDir == null) {
            dataDir = "./" + name.replace(':', '_');
        }
    }

    public int port() {
        return Integer.parseInt(workerAddr.substring(workerAddr.lastIndexOf(':') + 1));
    }
}
