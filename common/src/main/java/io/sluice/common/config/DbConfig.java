package io.sluice.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/** A database connection: a source's {@code from} or a task's {@code target-database}. */
public class DbConfig {
    public String host = "";
    public int port = 3306;
    public String user = "";
    /** Plain text or encrypted with {@code sluicectl encrypt}; never logged. */
    public String password = "";
    @JsonProperty("max-allowed-packet")
    public Long maxAllowedPacket;
    public Map<String, String> session = new LinkedHashMap<>();
    public Security security;

    public static class Security {
        @JsonProperty("ssl-ca")
        public String sslCa = "";
        @JsonProperty("ssl-cert")
        public String sslCert = "";
        @JsonProperty("ssl-key")
        public String sslKey = "";
        @JsonProperty("cert-allowed-cn")
        public java.util.List<String> certAllowedCn = new java.util.ArrayList<>();
        /**
         * The PEM contents, as DM's dmctl sends them: {@code sluicectl} reads the files above into
         * these so that masters and workers need no copy of them. They win over the paths.
         */
        @JsonProperty("ssl-ca-bytes")
        public String sslCaBytes = "";
        @JsonProperty("ssl-cert-bytes")
        public String sslCertBytes = "";
        /** Encrypted with the cluster's key once stored, like a password; never shown or logged. */
        @JsonProperty("ssl-key-bytes")
        public String sslKeyBytes = "";
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
