package io.sluice.worker.load;

import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates the target schemas and tables from the dump's schema files, under their routed
 * names. Every statement becomes {@code CREATE ... IF NOT EXISTS}: a resumed load runs them
 * again, and shard tables routed into one target table all create the same table.
 */
final class SchemaCreator {
    private static final String IDENT = "(?:`(?:[^`]|``)+`|[^\\s.(`]+)";
    private static final Pattern CREATE_DB = Pattern.compile(
            "^\\s*CREATE\\s+(?:DATABASE|SCHEMA)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + IDENT, Pattern.CASE_INSENSITIVE);
    static final Pattern CREATE_TABLE = Pattern.compile(
            "^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?",
            Pattern.CASE_INSENSITIVE);

    private final MigrationRules rules;

    SchemaCreator(MigrationRules rules) {
        this.rules = rules;
    }

    void create(DataSource ds, DumpContents dump) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET SESSION foreign_key_checks = 0");
            for (String db : dump.schemas()) {
                Path file = dump.schemaFileOf(db);
                TableName target = rules.route(db, "");
                String sql = rewrite(CREATE_DB, statementOf(file), "CREATE DATABASE IF NOT EXISTS " + TableName.quote(target.schema()), file);
                execute(st, sql, target, file);
            }
            for (DumpContents.TableFile tf : dump.tableSchemas()) {
                TableName target = rules.route(tf.table().schema(), tf.table().table());
                // the route may send the table to a schema the dump has no file for
                execute(st, "CREATE DATABASE IF NOT EXISTS " + TableName.quote(target.schema()), target, tf.path());
                String sql = rewrite(CREATE_TABLE, statementOf(tf.path()), "CREATE TABLE IF NOT EXISTS " + target.quoted(), tf.path());
                execute(st, sql, target, tf.path());
            }
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, "target connection");
        }
    }

    private static void execute(Statement st, String sql, TableName target, Path file) {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_SCHEMA.wrap(e, target, file.getFileName());
        }
    }

    /** The CREATE statement of a schema file, without mydumper's SET NAMES header or the final ';'. */
    static String statementOf(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DumpLoadErrors.LOAD_READ_DIR.wrap(e, file);
        }
        Matcher m = Pattern.compile("^\\s*CREATE\\s", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE).matcher(text);
        if (!m.find()) {
            throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(file.getFileName(), 1, "no CREATE statement");
        }
        String sql = text.substring(m.start()).strip();
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
    }

    static String rewrite(Pattern head, String sql, String replacement, Path file) {
        Matcher m = head.matcher(sql);
        if (!m.find()) {
            throw DumpLoadErrors.LOAD_MALFORMED_FILE.error(file.getFileName(), 1, "unexpected statement head");
        }
        return replacement + sql.substring(m.end());
    }
}
