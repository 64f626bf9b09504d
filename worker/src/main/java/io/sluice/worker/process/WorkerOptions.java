package io.sluice.worker.process;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.errors.ConfigErrors;
import java.nio.file.Path;
import java.util.Map;
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

    public void resolve() {
        if (config != null) {
            Map<?, ?> file;
            try {
                file = new TomlMapper().readValue(ConfigFiles.readFile(Path.of(config)), Map.class);
            } catch (java.io.IOException e) {
                throw ConfigErrors.YAML_TRANSFORM.wrap(e, "cannot parse worker config " + config);
            }
            name = pick(name, file, "name");
            workerAddr = pick(workerAddr, file, "worker-addr");
            advertiseAddr = pick(advertiseAddr, file, "advertise-addr");
            join = pick(join, file, "join");
            logFile = pick(logFile, file, "log-file");
            logLevel = pick(logLevel, file, "log-level");
            dataDir = pick(dataDir, file, "data-dir");
            if (keepaliveTtl == null && file.get("keepalive-ttl") != null) {
                keepaliveTtl = Long.parseLong(file.get("keepalive-ttl").toString());
            }
        }
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

    private static String pick(String flag, Map<?, ?> file, String key) {
        Object v = file.get(key);
        return flag != null || v == null ? flag : v.toString();
    }

    public int port() {
        return Integer.parseInt(workerAddr.substring(workerAddr.lastIndexOf(':') + 1));
    }
}
