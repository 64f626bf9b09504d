package io.sluice.worker.sync.onlineddl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a table is to gh-ost and pt-online-schema-change, told by its name as DM v5.3 tells it:
 * {@code _t_gho} (gh-ost) and {@code _t_new} (pt-osc) are the ghost copies being altered,
 * {@code _t_ghc}, {@code _t_del} (gh-ost) and {@code _t_old} (pt-osc) are their changelog and
 * trash tables, and any other name is a real table. A real table that happens to be named like
 * a ghost is taken for one, as DM does.
 */
public enum TableRole {
    REAL, GHOST, TRASH;

    private static final Pattern GHOST_NAME = Pattern.compile("^_(.+)_(?:gho|new)$");
    private static final Pattern TRASH_NAME = Pattern.compile("^_(.+)_(?:ghc|del|old)$");

    public static TableRole of(String table) {
        if (GHOST_NAME.matcher(table).matches()) {
            return GHOST;
        }
        return TRASH_NAME.matcher(table).matches() ? TRASH : REAL;
    }

    /** The table a ghost or trash table stands for ({@code _t_gho} → {@code t}); a real table's own name. */
    public static String realName(String table) {
        for (Pattern p : new Pattern[] {GHOST_NAME, TRASH_NAME}) {
            Matcher m = p.matcher(table);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return table;
    }
}
