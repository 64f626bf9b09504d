package io.sluice.hatests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of one address, standing for the network between a worker and one
 * master. A test can {@link #cut} it (open connections close, new ones are refused: the
 * worker's calls fail at once) or {@link #blackhole} it (connections are accepted and kept, but
 * every byte is swallowed: calls hang until their deadline, like a dropped network), and
 * {@link #heal} it. Healing a blackhole closes the connections it swallowed bytes from, as a
 * real TCP connection would time out; the other side dials again.
 */
final class TcpProxy implements AutoCloseable {
    private enum Mode { OPEN, CUT, BLACKHOLE }

    private final InetSocketAddress target;
    private final int port;
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.OPEN;
    private volatile ServerSocketChannel server;

    private TcpProxy(InetSocketAddress target, int port) {
        this.target = target;
        this.port = port;
    }

    /** A proxy on a free local port to {@code hostPort}. */
    static TcpProxy start(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        TcpProxy p = new TcpProxy(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                io.sluice.testkit.MariaDbServer.freePort());
        p.listen();
        return p;
    }

    /** The address clients dial instead of the target's. */
    String address() {
        return "127.0.0.1:" + port;
    }

    synchronized void cut() throws IOException {
        mode = Mode.CUT;
        server.close();
        closeRelays();
    }

    synchronized void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    synchronized void heal() throws IOException {
        Mode was = mode;
        mode = Mode.OPEN;
        if (was == Mode.CUT) {
            listen();
        } else if (was == Mode.BLACKHOLE) {
            closeRelays();
        }
    }

    private void listen() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        server = s;
        Thread t = new Thread(() -> acceptLoop(s), "tcp-proxy-accept-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(ServerSocketChannel s) {
        while (s.isOpen()) {
            try {
                SocketChannel client = s.accept();
                // a blackholed network still completes the handshake locally in this model; nothing gets through
                SocketChannel upstream = mode == Mode.OPEN ? SocketChannel.open(target) : null;
                Relay r = new Relay(client, upstream);
                relays.add(r);
                r.start();
            } catch (IOException e) {
                return; // closed by cut() or close()
            }
        }
    }

    private void closeRelays() {
        relays.forEach(Relay::close);
        relays.clear();
    }

    @Override
    public synchronized void close() throws IOException {
        mode = Mode.CUT;
        server.close();
        closeRelays();
    }

    /** One client connection and, unless it was accepted into a blackhole, its upstream connection. */
    private final class Relay {
        private final SocketChannel client;
        private final SocketChannel upstream;

        Relay(SocketChannel client, SocketChannel upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream, "up");
            if (upstream != null) {
                pump(upstream, client, "down");
            }
        }

        private void pump(SocketChannel from, SocketChannel to, String dir) {
            Thread t = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
                try {
                    while (from.read(buf) >= 0) {
                        buf.flip();
                        if (mode == Mode.OPEN && to != null) {
                            while (buf.hasRemaining()) {
                                to.write(buf);
                            }
                        }
                        buf.clear(); // in a blackhole the bytes are simply gone
                    }
                } catch (IOException e) {
                    // the other pump or a cut closed the relay
                } finally {
                    close();
                }
            }, "tcp-proxy-" + port + "-" + dir);
            t.setDaemon(true);
            t.start();
        }

        void close() {
            relays.remove(this);
            quietClose(client);
            if (upstream != null) {
                quietClose(upstream);
            }
        }

        private static void quietClose(SocketChannel c) {
            try {
                c.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
