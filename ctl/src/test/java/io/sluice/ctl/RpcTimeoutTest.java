package io.sluice.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.Server;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --rpc-timeout bounds every command that talks to the master. Against an HTTP server that takes
 * each request and never answers (a master stuck on a request), every command gives up after the
 * timeout with code 48005 naming the request, instead of waiting for the 10-minute default; a
 * socket that accepts and never speaks HTTP (a stopped process) is "cannot connect", 48001.
 */
class RpcTimeoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServerSocket silent;
    private static Server stuck;
    private static final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void listen() throws Exception {
        silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept()); // held open, never read or written
                } catch (Exception e) {
                    return;
                }
            }
        }, "silent-master");
        t.setDaemon(true);
        t.start();
        stuck = Server.builder().http(0).requestTimeoutMillis(0)
                .serviceUnder("/", (ctx, req) -> HttpResponse.streaming()) // never written, never closed
                .build();
        stuck.start().join();
    }

    @AfterAll
    static void close() throws Exception {
        stuck.stop().join();
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void everyMasterCommandGivesUpAfterTheRpcTimeout() throws Exception {
        String task = CtlTestFiles.write(dir, "task.yaml", CtlTestFiles.TASK).toString();
        String source = CtlTestFiles.write(dir, "source.yaml", CtlTestFiles.SOURCE).toString();
        List<List<String>> commands = List.of(
                List.of("query-status"), List.of("start-task", task), List.of("stop-task", "t"), List.of("pause-task", "t"),
                List.of("resume-task", "t"), List.of("check-task", task), List.of("operate-source", "create", source),
                List.of("operate-source", "show"), List.of("get-config", "task", "t"), List.of("transfer-source", "s", "w"),
                List.of("start-relay", "-s", "s"), List.of("stop-relay", "-s", "s"), List.of("pause-relay", "-s", "s"),
                List.of("resume-relay", "-s", "s"), List.of("handle-error", "t", "skip"),
                List.of("operate-schema", "get", "-s", "s", "t", "-d", "db", "-t", "tb"), List.of("list-member"),
                List.of("offline-member", "--worker", "--name", "w"), List.of("operate-leader", "evict"),
                List.of("config", "export", "-d", dir.resolve("out").toString()));
        String addr = "127.0.0.1:" + stuck.activeLocalPort();
        List<String> slow = new ArrayList<>();
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(List.of("--master-addr", addr, "--rpc-timeout", "1s"));
            args.addAll(command);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long start = System.nanoTime();
            int exit = SluiceCtl.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true), Map.of());
            long millis = (System.nanoTime() - start) / 1_000_000;
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, exit, command + ": " + text);
            String msg = JSON.readTree(text).path("msg").asText();
            assertTrue(msg.startsWith("[code=48005:") && msg.contains("within PT1S"), command + ": " + msg);
            if (millis > 20_000) { // 1 s asked; generous slack for a loaded machine, far below the 10 min default
                slow.add(command + " took " + millis + " ms");
            }
        }
        assertTrue(slow.isEmpty(), slow.toString());
    }

    @Test
    void aMasterThatNeverSpeaksIsCannotConnect() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = SluiceCtl.run(new String[] {"--master-addr", "127.0.0.1:" + silent.getLocalPort(), "--rpc-timeout", "1s", "list-member"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true), Map.of());
        assertEquals(1, exit);
        String msg = JSON.readTree(out.toString(StandardCharsets.UTF_8)).path("msg").asText();
        assertTrue(msg.startsWith("[code=48001:"), msg);
    }
}
