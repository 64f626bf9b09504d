package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.common.tls.PemMaterial;
import io.sluice.testkit.MariaDbServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster with TLS on everywhere: masters and workers serve and call each other with mutual
 * TLS and cert-allowed-cn, sluicectl needs a certificate with an allowed CN, and the source and
 * target are MariaDBs whose users REQUIRE SSL. No password may show in any log line or reply.
 */
class TlsClusterTest {
    private static final String SRC_PASSWORD = "Src-pw-7f3a9q";
    private static final String DST_PASSWORD = "Dst-pw-c41e2z";
    private static final ObjectMapper JSON = new ObjectMapper();
    static TestCertificates certs;
    static MariaDbServer src;
    static MariaDbServer dst;
    static Cluster cluster;

    @BeforeAll
    static void up() throws Exception {
        Path dir = Path.of("target", "certs", "tls-" + System.currentTimeMillis()).toAbsolutePath();
        certs = TestCertificates.create(dir, "master=dm", "worker=dm", "client=dm", "intruder=intruder", "db=mariadb");
        src = MariaDbServer.start("tls-src", certs.mariadbFlags("db"));
        dst = MariaDbServer.start("tls-dst", certs.mariadbFlags("db"));
        for (var db : List.of(src, dst)) {
            String pw = db == src ? SRC_PASSWORD : DST_PASSWORD;
            // X509: the client certificate (sent inline from sluicectl, see below) must be shown
            db.execute("CREATE USER 'mover'@'127.0.0.1' IDENTIFIED BY '" + pw + "' REQUIRE X509",
                    "GRANT ALL PRIVILEGES ON *.* TO 'mover'@'127.0.0.1'");
        }
        List<String> masterArgs = new ArrayList<>(certs.flags("master"));
        masterArgs.addAll(List.of("--cert-allowed-cn", "dm"));
        List<String> workerArgs = new ArrayList<>(certs.flags("worker"));
        workerArgs.addAll(List.of("--cert-allowed-cn", "dm"));
        // start waits for the worker to register: over TLS, or not at all
        cluster = Cluster.start("tls", 1, 1, masterArgs, workerArgs, certs.flags("client"));
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
        if (src != null) {
            src.close();
        }
        if (dst != null) {
            dst.close();
        }
    }

