package io.sluice.worker.relay;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;

/**
 * A binlog event as the upstream sent it ({@code bytes}: header, body and checksum, exactly as
 * they go into a binlog file) together with its decoded form.
 */
record RawEvent(Event event, byte[] bytes) {
    EventHeaderV4 header() {
        return event.getHeader();
    }

    EventType type() {
        return header().getEventType();
    }

    /** The position in the upstream's file just after this event; 0 for events the server made up. */
    long nextPosition() {
        return header().getNextPosition();
    }
}
