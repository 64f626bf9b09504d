package io.sluice.ctl.command;

import io.sluice.ctl.CtlErrors;
import io.sluice.ctl.CtlSession;
import io.sluice.proto.OperateSchemaRequest;
import io.sluice.proto.OperateSchemaResponse;
import io.sluice.proto.SchemaOp;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code operate-schema <get|set|remove> <-s source ...> <task-name | task-file> <-d database>
 * <-t table> [schema-file] [--flush] [--sync]}: read, replace or drop the schema a paused
 * subtask tracks for an upstream table. {@code --flush} (on by default, as in dmctl; turn it off
 * with {@code --flush=false}) also writes a set schema into the checkpoint.
 */
@Command(name = "operate-schema", description = "Get, set or remove the tracked schema of an upstream table (the task must be paused).",
        customSynopsis = "operate-schema <get|set|remove> <-s source ...> <task-name | task-file> <-d database> <-t table> [schema-file] [--flush] [--sync]")
public class OperateSchemaCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "get|set|remove")
    String op;
    @Parameters(index = "1", paramLabel = "task-name|task-file")
    String task;
    @Parameters(index = "2", arity = "0..1", paramLabel = "schema-file")
    String schemaFile;
    @Option(names = {"-d", "--database"}, required = true, paramLabel = "database", description = "Upstream database of the table.")
    String database;
    @Option(names = {"-t", "--table"}, required = true, paramLabel = "table", description = "Upstream table.")
    String table;
    @Option(names = "--flush", arity = "0..1", fallbackValue = "true", paramLabel = "bool",
            description = "set: also write the schema into the checkpoint at once (default true).")
    Boolean flush;
    @Option(names = "--sync", arity = "0..1", fallbackValue = "true", paramLabel = "bool",
            description = "set: also push the schema to the optimistic shard-DDL metadata (default false).")
    Boolean sync;

    @Override
    protected int execute(CtlSession session) {
        SchemaOp kind = switch (op.toLowerCase(Locale.ROOT)) {
            case "get" -> SchemaOp.GetSchema;
            case "set" -> SchemaOp.SetSchema;
            case "remove" -> SchemaOp.RemoveSchema;
            default -> throw CtlErrors.INVALID_ARGS.error("invalid operate '" + op + "' on schema");
        };
        List<String> sources = session.sources();
        if (sources.isEmpty()) {
            throw CtlErrors.INVALID_ARGS.error("must specify at least one source (`-s` / `--source`)");
        }
        OperateSchemaRequest.Builder req = OperateSchemaRequest.newBuilder().setOp(kind).setTask(TaskFiles.taskNameOf(task))
                .addAllSources(sources).setDatabase(database).setTable(table);
        if (kind == SchemaOp.SetSchema) {
            if (schemaFile == null || schemaFile.isBlank()) {
                throw CtlErrors.INVALID_ARGS.error("must specify schema file for 'set' operation");
            }
            req.setSchema(TaskFiles.read(schemaFile)).setFlush(flush == null || flush).setSync(sync != null && sync);
        } else {
            if (Boolean.TRUE.equals(flush) || Boolean.TRUE.equals(sync)) {
                throw CtlErrors.INVALID_ARGS.error("--flush and --sync are only used to set schema");
            }
            if (schemaFile != null) {
                session.err().println("schema file will be ignored for 'get'/'remove' operation");
            }
        }
        OperateSchemaResponse reply = session.masterClient().call("OperateSchema", stub -> stub.operateSchema(req.build()));
        return print(session, reply, reply.getResult());
    }
}
