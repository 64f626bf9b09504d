package io.sluice.worker.schema;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLDataType;
import com.alibaba.druid.sql.ast.SQLDataTypeImpl;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLAssignItem;
import com.alibaba.druid.sql.ast.statement.SQLCharacterDataType;
import com.alibaba.druid.sql.ast.statement.SQLColumnConstraint;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLColumnPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLColumnUniqueKey;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLSelectOrderByItem;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.alibaba.druid.sql.ast.statement.SQLUnique;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlKey;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlUnique;
import com.alibaba.druid.sql.repository.Schema;
import com.alibaba.druid.sql.repository.SchemaObject;
import com.alibaba.druid.sql.repository.SchemaRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SchemaTracker} on druid's in-memory {@link SchemaRepository}: druid applies the DDL
 * (ALTER, RENAME, CREATE/DROP INDEX, …) to its CREATE TABLE model, and we read column facts and
 * keys off that model. Parsed {@link TableInfo}s are cached per table and dropped whenever a
 * DDL may have changed them, because druid's model is not cheap to walk on every row.
 * Used by one thread (the sync pipeline); reads from status threads only see the cache.
 */
public final class DruidSchemaTracker implements SchemaTracker {
    private final SchemaRepository repo = new SchemaRepository(DbType.mysql);
    private final Map<String, TableInfo> cache = new ConcurrentHashMap<>();

    @Override
    public TableInfo table(String schema, String table) {
        String key = key(schema, table);
        TableInfo info = cache.get(key);
        if (info != null) {
            return info;
        }
        SchemaObject obj = find(schema, table);
        if (obj == null || !(obj.getStatement() instanceof SQLCreateTableStatement create)) {
            return null;
        }
        info = describe(schema, table, create);
        cache.put(key, info);
        return info;
    }

    @Override
    public void load(String schema, String table, String createSql) {
        forget(schema, table);
        repo.setDefaultSchema(schema);
        // The statement may name the table differently (a checkpoint of a renamed table);
        // parse it and pin the name we were asked for.
        SQLCreateTableStatement create = (SQLCreateTableStatement) SQLUtils.parseSingleStatement(createSql, DbType.mysql);
        create.setTableName(quote(table));
        create.setSchema(quote(schema));
        GeneratedColumns.toShortForm(create);
        repo.accept(create);
    }

    @Override
    public void applyDdl(String defaultSchema, String ddl) {
        List<SQLStatement> stmts = SQLUtils.parseStatements(ddl, DbType.mysql);
        for (SQLStatement stmt : stmts) {
            GeneratedColumns.toShortForm(stmt);
            if (defaultSchema != null && !defaultSchema.isEmpty()) {
                repo.setDefaultSchema(defaultSchema);
            }
            if (stmt instanceof MySqlRenameTableStatement rename) {
                for (MySqlRenameTableStatement.Item item : rename.getItems()) {
                    renameTable(defaultSchema, item.getName(), item.getTo());
                }
            } else if (stmt instanceof SQLDropDatabaseStatement drop) {
                dropSchema(SQLUtils.normalize(drop.getDatabaseName()));
            } else {
                if (stmt instanceof SQLAlterTableStatement alter) {
                    String[] t = split(defaultSchema, alter.getName());
                    SchemaObject obj = find(t[0], t[1]);
                    if (obj != null && obj.getStatement() instanceof SQLCreateTableStatement create) {
                        AlterTableGaps.apply(create, alter);
                    }
                }
                repo.accept(asAlter(stmt));
            }
        }
        // Any table may have changed (RENAME moves one, DROP DATABASE removes many): re-read lazily.
        cache.clear();
    }

