package io.sluice.hatests;

import io.sluice.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded stream of writes to {@link SampleData}'s tables on the source, on its own thread:
 * inserts into the table without a key (where a replayed row would show as a duplicate),
 * updates by primary key, deletes. Stops after {@code maxRounds} or {@link #stop()}.
 */
final class WriteLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;

    private WriteLoad(MariaDbServer src, int maxRounds, int users, int orders) {
        thread = new Thread(() -> {
            try (Connection c = src.connect(); Statement st = c.createStatement()) {
                for (int i = 1; running.get() && i <= maxRounds; i++) {
                    st.execute("INSERT INTO media.events_nopk VALUES (NOW(), 'load', " + i + ")");
                    st.execute("UPDATE app.users SET score = score + 1 WHERE id = " + (1 + i % users));
                    if (i % 5 == 0) {
                        st.execute("DELETE FROM shop.orders WHERE id = 18446744073709000000 + " + (1 + i % orders));
                    }
                    rounds.incrementAndGet();
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }, "write-load");
    }

    static WriteLoad start(MariaDbServer src, int maxRounds, int users, int orders) {
        WriteLoad w = new WriteLoad(src, maxRounds, users, orders);
        w.thread.start();
        return w;
    }

    /** Stops writing and returns how many rounds were written; a failed write fails the test. */
    long stop() throws Exception {
        running.set(false);
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return rounds.get();
    }

    @Override
    public void close() throws Exception {
        if (thread.isAlive()) {
            stop();
        }
    }
}
