package io.sluice.common.filter;

import io.sluice.common.config.BinlogEventRule;
import io.sluice.common.errors.ConfigErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Binlog event filters ({@code filters} of a task, {@code filters[]} of a source).
 *
 * <p>A rule applies to an event when its schema-pattern matches and its table-pattern is
 * empty or matches the table (for a schema event the table is empty, so only an empty or
 * {@code *} table-pattern applies). Each applying rule may drop the event:
 * <ul>
 * <li>{@code Ignore} drops it when its type is in {@code events}, or when it is a statement
 * whose text matches a {@code sql-pattern};</li>
 * <li>{@code Do} drops it when its type is not in {@code events}, or when it is a statement
 * and {@code sql-pattern} is set but none matches.</li>
 * </ul>
 * The event is skipped as soon as any rule drops it, so Ignore beats Do and two Do rules
 * must both let an event through. Statements of a kind filters cannot name
 * ({@link EventType#OTHER_DDL}) are judged by {@code sql-pattern} only.
 */
public final class BinlogEventFilter {
    public static final BinlogEventFilter NONE = new BinlogEventFilter(List.of());

    private enum Kind { ALL, ALL_DML, ALL_DDL, NONE, NONE_DML, NONE_DDL, ONE, NOTHING }

    private record Token(Kind kind, EventType type) {
    }

    private record Rule(String name, NamePattern schema, NamePattern table, List<Token> events, Pattern sql, boolean ignore) {
        boolean appliesTo(String s, String t) {
            return schema.matches(s) && (table.isEmpty() || table.matches(t));
        }

        boolean drops(EventType type, String statement) {
            if (type.isDml() || type.isNamedDdl()) {
                if (listed(type) == ignore) {
                    return true;
                }
            }
            if (statement != null && !statement.isEmpty() && sql != null) {
                return sql.matcher(statement).find() == ignore;
            }
            return false;
        }

        /** The list is read in order and the first deciding entry wins, so {@code [none, insert]} lists nothing. */
        private boolean listed(EventType type) {
            for (Token t : events) {
                switch (t.kind) {
                    case ALL:
                        return true;
                    case NONE:
                        return false;
                    case ALL_DML:
                        if (type.isDml()) {
                            return true;
                        }
                        break;
                    case NONE_DML:
                        if (type.isDml()) {
                            return false;
                        }
                        break;
                    case ALL_DDL:
                        if (!type.isDml()) {
                            return true;
                        }
                        break;
                    case NONE_DDL:
                        if (!type.isDml()) {
                            return false;
                        }
                        break;
                    case ONE:
                        if (t.type == type) {
                            return true;
                        }
                        break;
                    default:
                        break;
                }
            }
            return false;
        }
    }

    /** The rules that apply to one table; what the sync unit keeps per table. */
    public static final class Selected {
        private final List<Rule> rules;

        private Selected(List<Rule> rules) {
            this.rules = rules;
        }

        /** Whether an event of this type (with this statement text, empty for rows) is dropped. */
        public boolean skip(EventType type, String sql) {
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).drops(type, sql)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Selected PASS = new Selected(List.of());

    private final List<Rule> rules;

    private BinlogEventFilter(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * Compiles named rules, keeping their order.
     *
     * @throws io.sluice.common.errors.SluiceException INVALID_FILTER_RULE naming the rule for a
     *     missing schema-pattern, an unknown event name, a bad sql-pattern or an action other
     *     than Do/Ignore
     */
    public static BinlogEventFilter compile(Map<String, BinlogEventRule> named, boolean caseSensitive) {
        List<Rule> out = new ArrayList<>();
        for (Map.Entry<String, BinlogEventRule> e : named.entrySet()) {
            out.add(compileRule(e.getKey(), e.getValue(), caseSensitive));
        }
        return out.isEmpty() ? NONE : new BinlogEventFilter(List.copyOf(out));
    }

    /** Checks one rule as {@link #compile} would, without keeping it. */
    public static void validate(String name, BinlogEventRule rule) {
        compileRule(name, rule, false);
    }

    public Selected select(String schema, String table) {
        List<Rule> applying = null;
        for (Rule r : rules) {
            if (r.appliesTo(schema, table)) {
                if (applying == null) {
                    applying = new ArrayList<>(2);
                }
                applying.add(r);
            }
        }
        return applying == null ? PASS : new Selected(List.copyOf(applying));
    }

    public boolean skip(String schema, String table, EventType type, String sql) {
        return select(schema, table).skip(type, sql);
    }

    private static Rule compileRule(String name, BinlogEventRule r, boolean caseSensitive) {
        if (r == null || r.schemaPattern == null || r.schemaPattern.isEmpty()) {
            throw ConfigErrors.INVALID_FILTER_RULE.error(name, "schema-pattern must be set");
        }
        String action = r.action == null ? "" : r.action.trim();
        boolean ignore;
        if (action.equalsIgnoreCase("Ignore")) {
            ignore = true;
        } else if (action.equalsIgnoreCase("Do")) {
            ignore = false;
        } else {
            throw ConfigErrors.INVALID_FILTER_RULE.error(name, "action must be Do or Ignore, got `" + action + "`");
        }
        List<Token> events = new ArrayList<>();
        if (r.events != null) {
            for (String ev : r.events) {
                events.add(token(name, ev));
            }
        }
        Pattern sql = null;
        if (r.sqlPattern != null && !r.sqlPattern.isEmpty()) {
            StringBuilder joined = new StringBuilder();
            for (String p : r.sqlPattern) {
                try {
                    Pattern.compile(p);
                } catch (PatternSyntaxException ex) {
                    throw ConfigErrors.INVALID_FILTER_RULE.error(name, "bad sql-pattern `" + p + "`: " + ex.getDescription());
                }
                joined.append(joined.length() == 0 ? "" : "|").append("(?:").append(p).append(')');
            }
            // SQL keywords are case-insensitive, so patterns are too.
            sql = Pattern.compile(joined.toString(), Pattern.CASE_INSENSITIVE);
        }
        String tablePattern = r.tablePattern == null ? "" : r.tablePattern;
        return new Rule(name, NamePattern.wildcard(r.schemaPattern, caseSensitive),
                NamePattern.wildcard(tablePattern, caseSensitive), List.copyOf(events), sql, ignore);
    }

    private static Token token(String rule, String event) {
        String e = event == null ? "" : event.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (e) {
            case "":
                return new Token(Kind.NOTHING, null);
            case "all":
                return new Token(Kind.ALL, null);
            case "all dml":
                return new Token(Kind.ALL_DML, null);
            case "all ddl":
                return new Token(Kind.ALL_DDL, null);
            case "none":
                return new Token(Kind.NONE, null);
            case "none dml":
                return new Token(Kind.NONE_DML, null);
            case "none ddl":
                return new Token(Kind.NONE_DDL, null);
            case "create schema": // DM's aliases
                return new Token(Kind.ONE, EventType.CREATE_DATABASE);
            case "drop schema":
                return new Token(Kind.ONE, EventType.DROP_DATABASE);
            case "add index":
                return new Token(Kind.ONE, EventType.CREATE_INDEX);
            default:
                for (EventType t : EventType.values()) {
                    if (t.isNamedDdl() || t.isDml()) {
                        if (t.label().equals(e)) {
                            return new Token(Kind.ONE, t);
                        }
                    }
                }
                throw ConfigErrors.INVALID_FILTER_RULE.error(rule, "unknown event `" + event + "`");
        }
    }
}
