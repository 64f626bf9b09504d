package io.sluice.worker.sync;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import io.sluice.common.config.DbConfig;
import io.sluice.common.tls.DatabaseTls;
import java.io.IOException;
import java.net.SocketException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A source's {@code from.security} on its binlog connection (sync and relay), as on its SQL connections. */
public final class BinlogTls {
    private BinlogTls() {
    }

    public static void apply(BinaryLogClient client, DbConfig from) {
        SSLContext ctx = DatabaseTls.sslContext(from);
        if (ctx == null) {
            return;
        }
        // the context trusts ssl-ca alone, so the server's certificate must be signed by it (verify-ca, as on the SQL connections)
        client.setSSLMode(SSLMode.VERIFY_CA);
        client.setSslSocketFactory(socket -> {
            try {
                return (SSLSocket) ctx.getSocketFactory().createSocket(socket, from.host, from.port, true);
            } catch (IOException e) {
                SocketException se = new SocketException("cannot start TLS to " + from.host + ":" + from.port);
                se.initCause(e);
                throw se;
            }
        });
    }
}
