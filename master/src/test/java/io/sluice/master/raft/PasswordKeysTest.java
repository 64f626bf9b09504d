package io.sluice.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.sluice.common.config.PasswordCipher;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.PutSource;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RotatePasswordKey;
import io.sluice.proto.raft.SourceEntry;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordKeysTest {
    private static final Pattern PASSWORD = Pattern.compile("(?m)^\\s*password:\\s*(\\S+)\\s*$");

    @AfterEach
    void forgetKeys() {
        PasswordCipher.installClusterKeys(List.of());
    }

    @Test
    void storedPasswordsAreSealedWithTheNewestKeyAndEqualOnEveryReplica() {
        byte[] k1 = PasswordCipher.newClusterKey();
        byte[] k2 = PasswordCipher.newClusterKey();
        ClusterState s = apply(ClusterState.getDefaultInstance(), rotate(k1));
        String yaml = "source-id: a\nfrom:\n  host: h\n  user: u\n  password: 'pl''ain'\n";
        s = apply(s, RaftCommand.newBuilder().setPutSource(PutSource.newBuilder()
                .setSource(SourceEntry.newBuilder().setSourceId("a").setConfig(yaml))).build());
        String sealed1 = password(s.getSourcesOrThrow("a").getConfig());
        assertFalse(sealed1.contains("plain"), sealed1);
        PasswordCipher.installClusterKeys(List.of(k1));
        assertEquals("pl'ain", PasswordCipher.decrypt(sealed1));

        ClusterState rotated = apply(s, rotate(k2));
        assertEquals(rotated, apply(s, rotate(k2)), "the same command gives the same state on every master");
        assertEquals(List.of(ByteString.copyFrom(k2), ByteString.copyFrom(k1)), rotated.getPasswordKeysList());
        String sealed2 = password(rotated.getSourcesOrThrow("a").getConfig());
        PasswordCipher.installClusterKeys(List.of(k2));
        assertEquals("pl'ain", PasswordCipher.decrypt(sealed2), "the new key alone opens the re-sealed password");
        assertTrue(rotated.getSourcesOrThrow("a").getConfig().startsWith("source-id: a\nfrom:\n  host: h\n"));
    }

    @Test
    void anInlineTlsKeyIsSealedLikeAPasswordAndTheLogEntryAlreadyHoldsItSealed() {
        byte[] k1 = PasswordCipher.newClusterKey();
        ClusterState s = apply(ClusterState.getDefaultInstance(), rotate(k1));
        String key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n";
        String yaml = "name: t\ntask-mode: all\ntarget-database:\n  host: h\n  password: \"sec ret\"\n  security:\n    ssl-ca-bytes: |\n"
                + "      -----BEGIN CERTIFICATE-----\n      MIIBszCCAVmgAwIBAgIU\n      -----END CERTIFICATE-----\n    ssl-key-bytes: |\n"
                + key.lines().map(l -> "      " + l + "\n").reduce("", String::concat) + "    cert-allowed-cn: [a]\nmysql-instances: []\n";
        RaftCommand put = RaftCommand.newBuilder().setPutTask(io.sluice.proto.raft.PutTask.newBuilder()
                .setTask(io.sluice.proto.raft.TaskEntry.newBuilder().setName("t").setConfig(yaml))).build();

        RaftCommand logged = PasswordKeys.sealed(put, s);
        String inLog = logged.getPutTask().getTask().getConfig();
        assertFalse(inLog.contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC") || inLog.contains("sec ret"), inLog);
        assertTrue(inLog.contains("MIIBszCCAVmgAwIBAgIU"), "the CA is public and kept as written: " + inLog);
        assertTrue(inLog.endsWith("    cert-allowed-cn: [a]\nmysql-instances: []\n"), "the lines after the block are kept: " + inLog);
        String stored = apply(s, put).getTasksOrThrow("t").getConfig();
        assertEquals(stored, apply(s, logged).getTasksOrThrow("t").getConfig(), "sealing before the log changes nothing that is stored");

        io.sluice.common.config.TaskConfig parsed = io.sluice.common.config.ConfigFiles.parseTask(stored.replace("mysql-instances: []\n", ""
                + "mysql-instances:\n  - source-id: s\n"));
        assertEquals(key, PasswordCipher.plain(parsed.targetDatabase.security.sslKeyBytes), "a worker opens it with the cluster's key");
        assertEquals("sec ret", PasswordCipher.plain(parsed.targetDatabase.password));
    }

    private static ClusterState apply(ClusterState s, RaftCommand cmd) {
        ClusterState next = PasswordKeys.apply(s, cmd);
        PasswordKeys.install(next); // as the state machine does after every apply that changes keys
        return next;
    }

    private static RaftCommand rotate(byte[] key) {
        return RaftCommand.newBuilder().setRotatePasswordKey(RotatePasswordKey.newBuilder().setNewKey(ByteString.copyFrom(key))).build();
    }

    private static String password(String yaml) {
        Matcher m = PASSWORD.matcher(yaml);
        assertTrue(m.find(), yaml);
        return m.group(1);
    }
}
