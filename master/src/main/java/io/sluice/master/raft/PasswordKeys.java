package io.sluice.master.raft;

import com.google.protobuf.ByteString;
import io.sluice.common.config.PasswordCipher;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.SourceEntry;
import io.sluice.proto.raft.TaskEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps every password (and inline TLS key) in the stored source and task configs encrypted with
 * the cluster's newest key: a config is re-sealed as it is stored, and all of them when the key rotates. This runs in
 * the state machine, on every master alike, so it uses {@link PasswordCipher#encryptDeterministic}.
 */
public final class PasswordKeys {
    /** Older keys kept for text encrypted before a rotation (operators' files, exported configs). */
    static final int KEYS_KEPT = 5;

    private PasswordKeys() {
    }

    /** {@link ClusterMeta#apply}, plus what passwords need. */
    static ClusterState apply(ClusterState state, RaftCommand cmd) {
        if (cmd.hasRotatePasswordKey()) {
            return rotate(state, cmd.getRotatePasswordKey().getNewKey());
        }
        // the leader sealed the config before proposing (sealed); sealing again is the
        // identity then, and covers entries written before it did
        return ClusterMeta.apply(state, sealed(cmd, state));
    }

    /** Makes the process's cipher use the state's keys (after every apply and snapshot load). */
    static void install(ClusterState state) {
        List<byte[]> keys = new ArrayList<>();
        state.getPasswordKeysList().forEach(k -> keys.add(k.toByteArray()));
        PasswordCipher.installClusterKeys(keys);
    }

    private static ClusterState rotate(ClusterState state, ByteString newKey) {
        List<ByteString> keys = new ArrayList<>();
        keys.add(newKey);
        state.getPasswordKeysList().stream().limit(KEYS_KEPT - 1).forEach(keys::add);
        // the passwords are read with the keys in force so far (this process's cipher holds them)
        byte[] key = newKey.toByteArray();
        ClusterState.Builder b = state.toBuilder().clearPasswordKeys().addAllPasswordKeys(keys);
        for (Map.Entry<String, SourceEntry> e : state.getSourcesMap().entrySet()) {
            b.putSources(e.getKey(), e.getValue().toBuilder().setConfig(reseal(e.getValue().getConfig(), key, "source/" + e.getKey())).build());
        }
        for (Map.Entry<String, TaskEntry> e : state.getTasksMap().entrySet()) {
            b.putTasks(e.getKey(), e.getValue().toBuilder().setConfig(reseal(e.getValue().getConfig(), key, "task/" + e.getKey())).build());
        }
        return b.build();
    }

    /** Each password and {@code ssl-key-bytes} of a YAML config, decrypted with any known key (or taken as plain text) and encrypted with {@code key}. */
    static String reseal(String config, byte[] key, String context) {
        int[] line = {0};
        return resealEach(config, plain -> PasswordCipher.encryptDeterministic(plain, key, context + "/" + line[0]++));
    }

    /**
     * A stored config with its passwords under the built-in key instead of this cluster's: what
     * {@code config export} writes, so that another cluster (which never had this one's keys)
     * can import it.
     */
    public static String portable(String config) {
        return resealEach(config, PasswordCipher::encryptBuiltIn);
    }

    private static String resealEach(String config, java.util.function.UnaryOperator<String> seal) {
        return SecretFields.replace(config, SecretFields.SEALED, (key, value) -> value.isEmpty() ? "''" : seal.apply(PasswordCipher.plain(value)));
    }

    /**
     * {@code cmd} with the secrets of the config it stores sealed with the newest key: on the
     * leader before proposing, so the raft log holds no plain password or key, and in the state
     * machine on every master alike.
     */
    static RaftCommand sealed(RaftCommand cmd, ClusterState state) {
        if (state.getPasswordKeysCount() == 0 || !(cmd.hasPutSource() || cmd.hasPutTask())) {
            return cmd;
        }
        byte[] key = state.getPasswordKeys(0).toByteArray();
        if (cmd.hasPutSource()) {
            SourceEntry e = cmd.getPutSource().getSource();
            return cmd.toBuilder().setPutSource(cmd.getPutSource().toBuilder()
                    .setSource(e.toBuilder().setConfig(reseal(e.getConfig(), key, "source/" + e.getSourceId())))).build();
        }
        TaskEntry e = cmd.getPutTask().getTask();
        return cmd.toBuilder().setPutTask(cmd.getPutTask().toBuilder()
                .setTask(e.toBuilder().setConfig(reseal(e.getConfig(), key, "task/" + e.getName())))).build();
    }
}
