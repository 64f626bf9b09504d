package io.sluice.master.secret;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.common.config.PasswordCipher;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.tls.ComponentTls;
import io.sluice.master.MasterErrors;
import io.sluice.master.raft.RaftGroup;
import io.sluice.proto.PasswordSecretGrpc;
import io.sluice.proto.PasswordText;
import io.sluice.proto.RotatePasswordKeyRequest;
import io.sluice.proto.RotatePasswordKeyResponse;
import io.sluice.proto.raft.ClusterState;
import io.sluice.proto.raft.RaftCommand;
import io.sluice.proto.raft.RotatePasswordKey;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sluicectl encrypt / decrypt} with the cluster's key, and {@code encrypt --rotate}. Any
 * master encrypts and decrypts with the keys replicated to it; a rotation is one raft command,
 * so a follower forwards it to the leader.
 */
public final class PasswordSecretService extends PasswordSecretGrpc.PasswordSecretImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordSecretService.class);
    private final RaftGroup raft;

    public PasswordSecretService(RaftGroup raft) {
        this.raft = raft;
    }

    @Override
    public void encrypt(PasswordText req, StreamObserver<PasswordText> out) {
        if (raft.localState().getPasswordKeysCount() == 0) {
            out.onError(Status.UNAVAILABLE.withDescription(
                    MasterErrors.INTERNAL_ERROR.error("the cluster has no password key yet (no leader elected so far)").getMessage())
                    .asRuntimeException());
            return;
        }
        out.onNext(PasswordText.newBuilder().setText(PasswordCipher.encrypt(req.getText())).build());
        out.onCompleted();
    }

    @Override
    public void decrypt(PasswordText req, StreamObserver<PasswordText> out) {
        try {
            out.onNext(PasswordText.newBuilder().setText(PasswordCipher.decrypt(req.getText())).build());
            out.onCompleted();
        } catch (SluiceException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void rotate(RotatePasswordKeyRequest req, StreamObserver<RotatePasswordKeyResponse> out) {
        RotatePasswordKeyResponse resp;
        try {
            if (raft.isLeader()) {
                ClusterState s = raft.submit(RaftCommand.newBuilder().setRotatePasswordKey(
                        RotatePasswordKey.newBuilder().setNewKey(ByteString.copyFrom(PasswordCipher.newClusterKey()))).build());
                LOG.info("event=password_key_rotated keys={} sources={} tasks={}", s.getPasswordKeysCount(), s.getSourcesCount(),
                        s.getTasksCount());
                resp = RotatePasswordKeyResponse.newBuilder().setResult(true).setKeys(s.getPasswordKeysCount())
                        .setSources(s.getSourcesCount()).setTasks(s.getTasksCount()).build();
            } else {
                resp = GrpcClients.builder(ComponentTls.url(raft.leaderClientUrl())).factory(ComponentTls.clientFactory())
                        .responseTimeout(Duration.ofMinutes(1)).build(PasswordSecretGrpc.PasswordSecretBlockingStub.class).rotate(req);
            }
        } catch (RuntimeException e) {
            resp = RotatePasswordKeyResponse.newBuilder().setResult(false).setMsg(e.getMessage()).build();
        }
        out.onNext(resp);
        out.onCompleted();
    }

    /**
     * Gives a new cluster its first key: called when this master becomes leader, it proposes one
     * when the state has none (a cluster's first bootstrap, or one upgraded from before keys).
     */
    public static void ensureKey(RaftGroup raft) {
        Thread t = new Thread(() -> {
            try {
                if (raft.isLeader() && raft.readState().getPasswordKeysCount() == 0) {
                    raft.submit(RaftCommand.newBuilder().setRotatePasswordKey(
                            RotatePasswordKey.newBuilder().setNewKey(ByteString.copyFrom(PasswordCipher.newClusterKey()))).build());
                    LOG.info("event=password_key_created");
                }
            } catch (RuntimeException e) {
                LOG.warn("event=password_key_not_created msg={}", e.getMessage());
            }
        }, "password-key-bootstrap");
        t.setDaemon(true);
        t.start();
    }
}