    @Test
    void everyLinkIsMutualTlsAndNoPasswordLeaks() throws Exception {
        String addr = cluster.masterAddr;
        JsonNode members = cluster.ctlJson("list-member");
        assertTrue(members.path("result").asBoolean(), members.toString());
        assertTrue(members.toString().contains("https://"), "masters advertise https client URLs: " + members);

        Cluster.CtlResult plain = cluster.ctlWith(List.of(), addr, "list-member");
        assertEquals(1, plain.exitCode(), plain.toString());
        assertFalse(plain.out().contains("\"result\": true"), plain.toString());

        Cluster.CtlResult noCert = cluster.ctlWith(List.of("--ssl-ca", certs.ca()), addr, "list-member");
        assertEquals(1, noCert.exitCode(), noCert.toString());
        assertTrue(noCert.out().contains("code=48011"), "refused at the handshake, said so: " + noCert);

        Cluster.CtlResult wrongCn = cluster.ctlWith(certs.flags("intruder"), addr, "list-member");
        assertEquals(1, wrongCn.exitCode(), wrongCn.toString());
        assertTrue(wrongCn.out().contains("code=48011") && wrongCn.out().contains("CN 'intruder' is not in cert-allowed-cn"),
                wrongCn.toString());

        // the HTTP side of the ports: OpenAPI on the master, /metrics on the worker
        HttpClient withCert = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .sslContext(PemMaterial.sslContext(certs.ca(), certs.cert("client"), certs.key("client"))).build();
        HttpClient intruder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .sslContext(PemMaterial.sslContext(certs.ca(), certs.cert("intruder"), certs.key("intruder"))).build();
        HttpClient noClientCert = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .sslContext(PemMaterial.sslContext(certs.ca(), "", "")).build();
        assertEquals(200, get(withCert, "https://" + addr + "/api/v1/sources").statusCode());
        HttpResponse<String> refused = get(intruder, "https://" + addr + "/api/v1/sources");
        assertEquals(403, refused.statusCode());
        assertEquals(20121, JSON.readTree(refused.body()).path("error_code").asInt(), refused.body());
        assertThrows(java.io.IOException.class, () -> get(noClientCert, "https://" + addr + "/api/v1/sources"));
        String workerAddr = cluster.ctlJson("list-member", "--worker").path("members").path(0).path("worker")
                .path("workers").path(0).path("addr").asText();
        assertEquals(200, get(withCert, "https://" + workerAddr + "/metrics").statusCode(), "worker " + workerAddr);
        assertThrows(java.io.IOException.class, () -> get(noClientCert, "https://" + workerAddr + "/metrics"));

        // the databases refuse a connection without TLS: everything below went over TLS
        SQLException noTls = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + src.port() + "/?sslMode=disable", "mover", SRC_PASSWORD).close());
        assertTrue(noTls.getMessage().contains("Access denied"), noTls.getMessage());

        src.execute("CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY, note VARCHAR(40))",
                "INSERT INTO shop.orders VALUES (1, 'before'), (2, 'before')");
        // the TLS files exist only where sluicectl runs, and only until it has sent them (as DM's dmctl does)
        Path ctlSide = Files.createDirectories(cluster.dir().resolve("ctl-side-tls"));
        Path source = cluster.writeFile("source.yaml", "source-id: tls-src\nenable-gtid: true\nfrom:\n"
                + "  host: 127.0.0.1\n  port: " + src.port() + "\n  user: mover\n  password: " + SRC_PASSWORD + "\n"
                + security(ctlSide));
        JsonNode created = cluster.ctlJson("operate-source", "create", source.toString());
        assertTrue(created.path("result").asBoolean(), created.toString());
        Path task = cluster.writeFile("task.yaml", "name: tls-task\ntask-mode: all\ntarget-database:\n"
                + "  host: 127.0.0.1\n  port: " + dst.port() + "\n  user: mover\n  password: " + DST_PASSWORD + "\n"
                + security(ctlSide)
                + "mysql-instances:\n  - source-id: tls-src\n    block-allow-list: ba\n"
                + "block-allow-list:\n  ba:\n    do-dbs: [\"shop\"]\n");
        Cluster.CtlResult started = cluster.ctl("start-task", task.toString());
        assertEquals(0, started.exitCode(), started.toString());
        deleteTree(ctlSide);
        cluster.await("the full copy over TLS", 120, () -> count(dst, "SELECT COUNT(*) FROM shop.orders") == 2);
        src.execute("INSERT INTO shop.orders VALUES (3, 'streamed')", "UPDATE shop.orders SET note = 'changed' WHERE id = 1");
        cluster.await("the binlog stream over TLS", 120,
                () -> count(dst, "SELECT COUNT(*) FROM shop.orders WHERE note IN ('streamed', 'changed')") == 2);
        // a restarted worker connects again from the stored config alone
        cluster.workers.get(0).kill();
        cluster.workers.get(0).restart();
        src.execute("INSERT INTO shop.orders VALUES (4, 'after restart')");
        cluster.await("the stream after the worker's restart", 120, () -> count(dst, "SELECT COUNT(*) FROM shop.orders WHERE id = 4") == 1);

        // a source created through the OpenAPI with its TLS material in the body
        String apiSource = JSON.writeValueAsString(java.util.Map.of("source_name", "tls-api", "host", "127.0.0.1", "port", src.port(),
                "user", "mover", "password", SRC_PASSWORD, "enable_gtid", true, "security", java.util.Map.of(
                        "ssl_ca_content", Files.readString(Path.of(certs.ca())), "ssl_cert_content", Files.readString(Path.of(certs.cert("client"))),
                        "ssl_key_content", Files.readString(Path.of(certs.key("client"))), "cert_allowed_cn", List.of("mariadb"))));
        HttpResponse<String> apiCreated = withCert.send(HttpRequest.newBuilder(URI.create("https://" + addr + "/api/v1/sources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(apiSource)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, apiCreated.statusCode(), apiCreated.body());
        JsonNode apiSecurity = JSON.readTree(get(withCert, "https://" + addr + "/api/v1/sources/tls-api").body()).path("security");
        assertEquals("", apiSecurity.path("ssl_key_content").asText(), apiSecurity.toString());
        assertEquals("mariadb", apiSecurity.path("cert_allowed_cn").path(0).asText(), apiSecurity.toString());

        // the replies that show stored configs: each masks the passwords
        cluster.ctl("get-config", "source", "tls-src");
        cluster.ctl("get-config", "task", "tls-task");
        cluster.ctl("operate-source", "show");
        cluster.ctl("query-status", "tls-task");
        String apiSources = get(withCert, "https://" + addr + "/api/v1/sources").body();
        String apiTasks = get(withCert, "https://" + addr + "/api/v1/tasks").body();
        List<String> replies = new ArrayList<>(cluster.transcript);
        replies.add(apiSources);
        replies.add(apiTasks);
        replies.add(get(withCert, "https://" + addr + "/api/v1/sources/tls-api").body());
        String keyLine = keyLine();
        for (String reply : replies) {
            assertFalse(reply.contains(SRC_PASSWORD) || reply.contains(DST_PASSWORD), "a password in a reply: " + reply);
            assertFalse(reply.contains(keyLine), "the client key in a reply: " + reply);
        }
        for (SluiceProcess p : concat(cluster.masters, cluster.workers)) {
            List<String> lines = Files.readAllLines(p.log());
            assertFalse(lines.isEmpty(), p.name() + " logged nothing");
            for (String line : lines) {
                assertFalse(line.contains(SRC_PASSWORD) || line.contains(DST_PASSWORD), "a password in " + p.name() + "'s log: " + line);
                assertFalse(line.contains(keyLine), "the client key in " + p.name() + "'s log: " + line);
            }
        }
        // at rest: the master's raft log and snapshots hold the stored configs (the public CA's
        // text is there, so the files are readable as written), but no password and no key
        String caLine = Files.readAllLines(Path.of(certs.ca())).get(3);
        String atRest = rawBytesUnder(cluster.dir().resolve("m1"));
        assertTrue(atRest.contains(caLine), "the CA of the stored configs is in the master's data dir");
        assertFalse(atRest.contains(keyLine), "the client key is in the master's data dir");
        assertFalse(atRest.contains(SRC_PASSWORD) || atRest.contains(DST_PASSWORD), "a password is in the master's data dir");
    }

    /** A security section naming copies of the CA and client files in {@code dir}. */
    private static String security(Path dir) throws Exception {
        Path ca = Files.copy(Path.of(certs.ca()), dir.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path cert = Files.copy(Path.of(certs.cert("client")), dir.resolve("client.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path key = Files.copy(Path.of(certs.key("client")), dir.resolve("client.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return "  security:\n    ssl-ca: " + ca + "\n    ssl-cert: " + cert + "\n    ssl-key: " + key + "\n";
    }

    /** A line from the middle of the client's private key: it must show up nowhere. */
    private static String keyLine() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(certs.key("client")));
        return lines.get(lines.size() / 2);
    }

    private static String rawBytesUnder(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(MariaDbServer db, String sql) throws SQLException {
        try (var c = db.connect(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static List<SluiceProcess> concat(List<SluiceProcess> a, List<SluiceProcess> b) {
        List<SluiceProcess> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