    private void dropSchema(String schema) {
        Schema s = repo.findSchema(schema);
        if (s == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (SchemaObject o : s.getObjects()) {
            names.add(SQLUtils.normalize(o.getName()));
        }
        names.forEach(t -> forget(schema, t));
    }

    /** druid's repository does not apply RENAME TABLE: move the CREATE TABLE ourselves. */
    private void renameTable(String defaultSchema, SQLName from, SQLName to) {
        String[] src = split(defaultSchema, from);
        String[] dst = split(defaultSchema, to);
        SchemaObject obj = find(src[0], src[1]);
        if (obj == null || !(obj.getStatement() instanceof SQLCreateTableStatement create)) {
            return;
        }
        String sql = GeneratedColumns.print(create);
        forget(src[0], src[1]);
        load(dst[0], dst[1], sql);
    }

    private static String[] split(String defaultSchema, SQLName name) {
        if (name instanceof SQLPropertyExpr p) {
            return new String[] {SQLUtils.normalize(p.getOwnerName()), SQLUtils.normalize(p.getName())};
        }
        return new String[] {defaultSchema, SQLUtils.normalize(name.getSimpleName())};
    }

    /**
     * druid's repository leaves the table model alone on CREATE INDEX / DROP INDEX; the
     * equivalent ALTER TABLE it does apply.
     */
    private static SQLStatement asAlter(SQLStatement stmt) {
        String sql = null;
        if (stmt instanceof SQLCreateIndexStatement ci) {
            StringBuilder cols = new StringBuilder();
            for (SQLSelectOrderByItem item : ci.getItems()) {
                cols.append(cols.length() == 0 ? "" : ", ").append(item.toString());
            }
            String kind = ci.getType() == null ? "" : ci.getType().toUpperCase(Locale.ROOT);
            String idx = kind.contains("UNIQUE") ? "UNIQUE INDEX" : kind.contains("FULLTEXT") ? "FULLTEXT INDEX" : "INDEX";
            sql = "ALTER TABLE " + ci.getTable() + " ADD " + idx + " " + ci.getName() + " (" + cols + ")";
        } else if (stmt instanceof SQLDropIndexStatement di) {
            sql = "ALTER TABLE " + di.getTableName() + " DROP INDEX " + di.getIndexName();
        }
        return sql == null ? stmt : SQLUtils.parseSingleStatement(sql, DbType.mysql);
    }

    @Override
    public void forget(String schema, String table) {
        cache.remove(key(schema, table));
        Schema s = repo.findSchema(schema);
        if (s != null && s.findTable(table) != null) {
            repo.setDefaultSchema(schema);
            repo.accept(SQLUtils.parseSingleStatement("DROP TABLE " + quote(schema) + "." + quote(table), DbType.mysql));
        }
    }

    @Override
    public Collection<TableInfo> tables() {
        List<TableInfo> out = new ArrayList<>();
        for (Schema s : repo.getSchemas()) {
            for (SchemaObject o : s.getObjects()) {
                if (o.getStatement() instanceof SQLCreateTableStatement) {
                    TableInfo t = table(SQLUtils.normalize(s.getName()), SQLUtils.normalize(o.getName()));
                    if (t != null) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }

    private SchemaObject find(String schema, String table) {
        Schema s = repo.findSchema(schema);
        return s == null ? null : s.findTable(table);
    }

    static TableInfo describe(String schema, String table, SQLCreateTableStatement create) {
        String tableCharset = tableCharset(create);
        List<TableInfo.Column> cols = new ArrayList<>();
        List<String> pk = new ArrayList<>();
        List<List<String>> uks = new ArrayList<>();
        for (SQLTableElement el : create.getTableElementList()) {
            if (el instanceof SQLColumnDefinition col) {
                String name = SQLUtils.normalize(col.getColumnName());
                cols.add(column(name, col, tableCharset));
                for (SQLColumnConstraint c : col.getConstraints()) {
                    if (c instanceof SQLColumnPrimaryKey) {
                        pk.add(name);
                    } else if (c instanceof SQLColumnUniqueKey) {
                        uks.add(List.of(name));
                    }
                }
            } else if (el instanceof SQLPrimaryKey key && el instanceof SQLUnique u) {
                pk.clear();
                pk.addAll(keyColumns(u));
            } else if (el instanceof MySqlUnique u) {
                uks.add(keyColumns(u));
            } else if (el instanceof SQLUnique u && !(el instanceof MySqlKey)) {
                uks.add(keyColumns(u));
            }
        }
        return new TableInfo(schema, table, List.copyOf(cols), List.copyOf(pk), List.copyOf(uks), GeneratedColumns.print(create));
    }

    private static TableInfo.Column column(String name, SQLColumnDefinition col, String tableCharset) {
        SQLDataType dt = col.getDataType();
        String type = dt.getName().toLowerCase(Locale.ROOT);
        boolean unsigned = dt instanceof SQLDataTypeImpl impl && impl.isUnsigned();
        String charset = null;
        if (col.getCharsetExpr() != null) {
            charset = SQLUtils.normalize(col.getCharsetExpr().toString());
        } else if (dt instanceof SQLCharacterDataType c && c.getCharSetName() != null) {
            charset = SQLUtils.normalize(c.getCharSetName());
        }
        String collate = col.getCollateExpr() != null ? SQLUtils.normalize(col.getCollateExpr().toString())
                : dt instanceof SQLCharacterDataType c ? c.getCollate() : null;
        if (charset == null && collate != null && collate.contains("_")) {
            charset = collate.substring(0, collate.indexOf('_'));
        }
        if (type.equals("binary") || type.equals("varbinary") || type.endsWith("blob")) {
            charset = "binary";
        }
        if (charset == null) {
            charset = tableCharset;
        }
        int length = -1;
        List<SQLExpr> args = dt.getArguments();
        // Only fixed-width byte and bit columns need their declared width to read a binlog value.
        boolean sized = type.equals("binary") || type.equals("char") || type.equals("bit");
        if (sized && !args.isEmpty() && args.get(0) instanceof SQLIntegerExpr i) {
            length = i.getNumber().intValue();
        }
        return new TableInfo.Column(name, type, unsigned, charset.toLowerCase(Locale.ROOT), length, GeneratedColumns.isGenerated(col));
    }

    static String tableCharset(SQLCreateTableStatement create) {
        for (SQLAssignItem opt : create.getTableOptions()) {
            String k = opt.getTarget().toString().toUpperCase(Locale.ROOT);
            if (k.contains("CHARSET") || k.contains("CHARACTER SET")) {
                return SQLUtils.normalize(opt.getValue().toString()).toLowerCase(Locale.ROOT);
            }
        }
        for (SQLAssignItem opt : create.getTableOptions()) {
            if (opt.getTarget().toString().toUpperCase(Locale.ROOT).contains("COLLATE")) {
                String c = SQLUtils.normalize(opt.getValue().toString());
                return c.contains("_") ? c.substring(0, c.indexOf('_')).toLowerCase(Locale.ROOT) : c;
            }
        }
        return "utf8mb4";
    }

    private static List<String> keyColumns(SQLUnique key) {
        List<String> names = new ArrayList<>();
        for (SQLSelectOrderByItem item : key.getColumns()) {
            SQLExpr e = item.getExpr();
            // A prefix key `c(10)` parses as a call; the column is still c.
            names.add(SQLUtils.normalize(e instanceof SQLMethodInvokeExpr m ? m.getMethodName() : e.toString()));
        }
        return List.copyOf(names);
    }

    private static String key(String schema, String table) {
        return schema + '\u0000' + table;
    }

    static String quote(String ident) {
        return "`" + ident.replace("`", "``") + "`";
    }
}
