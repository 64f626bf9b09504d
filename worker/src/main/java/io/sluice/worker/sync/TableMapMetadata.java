package io.sluice.worker.sync;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import io.sluice.worker.schema.TableInfo;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What a table map event itself says of its columns when the upstream writes it with
 * {@code binlog_row_metadata=FULL} (MySQL 8.0.1+, MariaDB 10.5+): which numeric columns are
 * unsigned, and (from the column types every table map has) the width of each integer. The
 * tracked schema can be wrong there, when a table was read from the upstream's current
 * definition (an incremental start before a later ALTER); the event is the row's own truth, so
 * it wins. Without the optional metadata the tracked shape is used as is.
 */
final class TableMapMetadata {
    /** Binlog column type codes of the columns the signedness list covers. */
    private static final int TINY = 1;
    private static final int SHORT = 2;
    private static final int LONG = 3;
    private static final int FLOAT = 4;
    private static final int DOUBLE = 5;
    private static final int LONGLONG = 8;
    private static final int INT24 = 9;
    private static final int YEAR = 13;
    private static final int NEWDECIMAL = 246;

    /** Table maps repeat with every transaction: the shape built for one tracked shape and signedness is kept. */
    private final PerShape<Built> built = new PerShape<>();

    private record Built(BitSet signedness, TableInfo shape) {
    }

    /** The tracked shape with the event's signedness; {@code tracked} itself when the event has none or agrees. */
    TableInfo apply(TableInfo tracked, TableMapEventData map) {
        TableMapEventMetadata meta = map.getEventMetadata();
        if (meta == null || meta.getSignedness() == null || map.getColumnTypes().length != tracked.columns().size()) {
            return tracked;
        }
        BitSet signedness = meta.getSignedness();
        Built b = built.get(tracked);
        if (b != null && b.signedness.equals(signedness)) {
            return b.shape;
        }
        TableInfo shape = withSignedness(tracked, map.getColumnTypes(), signedness);
        built.put(tracked, new Built(signedness, shape));
        return shape;
    }

    /**
     * @param unsignedColumns the event holds one bit per numeric column (YEAR counted, as MariaDB
     *                        10.11 writes it); the library has spread them onto column indexes
     */
    private static TableInfo withSignedness(TableInfo tracked, byte[] types, BitSet unsignedColumns) {
        List<TableInfo.Column> columns = new ArrayList<>(tracked.columns());
        boolean changed = false;
        for (int i = 0; i < types.length; i++) {
            int type = types[i] & 0xFF;
            if (!isNumeric(type)) {
                continue;
            }
            TableInfo.Column c = columns.get(i);
            boolean unsigned = unsignedColumns.get(i);
            // an unsigned value is widened by the width it was written with, which a later ALTER may have changed
            String typeName = integerType(type, c.type());
            if (c.unsigned() != unsigned || !typeName.equals(c.type())) {
                columns.set(i, new TableInfo.Column(c.name(), typeName, unsigned, c.charset(), c.length(), c.generated()));
                changed = true;
            }
        }
        return changed ? new TableInfo(tracked.schema(), tracked.table(), List.copyOf(columns), tracked.primaryKey(),
                tracked.uniqueKeys(), tracked.createSql()) : tracked;
    }

    /** The integer type the binlog column was written as; {@code tracked} for other types or when the tracker knows no integer there. */
    private static String integerType(int binlogType, String tracked) {
        if (!INTEGER_TYPES.contains(tracked)) {
            return tracked;
        }
        return switch (binlogType) {
            case TINY -> "tinyint";
            case SHORT -> "smallint";
            case INT24 -> "mediumint";
            case LONG -> "int";
            case LONGLONG -> "bigint";
            default -> tracked;
        };
    }

    private static final java.util.Set<String> INTEGER_TYPES = java.util.Set.of("tinyint", "smallint", "mediumint", "int", "bigint");

    private static boolean isNumeric(int type) {
        return switch (type) {
            case TINY, SHORT, LONG, FLOAT, DOUBLE, LONGLONG, INT24, YEAR, NEWDECIMAL -> true;
            default -> false;
        };
    }
}
