package io.sluice.worker.sync;

import io.sluice.worker.schema.TableInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code syncers.compact}: within one writer batch, the changes to one row collapse into the one
 * change that leaves the target as the whole sequence would, as DM's compactor does:
 *
 * <pre>
 * INSERT + UPDATE → INSERT (the new image)      UPDATE + UPDATE → UPDATE (first old, last new image)
 * DELETE + INSERT → INSERT in safe mode (REPLACE: the row is still on the target)
 * UPDATE + DELETE → DELETE                       DELETE + DELETE → DELETE
 * INSERT + DELETE → nothing when the INSERT was plain (the row was not on the target before), else DELETE
 * </pre>
 *
 * An UPDATE that changes the row's key is first split into DELETE of the old key and INSERT of
 * the new one. The merged change takes the place of the last change it covers.
 *
 * <p>Only tables whose one unique key (primary or unique) identifies rows take part, and only
 * rows whose key has no NULL: moving a change later in the batch is safe only when no other
 * unique key can make rows with different identities collide (DM compacts those too and can
 * then fail on a duplicate key). The batch is committed in one transaction with the queue's
 * position, so what the target sees between the merged statements never matters.
 */
final class RowCompactor {

    /** A row change as it will be written, and whether in safe mode (INSERT as REPLACE, UPDATE as DELETE + REPLACE). */
    record WriteRow(RowChange change, boolean safe) {
    }

    private RowCompactor() {
    }

    /** The rows as they are, each with its safe mode: what is written without compaction. */
    static List<WriteRow> asIs(List<RowChange> rows, java.util.function.Predicate<RowChange> safe) {
        List<WriteRow> out = new ArrayList<>(rows.size());
        for (RowChange r : rows) {
            out.add(new WriteRow(r, safe.test(r)));
        }
        return out;
    }

    static List<WriteRow> compact(List<RowChange> rows, java.util.function.Predicate<RowChange> safe) {
        if (!keysAreUnambiguous(rows)) {
            return asIs(rows, safe);
        }
        List<WriteRow> slots = new ArrayList<>(rows.size());
        Map<Key, Integer> slotOf = new HashMap<>();
        for (RowChange r : rows) {
            boolean s = safe.test(r);
            if (!compactable(r)) {
                slots.add(new WriteRow(r, s));
                continue;
            }
            if (r.kind() == RowChange.Kind.UPDATE && keyChanged(r)) {
                merge(slots, slotOf, new WriteRow(new RowChange(RowChange.Kind.DELETE, r.table(), r.target(), r.before(), null,
                        r.position()), s));
                merge(slots, slotOf, new WriteRow(new RowChange(RowChange.Kind.INSERT, r.table(), r.target(), null, r.after(),
                        r.position()), s));
            } else {
                merge(slots, slotOf, new WriteRow(r, s));
            }
        }
        List<WriteRow> out = new ArrayList<>(slots.size());
        for (WriteRow w : slots) {
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }

    private static void merge(List<WriteRow> slots, Map<Key, Integer> slotOf, WriteRow cur) {
        RowChange c = cur.change();
        Key key = Key.of(c, false);
        Integer prevSlot = slotOf.get(key);
        if (prevSlot == null) {
            slotOf.put(key, slots.size());
            slots.add(cur);
            return;
        }
        WriteRow prev = slots.get(prevSlot);
        if (prev.change().kind() == RowChange.Kind.DELETE && c.kind() == RowChange.Kind.UPDATE) {
            // cannot come from one binlog; both stay, in order
            slotOf.put(key, slots.size());
            slots.add(cur);
            return;
        }
        WriteRow merged = merged(prev, cur);
        slots.set(prevSlot, null);
        if (merged == null) {
            slotOf.remove(key);
            return;
        }
        slotOf.put(key, slots.size());
        slots.add(merged);
    }

    /** What {@code prev} followed by {@code cur} on the same row amounts to; null for nothing at all. */
    static WriteRow merged(WriteRow prev, WriteRow cur) {
        RowChange p = prev.change();
        RowChange c = cur.change();
        return switch (c.kind()) {
            // the row may still be on the target unless the only earlier change was a plain insert
            case INSERT -> new WriteRow(c, cur.safe() || p.kind() != RowChange.Kind.INSERT || prev.safe());
            case DELETE -> p.kind() == RowChange.Kind.INSERT && !prev.safe() ? null : cur;
            case UPDATE -> switch (p.kind()) {
                case INSERT -> new WriteRow(new RowChange(RowChange.Kind.INSERT, c.table(), c.target(), null, c.after(),
                        c.position()), prev.safe() || cur.safe());
                case UPDATE -> new WriteRow(new RowChange(RowChange.Kind.UPDATE, c.table(), c.target(), p.before(), c.after(),
                        c.position()), prev.safe() || cur.safe());
                case DELETE -> throw new IllegalArgumentException("DELETE + UPDATE does not merge");
            };
        };
    }

    /** Whether the row belongs to a table with exactly one unique key and has no NULL in it. */
    static boolean compactable(RowChange r) {
        TableInfo t = r.table();
        int uniqueKeys = (t.primaryKey().isEmpty() ? 0 : 1) + t.uniqueKeys().size();
        if (uniqueKeys != 1) {
            return false;
        }
        for (String k : t.identityKey()) {
            int i = t.indexOf(k);
            if ((r.before() != null && r.before()[i] == null) || (r.after() != null && r.after()[i] == null)) {
                return false;
            }
        }
        return true;
    }

    static boolean keyChanged(RowChange r) {
        TableInfo t = r.table();
        for (String k : t.identityKey()) {
            int i = t.indexOf(k);
            if (!Objects.deepEquals(r.before()[i], r.after()[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Key values are compared exactly, but the target may compare strings case- and
     * trailing-space-insensitively: when two exact keys of one table fold to the same value the
     * batch is left as it is, since merging by either reading could reorder changes to one row.
     */
    private static boolean keysAreUnambiguous(List<RowChange> rows) {
        Map<Key, Key> exactOfFolded = new HashMap<>();
        for (RowChange r : rows) {
            if (!compactable(r)) {
                continue;
            }
            for (Object[] image : new Object[][] {r.before(), r.after()}) {
                if (image == null) {
                    continue;
                }
                RowChange one = new RowChange(r.kind(), r.table(), r.target(), image, null, r.position());
                Key exact = Key.of(one, false);
                Key previous = exactOfFolded.putIfAbsent(Key.of(one, true), exact);
                if (previous != null && !previous.equals(exact)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A row's identity: target table and key values (after image when there is one). */
    private record Key(String table, List<Object> values) {
        static Key of(RowChange c, boolean folded) {
            Object[] image = c.after() != null ? c.after() : c.before();
            TableInfo t = c.table();
            List<Object> values = new ArrayList<>();
            for (String k : t.identityKey()) {
                values.add(comparable(image[t.indexOf(k)], folded));
            }
            return new Key(c.target().quoted(), values);
        }

        private static Object comparable(Object v, boolean folded) {
            if (v instanceof byte[] b) {
                return HexFormat.of().formatHex(b);
            }
            if (folded && v instanceof String s) {
                return s.toLowerCase(Locale.ROOT).stripTrailing();
            }
            if (v instanceof Object[] a) {
                return Arrays.asList(a);
            }
            return v;
        }
    }
}
