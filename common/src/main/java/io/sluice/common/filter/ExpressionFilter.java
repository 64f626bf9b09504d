package io.sluice.common.filter;

import io.sluice.common.config.ExpressionFilterRule;
import io.sluice.common.config.InstanceConfig;
import io.sluice.common.config.TaskConfig;
import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SyncErrors;
import io.sluice.common.filter.expression.SqlExpression;
import java.util.ArrayList;
import java.util.List;

/**
 * A source's expression filters ({@code expression-filter} rules named by the instance's
 * {@code expression-filters}): row changes of one exact table that are not replicated when a
 * SQL expression over their values is true. Rules are OR-ed. For an update, a rule with both
 * an old- and a new-value expression drops the change only when both match; a rule with one
 * of them decides for the whole update. Only the incremental phase applies them (as DM).
 */
public final class ExpressionFilter {
    public static final ExpressionFilter NONE = new ExpressionFilter(List.of(), false);

    private final List<Rule> rules;
    private final boolean caseSensitive;

    /** One compiled rule; an absent expression is null. */
    record Rule(String name, String schema, String table, SqlExpression insert, SqlExpression updateOld,
            SqlExpression updateNew, SqlExpression delete) {
    }

    private ExpressionFilter(List<Rule> rules, boolean caseSensitive) {
        this.rules = rules;
        this.caseSensitive = caseSensitive;
    }

    /** The rules the instance references. @throws io.sluice.common.errors.SluiceException for a bad or unknown rule */
    public static ExpressionFilter of(TaskConfig task, InstanceConfig instance) {
        List<Rule> rules = new ArrayList<>();
        for (String name : instance.expressionFilters) {
            ExpressionFilterRule r = task.expressionFilter.get(name);
            if (r == null) {
                throw ConfigErrors.EXPR_FILTER_NOT_FOUND.error(task.mysqlInstances.indexOf(instance), name);
            }
            rules.add(compile(name, r));
        }
        return rules.isEmpty() ? NONE : new ExpressionFilter(List.copyOf(rules), task.caseSensitive);
    }

    /**
     * Checks one rule as start-task and check-task do: schema and table set, exactly one kind
     * of expression, every expression parses and calls only supported functions.
     */
    public static void validate(String name, ExpressionFilterRule r) {
        compile(name, r);
    }

    private static Rule compile(String name, ExpressionFilterRule r) {
        if (r == null || blank(r.schema)) {
            throw ConfigErrors.EXPR_FILTER_EMPTY_NAME.error(name, "schema");
        }
        if (blank(r.table)) {
            throw ConfigErrors.EXPR_FILTER_EMPTY_NAME.error(name, "table");
        }
        List<String> kinds = new ArrayList<>();
        if (!blank(r.insertValueExpr)) {
            kinds.add("insert: [" + r.insertValueExpr + "]");
        }
        if (!blank(r.updateOldValueExpr) || !blank(r.updateNewValueExpr)) {
            kinds.add("update (old value): [" + r.updateOldValueExpr + "] update (new value): [" + r.updateNewValueExpr + "]");
        }
        if (!blank(r.deleteValueExpr)) {
            kinds.add("delete: [" + r.deleteValueExpr + "]");
        }
        if (kinds.size() > 1) {
            throw ConfigErrors.EXPR_FILTER_MANY_EXPR.error(name, kinds);
        }
        if (kinds.isEmpty()) {
            throw ConfigErrors.EXPR_FILTER_EMPTY_NAME.error(name, "insert-value-expr, update-old-value-expr, update-new-value-expr and delete-value-expr");
        }
        return new Rule(name, r.schema, r.table, parse(name, r.insertValueExpr), parse(name, r.updateOldValueExpr),
                parse(name, r.updateNewValueExpr), parse(name, r.deleteValueExpr));
    }

    private static SqlExpression parse(String name, String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return SqlExpression.parse(text);
        } catch (IllegalArgumentException e) {
            throw ConfigErrors.EXPR_FILTER_WRONG_GRAMMAR.error(name, text, e.getMessage());
        }
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The upstream tables some rule applies to, as (schema, table), for checks against the upstream. */
    public List<TableName> tables() {
        return rules.stream().map(r -> new TableName(r.schema(), r.table())).distinct().toList();
    }

