package io.sluice.worker.sync.shard;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proto.OptimisticShardDdlRequest;
import io.sluice.proto.PessimisticShardDdlRequest;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A shard DDL call while no master answers: it keeps trying, and gives up at once when its subtask stops. */
class MasterShardLinkTest {
    @Test
    void aStoppingSubtaskDoesNotWaitOutTheElection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (MasterShardLink link = new MasterShardLink("127.0.0.1:" + port)) {
            stoppedAfterASecond("pessimistic", stopping -> link.pessimistic(PessimisticShardDdlRequest.newBuilder().setTask("t").build(), stopping));
            stoppedAfterASecond("optimistic", stopping -> link.trySync(OptimisticShardDdlRequest.newBuilder().setTask("t").build(), stopping));
        }
    }

    private static void stoppedAfterASecond(String mode, Consumer<BooleanSupplier> call) {
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            stopping.set(true);
        });
        stopper.start();
        long started = System.nanoTime();
        assertThrows(MasterShardLink.Stopped.class, () -> call.accept(stopping::get), mode);
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        // the call's patience is 60 s; a stop ends it within a round of calls
        assertTrue(waitedMs < MasterShardLink.PATIENCE.toMillis() / 4, mode + " gave up after " + waitedMs + " ms");
    }
}
