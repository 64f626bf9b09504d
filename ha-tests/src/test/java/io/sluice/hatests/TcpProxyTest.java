package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The proxy the cut-off tests rely on does what they say: forwards, refuses, swallows, heals. */
class TcpProxyTest {
    @Test
    void forwardsRefusesSwallowsAndHeals() throws Exception {
        try (ServerSocket echo = new ServerSocket(0); TcpProxy proxy = TcpProxy.start("127.0.0.1:" + echo.getLocalPort())) {
            Thread server = new Thread(() -> {
                while (!echo.isClosed()) {
                    try {
                        Socket s = echo.accept();
                        new Thread(() -> {
                            try (s) {
                                s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException e) {
                                // client went away
                            }
                        }).start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();

            try (Socket s = dial(proxy)) {
                assertEquals('a', roundTrip(s, 'a'));
                proxy.blackhole();
                assertThrows(SocketTimeoutException.class, () -> roundTrip(s, 'b'), "an open connection hangs");
                try (Socket late = dial(proxy)) {
                    assertThrows(SocketTimeoutException.class, () -> roundTrip(late, 'c'), "a new connection is accepted, then hangs");
                }
                proxy.heal();
                assertEquals(-1, readOrEnd(s), "healing closes what the blackhole swallowed from");
            }
            try (Socket s = dial(proxy)) {
                assertEquals('d', roundTrip(s, 'd'));
                proxy.cut();
                assertEquals(-1, readOrEnd(s), "a cut closes open connections");
            }
            assertThrows(ConnectException.class, () -> dial(proxy).close(), "a cut refuses new connections");
            proxy.heal();
            try (Socket s = dial(proxy)) {
                assertEquals('e', roundTrip(s, 'e'));
            }
        }
    }

    private static Socket dial(TcpProxy proxy) throws IOException {
        String[] hp = proxy.address().split(":");
        Socket s = new Socket(hp[0], Integer.parseInt(hp[1]));
        s.setSoTimeout(1000);
        return s;
    }

    private static int roundTrip(Socket s, char c) throws IOException {
        s.getOutputStream().write(c);
        s.getOutputStream().flush();
        return s.getInputStream().read();
    }

    private static int readOrEnd(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read();
        } catch (java.net.SocketException e) {
            return -1; // reset: closed as well
        }
    }
}
