package io.sluice.common.schema;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import io.sluice.common.errors.SyncErrors;

/**
 * A table schema given as text (operate-schema's schema file): exactly one CREATE TABLE with its
 * own columns. Checked by the master before it asks any worker, so a malformed file changes
 * nothing on any source, and again by the worker that applies it.
 */
public final class CreateTableText {
    private CreateTableText() {
    }

    /** The parsed statement; the 44009 error when the text is anything else. */
    public static SQLCreateTableStatement parse(String text) {
        SQLStatement stmt;
        try {
            stmt = SQLUtils.parseSingleStatement(text, DbType.mysql);
        } catch (RuntimeException e) {
            throw SyncErrors.TRACKER_INVALID_CREATE.wrap(e, oneLine(text));
        }
        if (!(stmt instanceof SQLCreateTableStatement create) || create.getLike() != null || create.getSelect() != null
                || create.getTableElementList().stream().noneMatch(e -> e instanceof SQLColumnDefinition)) {
            throw SyncErrors.TRACKER_INVALID_CREATE.error(oneLine(text));
        }
        return create;
    }

    static String oneLine(String text) {
        String s = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