    /**
     * The rules for one upstream table bound to its columns, or null when no rule names it.
     *
     * @throws io.sluice.common.errors.SluiceException EXPR_FILTER_UNKNOWN_COLUMN when a rule names a column the table lacks
     */
    public TableRules forTable(String schema, String table, List<SqlExpression.Column> columns) {
        List<BoundRule> bound = new ArrayList<>();
        for (Rule r : rules) {
            if (!same(r.schema(), schema) || !same(r.table(), table)) {
                continue;
            }
            bound.add(new BoundRule(r, bind(r, r.insert(), schema, table, columns), bind(r, r.updateOld(), schema, table, columns),
                    bind(r, r.updateNew(), schema, table, columns), bind(r, r.delete(), schema, table, columns)));
        }
        return bound.isEmpty() ? null : new TableRules(new TableName(schema, table), bound);
    }

    /**
     * Checks that the rules on this table read only the given columns (the upstream's, at
     * check-task time).
     *
     * @throws io.sluice.common.errors.SluiceException EXPR_FILTER_UNKNOWN_COLUMN naming the rule and the column
     */
    public void checkColumns(String schema, String table, List<String> columns) {
        for (Rule r : rules) {
            if (!same(r.schema(), schema) || !same(r.table(), table)) {
                continue;
            }
            for (SqlExpression e : java.util.Arrays.asList(r.insert(), r.updateOld(), r.updateNew(), r.delete())) {
                if (e == null) {
                    continue;
                }
                for (String c : e.columns()) {
                    if (columns.stream().noneMatch(c::equalsIgnoreCase)) {
                        throw ConfigErrors.EXPR_FILTER_UNKNOWN_COLUMN.error(r.name(), e.text(), new TableName(schema, table),
                                "unknown column `" + c + "`");
                    }
                }
            }
        }
    }

    private static SqlExpression.Bound bind(Rule r, SqlExpression e, String schema, String table, List<SqlExpression.Column> columns) {
        if (e == null) {
            return null;
        }
        try {
            return e.bind(columns);
        } catch (IllegalArgumentException ex) {
            throw ConfigErrors.EXPR_FILTER_UNKNOWN_COLUMN.error(r.name(), e.text(), new TableName(schema, table), ex.getMessage());
        }
    }

    private boolean same(String a, String b) {
        return caseSensitive ? a.equals(b) : a.equalsIgnoreCase(b);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private record BoundRule(Rule rule, SqlExpression.Bound insert, SqlExpression.Bound updateOld,
            SqlExpression.Bound updateNew, SqlExpression.Bound delete) {
    }

    /** The rules of one table shape; asked once per row change. */
    public static final class TableRules {
        private final TableName table;
        private final List<BoundRule> rules;

        private TableRules(TableName table, List<BoundRule> rules) {
            this.table = table;
            this.rules = rules;
        }

        public boolean skipInsert(Object[] row) {
            for (BoundRule r : rules) {
                if (matches(r, r.insert(), r.rule().insert(), row)) {
                    return true;
                }
            }
            return false;
        }

        public boolean skipDelete(Object[] row) {
            for (BoundRule r : rules) {
                if (matches(r, r.delete(), r.rule().delete(), row)) {
                    return true;
                }
            }
            return false;
        }

        public boolean skipUpdate(Object[] before, Object[] after) {
            for (BoundRule r : rules) {
                if (r.updateOld() == null && r.updateNew() == null) {
                    continue;
                }
                boolean oldMatch = r.updateOld() == null || matches(r, r.updateOld(), r.rule().updateOld(), before);
                boolean newMatch = r.updateNew() == null || matches(r, r.updateNew(), r.rule().updateNew(), after);
                if (oldMatch && newMatch) {
                    return true;
                }
            }
            return false;
        }

        private boolean matches(BoundRule r, SqlExpression.Bound bound, SqlExpression source, Object[] row) {
            if (bound == null) {
                return false;
            }
            try {
                return bound.matches(row);
            } catch (RuntimeException e) {
                // a non-constant regular expression or a bad JSON text: stop with the rule's name, not a bare exception
                throw SyncErrors.EXPR_FILTER_EVAL.error(r.rule().name(), source.text(), table, String.valueOf(e.getMessage()));
            }
        }
    }
}
