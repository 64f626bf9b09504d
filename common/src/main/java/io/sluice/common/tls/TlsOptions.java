package io.sluice.common.tls;

import io.sluice.common.cli.TomlDefaults;
import java.util.List;
import picocli.CommandLine.Option;

/** dm-master's and dm-worker's TLS flags and config keys, shared by both servers. */
public final class TlsOptions {
    @Option(names = {"--ssl-ca", "-ssl-ca"}, paramLabel = "file", description = "CA that signs every component's certificate; turns TLS on")
    String sslCa;
    @Option(names = {"--ssl-cert", "-ssl-cert"}, paramLabel = "file", description = "this process's certificate (PEM)")
    String sslCert;
    @Option(names = {"--ssl-key", "-ssl-key"}, paramLabel = "file", description = "this process's private key (PEM, PKCS#8)")
    String sslKey;
    @Option(names = {"--cert-allowed-cn", "-cert-allowed-cn"}, split = ",", paramLabel = "cn",
            description = "Common Names a caller's certificate may have (comma separated); empty allows any the CA signed")
    List<String> certAllowedCn;

    /** The flags, filled from the TOML file where unset, checked: a server needs its own certificate. */
    public TlsSettings resolve(TomlDefaults file) {
        return new TlsSettings(file.or(sslCa, "ssl-ca"), file.or(sslCert, "ssl-cert"), file.or(sslKey, "ssl-key"),
                file.or(certAllowedCn, "cert-allowed-cn")).validated(true);
    }
}
