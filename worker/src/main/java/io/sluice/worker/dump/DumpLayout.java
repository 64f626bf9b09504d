package io.sluice.worker.dump;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the files in a dump directory, as mydumper lays them out so an operator (or
 * DM's own tools) recognise them: {@code db-schema-create.sql}, {@code db.tbl-schema.sql},
 * {@code db.tbl.000000001.sql} and {@code metadata}. Names are not escaped, so a schema or
 * table name containing a dot is resolved against the known schema names.
 */
public final class DumpLayout {
    public static final String METADATA = "metadata";
    static final String TEMP_SUFFIX = ".tmp";

    private static final Pattern DATA = Pattern.compile("(.+)\\.(\\d{9})\\.sql");
    private static final String SCHEMA_CREATE = "-schema-create.sql";
    private static final String TABLE_SCHEMA = "-schema.sql";

    private DumpLayout() {
    }

    public static String schemaCreateFile(String db) {
        return db + SCHEMA_CREATE;
    }

    public static String tableSchemaFile(String db, String table) {
        return db + "." + table + TABLE_SCHEMA;
    }

    public static String dataFile(String db, String table, int seq) {
        return String.format("%s.%s.%09d.sql", db, table, seq);
    }

    /** The schema a {@code db-schema-create.sql} file creates, if the name is one. */
    public static Optional<String> schemaOf(String fileName) {
        return fileName.endsWith(SCHEMA_CREATE)
                ? Optional.of(fileName.substring(0, fileName.length() - SCHEMA_CREATE.length()))
                : Optional.empty();
    }

    /** A table schema file's upstream table, given the schemas the dump contains. */
    public static Optional<DumpedTable> tableSchemaOf(String fileName, Collection<String> schemas) {
        if (!fileName.endsWith(TABLE_SCHEMA) || fileName.endsWith(SCHEMA_CREATE)) {
            return Optional.empty();
        }
        return split(fileName.substring(0, fileName.length() - TABLE_SCHEMA.length()), schemas);
    }

    /** A data file's upstream table, given the schemas the dump contains. */
    public static Optional<DumpedTable> dataFileOf(String fileName, Collection<String> schemas) {
        Matcher m = DATA.matcher(fileName);
        return m.matches() ? split(m.group(1), schemas) : Optional.empty();
    }

    /** Splits {@code db.tbl} at the longest known schema name that prefixes it. */
    private static Optional<DumpedTable> split(String dbDotTable, Collection<String> schemas) {
        String best = null;
        for (String db : schemas) {
            if (dbDotTable.startsWith(db + ".") && dbDotTable.length() > db.length() + 1
                    && (best == null || db.length() > best.length())) {
                best = db;
            }
        }
        return best == null ? Optional.empty()
                : Optional.of(new DumpedTable(best, dbDotTable.substring(best.length() + 1)));
    }

    /** An upstream table as named in the dump. */
    public record DumpedTable(String schema, String table) {
    }
}
