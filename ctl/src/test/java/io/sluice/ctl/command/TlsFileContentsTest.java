package io.sluice.ctl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;
import io.sluice.common.config.TaskConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFileContentsTest {
    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUca\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    @Test
    void aSourcesTlsFilesTravelInsideItsConfig() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), CA);
        Path cert = Files.writeString(dir.resolve("client.pem"), CA);
        Path key = Files.writeString(dir.resolve("client.key"), KEY);
        String yaml = "# mysql-01\nsource-id: mysql-01\nfrom:\n  host: 127.0.0.1\n  port: 3306\n  user: root\n  password: '123456'\n"
                + "  security:\n    ssl-ca: " + ca + "\n    ssl-cert: " + cert + "\n    ssl-key: " + key + "\n    cert-allowed-cn: [db]\n";
        String sent = TlsFileContents.inline(yaml, "from", new PrintStream(new ByteArrayOutputStream()));
        SourceConfig s = ConfigFiles.parseSource(sent);
        assertEquals(CA, s.from.security.sslCaBytes);
        assertEquals(CA, s.from.security.sslCertBytes);
        assertEquals(KEY, s.from.security.sslKeyBytes);
        assertEquals(ca.toString(), s.from.security.sslCa, "the paths stay, as DM's dmctl keeps them");
        assertEquals("123456", s.from.password);
        assertEquals(java.util.List.of("db"), s.from.security.certAllowedCn);
        assertTrue(sent.contains("ssl-key-bytes: |\n      -----BEGIN PRIVATE KEY-----\n"), "a literal block, one PEM line per line: " + sent);
    }

    @Test
    void aFileThatCannotBeReadHereStaysAPathWithAWarning() throws Exception {
        String yaml = "name: t\ntask-mode: all\ntarget-database:\n  host: h\n  user: u\n  security:\n    ssl-ca: " + dir.resolve("absent.pem") + "\n"
                + "mysql-instances:\n  - source-id: s\n";
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertSame(yaml, TlsFileContents.inline(yaml, "target-database", new PrintStream(err, true, StandardCharsets.UTF_8)));
        String warning = err.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("code=48012") && warning.contains("absent.pem"), warning);
        TaskConfig t = ConfigFiles.parseTask(yaml);
        assertEquals("", t.targetDatabase.security.sslCaBytes);
    }

    @Test
    void aConfigWithoutTlsIsSentAsWritten() {
        String yaml = "source-id: a # comment kept\nfrom:\n  host: h\n";
        assertSame(yaml, TlsFileContents.inline(yaml, "from", new PrintStream(new ByteArrayOutputStream())));
    }
}
