package io.sluice.common.filter;

import io.sluice.common.config.BlockAllowRule;
import io.sluice.common.errors.ConfigErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * One block-allow list ({@code block-allow-list.<name>}), evaluated in DM's order, which
 * follows MySQL's replicate-do/ignore rules:
 * <ol>
 * <li>schema: with {@code do-dbs}, only matching schemas continue; otherwise with
 * {@code ignore-dbs}, matching schemas are filtered;</li>
 * <li>table: a table matching {@code do-tables} is migrated; otherwise one matching
 * {@code ignore-tables} is filtered; otherwise it is migrated only when {@code do-tables} is
 * empty.</li>
 * </ol>
 * A schema object itself (CREATE/DROP DATABASE) only goes through step 1. So when both
 * {@code do-*} and {@code ignore-*} are set at one level, only {@code do-*} decides.
 * System schemas are not this class's business; {@link MigrationRules} drops them first.
 */
public final class BlockAllowList {
    /** No list configured: everything passes. */
    public static final BlockAllowList ALLOW_ALL = new BlockAllowList(List.of(), List.of(), List.of(), List.of());

    private record TablePattern(NamePattern schema, NamePattern table) {
        boolean matches(String s, String t) {
            return schema.matches(s) && table.matches(t);
        }
    }

    private final List<NamePattern> doDbs;
    private final List<NamePattern> ignoreDbs;
    private final List<TablePattern> doTables;
    private final List<TablePattern> ignoreTables;

    private BlockAllowList(List<NamePattern> doDbs, List<NamePattern> ignoreDbs, List<TablePattern> doTables, List<TablePattern> ignoreTables) {
        this.doDbs = doDbs;
        this.ignoreDbs = ignoreDbs;
        this.doTables = doTables;
        this.ignoreTables = ignoreTables;
    }

    /**
     * Compiles a configured list.
     *
     * @throws io.sluice.common.errors.SluiceException INVALID_BA_LIST naming {@code name} when a
     *     regular expression is bad or a table entry lacks its db-name or tbl-name
     */
    public static BlockAllowList compile(String name, BlockAllowRule rule, boolean caseSensitive) {
        if (rule == null) {
            return ALLOW_ALL;
        }
        return new BlockAllowList(
                schemas(name, "do-dbs", rule.doDbs, caseSensitive),
                schemas(name, "ignore-dbs", rule.ignoreDbs, caseSensitive),
                tables(name, "do-tables", rule.doTables, caseSensitive),
                tables(name, "ignore-tables", rule.ignoreTables, caseSensitive));
    }

    /** Step 1 only: whether the schema (as an object of its own) is migrated. */
    public boolean schemaAllowed(String schema) {
        if (!doDbs.isEmpty()) {
            return anyMatch(doDbs, schema);
        }
        return ignoreDbs.isEmpty() || !anyMatch(ignoreDbs, schema);
    }

    /** Both steps: whether the table is migrated. An empty {@code table} asks about the schema. */
    public boolean tableAllowed(String schema, String table) {
        if (!schemaAllowed(schema)) {
            return false;
        }
        if (table == null || table.isEmpty()) {
            return true;
        }
        if (anyMatch(doTables, schema, table)) {
            return true;
        }
        if (anyMatch(ignoreTables, schema, table)) {
            return false;
        }
        return doTables.isEmpty();
    }

    private static boolean anyMatch(List<NamePattern> patterns, String name) {
        for (NamePattern p : patterns) {
            if (p.matches(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatch(List<TablePattern> patterns, String schema, String table) {
        for (TablePattern p : patterns) {
            if (p.matches(schema, table)) {
                return true;
            }
        }
        return false;
    }

    private static List<NamePattern> schemas(String name, String key, List<String> values, boolean cs) {
        List<NamePattern> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            if (v == null || v.isEmpty()) {
                throw ConfigErrors.INVALID_BA_LIST.error(name, key + " has an empty entry");
            }
            out.add(compileValue(name, key, v, cs));
        }
        return List.copyOf(out);
    }

    private static List<TablePattern> tables(String name, String key, List<BlockAllowRule.TableRef> refs, boolean cs) {
        List<TablePattern> out = new ArrayList<>();
        if (refs == null) {
            return out;
        }
        for (int i = 0; i < refs.size(); i++) {
            BlockAllowRule.TableRef ref = refs.get(i);
            // DM requires both halves; an empty one would silently match nothing or everything.
            if (ref == null || ref.dbName == null || ref.dbName.isEmpty() || ref.tblName == null || ref.tblName.isEmpty()) {
                throw ConfigErrors.INVALID_BA_LIST.error(name, key + "[" + i + "] needs both db-name and tbl-name");
            }
            out.add(new TablePattern(compileValue(name, key, ref.dbName, cs), compileValue(name, key, ref.tblName, cs)));
        }
        return List.copyOf(out);
    }

    private static NamePattern compileValue(String name, String key, String value, boolean cs) {
        try {
            return NamePattern.blockAllowValue(value, cs);
        } catch (IllegalArgumentException e) {
            throw ConfigErrors.INVALID_BA_LIST.error(name, key + ": " + e.getMessage());
        }
    }
}
