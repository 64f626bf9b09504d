package io.sluice.worker.load;

import io.sluice.common.errors.DumpLoadErrors;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.filter.MigrationRules;
import io.sluice.common.filter.TableName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates the target schemas and tables from the dump's schema files, under their routed
 * names, over up to {@code pool-size} connections: every schema first, then the tables in
 * parallel. Every statement becomes {@code CREATE ... IF NOT EXISTS}, since a resumed load runs
 * them again; shard tables routed into one target table are created once, from the first shard's
 * file, so no two connections race on the same table.
 */
final class SchemaCreator {
    private static final String IDENT = "(?:`(?:[^`]|``)+`|[^\\s.(`]+)";
    private static final Pattern CREATE_DB = Pattern.compile(
            "^\\s*CREATE\\s+(?:DATABASE|SCHEMA)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + IDENT, Pattern.CASE_INSENSITIVE);
    static final Pattern CREATE_TABLE = Pattern.compile(
            "^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?",
            Pattern.CASE_INSENSITIVE);

    /** One CREATE statement for the target object {@code target}, read from {@code file}. */
    private record Creation(TableName target, Path file, String sql) {
    }

    private final MigrationRules rules;

    SchemaCreator(MigrationRules rules) {
        this.rules = rules;
    }

    /** Creates everything on one connection. */
    void create(DataSource ds, DumpContents dump) {
        create(ds, dump, 1);
    }

    void create(DataSource ds, DumpContents dump, int connections) {
        List<Creation> schemas = schemaCreations(dump);
        List<Creation> tables = tableCreations(dump);
        int threads = Math.max(1, Math.min(connections, Math.max(schemas.size(), tables.size())));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "load-schema");
            t.setDaemon(true);
            return t;
        });
        try {
            // a table's CREATE needs its schema: the schema round ends before any table starts
            runAll(pool, ds, schemas, threads);
            runAll(pool, ds, tables, threads);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The statements that create each routed target table with its schema, in order, for loads
     * that create a table just before its first chunk rather than all of them first.
     */
    Map<TableName, List<String>> statementsByTarget(DumpContents dump) {
        Map<String, String> schemaSql = new LinkedHashMap<>();
        schemaCreations(dump).forEach(cr -> schemaSql.put(cr.target().schema(), cr.sql()));
        Map<TableName, List<String>> out = new LinkedHashMap<>();
        for (Creation cr : tableCreations(dump)) {
            out.put(cr.target(), List.of(schemaSql.get(cr.target().schema()), cr.sql()));
        }
        return out;
    }

    /** Every routed target schema once: those of the dump's schema files, then those only a route names. */
    private List<Creation> schemaCreations(DumpContents dump) {
        Map<String, Creation> byName = new LinkedHashMap<>();
        for (String db : dump.schemas()) {
            Path file = dump.schemaFileOf(db);
            TableName target = rules.route(db, "");
            String sql = rewrite(CREATE_DB, statementOf(file), "CREATE DATABASE IF NOT EXISTS " + TableName.quote(target.schema()), file);
            byName.putIfAbsent(target.schema(), new Creation(target, file, sql));
        }
        for (DumpContents.TableFile tf : dump.tableSchemas()) {
            TableName target = rules.route(tf.table().schema(), tf.table().table());
            byName.putIfAbsent(target.schema(), new Creation(new TableName(target.schema(), ""), tf.path(),
                    "CREATE DATABASE IF NOT EXISTS " + TableName.quote(target.schema())));
        }
        return new ArrayList<>(byName.values());
    }

    /** Every routed target table once; the dump is sorted, so the first shard's file defines a merged table. */
    private List<Creation> tableCreations(DumpContents dump) {
        Map<TableName, Creation> byTarget = new LinkedHashMap<>();
        for (DumpContents.TableFile tf : dump.tableSchemas()) {
            TableName target = rules.route(tf.table().schema(), tf.table().table());
            // every shard's file is still read, so a malformed one fails the load as before
            String sql = rewrite(CREATE_TABLE, statementOf(tf.path()), "CREATE TABLE IF NOT EXISTS " + target.quoted(), tf.path());
            byTarget.putIfAbsent(target, new Creation(target, tf.path(), sql));
        }
        return new ArrayList<>(byTarget.values());
    }

    /**
     * Runs the creations over {@code threads} connections, each taking the next statement from a
     * shared list; the first error stops the others and is thrown.
     */
    private static void runAll(ExecutorService pool, DataSource ds, List<Creation> creations, int threads) {
        if (creations.isEmpty()) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(threads, creations.size()); i++) {
            workers.add(pool.submit(() -> {
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    st.execute("SET SESSION foreign_key_checks = 0");
                    for (int k = next.getAndIncrement(); k < creations.size() && !failed.get(); k = next.getAndIncrement()) {
                        execute(st, creations.get(k));
                    }
                } catch (SQLException e) {
                    failed.set(true);
                    throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, "target connection");
                } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                }
                return null;
            }));
        }
        RuntimeException first = null;
        for (Future<?> w : workers) {
            try {
                w.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof SluiceException se ? se
                            : e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.set(true);
                throw DumpLoadErrors.LOAD_CHECKPOINT.wrap(e, "target connection");
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void execute(Statement st, Creation creation) {
        try {
            st.execute(creation.sql());
        } catch (SQLException e) {
            throw DumpLoadErrors.LOAD_SCHEMA.wrap(e, creation.target(), creation.file().getFileName());
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
