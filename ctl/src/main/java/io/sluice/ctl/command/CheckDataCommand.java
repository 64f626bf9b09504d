package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.CheckDataRequest;
import io.sluice.proto.CheckDataResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check-data <task-name> [-s source ...] [--table schema.table ...] [--chunk-size rows]}:
 * the master compares every target table of the task with the union of its upstream tables,
 * chunk by key range, by checksums the databases compute. Exit 0 when every chunk is equal;
 * otherwise the reply lists each differing chunk's key range and row counts on both sides.
 * Run it when the sources are quiet: a chunk under a busy stream differs until the sync catches
 * up (the reply shows each source's binlog position and the task's checkpoint).
 */
@Command(name = "check-data", description = "Compare a task's target tables with its sources, chunk by chunk, by checksums.",
        customSynopsis = "check-data <task-name> [-s source ...] [--table schema.table ...] [--chunk-size rows]")
public class CheckDataCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "task-name")
    String task;

    @Option(names = "--table", paramLabel = "schema.table", split = ",", description = "Only these target tables (default: all of the task's).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--chunk-size", paramLabel = "rows", defaultValue = "0", description = "Rows per chunk (default 10000).")
    long chunkSize;

    @Override
    protected int execute(CtlSession session) {
        if (chunkSize < 0) {
            throw usage("--chunk-size must not be negative");
        }
        for (String t : tables) {
            if (t.replace("`", "").split("\\.", -1).length != 2) {
                throw usage("--table wants schema.table, not " + t);
            }
        }
        CheckDataRequest req = CheckDataRequest.newBuilder().setTask(task).addAllSources(session.sources()).addAllTables(tables)
                .setChunkSize(chunkSize).build();
        CheckDataResponse reply = session.masterClient().call("CheckData", stub -> stub.checkData(req));
        return print(session, reply, reply.getResult());
    }
}
