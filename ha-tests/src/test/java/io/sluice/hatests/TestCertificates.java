package io.sluice.hatests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away CA and certificates signed by it, made with Debian's {@code openssl} as an
 * operator would (DM's recipe): each certificate names 127.0.0.1 and localhost, serves and
 * identifies (server and client use), and its key is PKCS#8 PEM.
 */
final class TestCertificates {
    final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A CA in {@code dir}, plus one certificate per {@code name=cn} pair. */
    static TestCertificates create(Path dir, String... nameEqualsCn) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=sluice-test-ca");
        for (String pair : nameEqualsCn) {
            String name = pair.substring(0, pair.indexOf('='));
            String cn = pair.substring(pair.indexOf('=') + 1);
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn);
            openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2", "-extfile", "ext.cnf");
        }
        return new TestCertificates(dir);
    }

    String ca() {
        return dir.resolve("ca.pem").toString();
    }

    String cert(String name) {
        return dir.resolve(name + ".pem").toString();
    }

    String key(String name) {
        return dir.resolve(name + ".key").toString();
    }

    /** The flags of a master, worker or sluicectl that uses certificate {@code name}. */
    List<String> flags(String name) {
        return List.of("--ssl-ca", ca(), "--ssl-cert", cert(name), "--ssl-key", key(name));
    }

    /** mariadbd's flags to serve TLS with certificate {@code name}. */
    String[] mariadbFlags(String name) {
        return new String[] {"--ssl-ca=" + ca(), "--ssl-cert=" + cert(name), "--ssl-key=" + key(name)};
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + Files.readString(dir.resolve("openssl.log")));
        }
    }
}
