package io.sluice.master.shardddl.optimism;

import java.util.List;
import java.util.Locale;

/**
 * A column's data type as the optimistic join compares it: the base type, its size arguments,
 * signedness and an explicit character set or collation. Display widths of integers carry no
 * meaning for the data, so they are dropped.
 */
record ColumnType(String base, List<String> args, boolean unsigned, String charsetAndCollation) {
    private static final List<String> INTEGERS = List.of("tinyint", "smallint", "mediumint", "int", "bigint");
    private static final List<String> FLOATS = List.of("float", "double");
    private static final List<String> TEXTS = List.of("tinytext", "text", "mediumtext", "longtext");
    private static final List<String> BLOBS = List.of("tinyblob", "blob", "mediumblob", "longblob");
    private static final List<String> SIZED = List.of("char", "varchar", "binary", "varbinary", "bit");

    ColumnType {
        base = base.toLowerCase(Locale.ROOT);
        if (base.equals("integer")) {
            base = "int";
        }
        if (base.equals("real")) {
            base = "double";
        }
        if (INTEGERS.contains(base) || FLOATS.contains(base) && args.isEmpty()) {
            args = List.of();
        }
        args = List.copyOf(args);
        charsetAndCollation = charsetAndCollation == null ? "" : charsetAndCollation;
    }

    /**
     * The narrowest type that holds every value of both, or null when there is none (different
     * families, signedness, character sets, or types compared only for equality such as ENUM).
     */
    static ColumnType join(ColumnType a, ColumnType b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.unsigned != b.unsigned || !a.charsetAndCollation.equals(b.charsetAndCollation)) {
            return null;
        }
        for (List<String> family : List.of(INTEGERS, FLOATS, TEXTS, BLOBS)) {
            if (family.contains(a.base) && family.contains(b.base) && a.args.equals(b.args)) {
                return family.indexOf(a.base) >= family.indexOf(b.base) ? a : b;
            }
        }
        if (a.base.equals(b.base) && SIZED.contains(a.base) && a.args.size() == 1 && b.args.size() == 1
                && number(a.args.get(0)) > 0 && number(b.args.get(0)) > 0) {
            return number(a.args.get(0)) >= number(b.args.get(0)) ? a : b;
        }
        if (a.base.equals(b.base) && a.base.equals("decimal")) {
            int aScale = arg(a, 1, 0);
            int bScale = arg(b, 1, 0);
            int digits = Math.max(arg(a, 0, 10) - aScale, arg(b, 0, 10) - bScale);
            int scale = Math.max(aScale, bScale);
            return digits + scale > 65 ? null
                    : new ColumnType("decimal", List.of(String.valueOf(digits + scale), String.valueOf(scale)), a.unsigned, a.charsetAndCollation);
        }
        return null;
    }

    private static int arg(ColumnType t, int i, int otherwise) {
        return t.args.size() > i ? number(t.args.get(i)) : otherwise;
    }

    private static int number(String arg) {
        try {
            return Integer.parseInt(arg.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String sql() {
        StringBuilder s = new StringBuilder(base);
        if (!args.isEmpty()) {
            s.append('(');
            s.append(String.join(",", args));
            s.append(')');
        }
        if (unsigned) {
            s.append(" unsigned");
        }
        if (!charsetAndCollation.isEmpty()) {
            s.append(' ').append(charsetAndCollation);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return sql();
    }
}
