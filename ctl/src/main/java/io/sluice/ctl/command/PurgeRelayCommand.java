package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.PurgeWorkerRelayRequest;
import io.sluice.proto.PurgeWorkerRelayResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code purge-relay -s source -f filename [--sub-dir dir]}: the worker relaying the source deletes
 * its relay files before {@code filename}, and refuses (deleting nothing) when a task still needs
 * one of them.
 */
@Command(name = "purge-relay", description = "Purge the relay log files before a file, never one a task still needs.",
        customSynopsis = "purge-relay <-s source> <-f filename> [--sub-dir directory]")
public class PurgeRelayCommand extends CtlCommand {
    @Option(names = {"-f", "--filename"}, paramLabel = "filename",
            description = "Relay file before which to purge, e.g. \"mysql-bin.000006\".")
    String filename = "";

    @Option(names = "--sub-dir", paramLabel = "directory",
            description = "Relay sub-directory of the file (default: the newest), e.g. \"0-1.000001\".")
    String subDir = "";

    @Override
    protected int execute(CtlSession session) {
        if (session.sources().isEmpty()) {
            throw usage("must specify at least one source (`-s` / `--source`)");
        }
        String file = filename.replace("\"", "").trim();
        if (file.isEmpty()) {
            throw usage("must specify the name of the terminal file before which to purge relay log files. (`-f` / `--filename`)");
        }
        if (session.sources().size() > 1) {
            throw usage("for --filename, can only specify one source per time");
        }
        String dir = subDir.replace("\"", "").replace("'", "").trim();
        if (dir.isEmpty()) {
            // stderr: stdout carries only the JSON reply, which scripts parse
            System.err.println("[warn] no --sub-dir specify for --filename, the latest one will be used");
        }
        PurgeWorkerRelayRequest req = PurgeWorkerRelayRequest.newBuilder().addAllSources(session.sources()).setFilename(file)
                .setSubDir(dir).build();
        PurgeWorkerRelayResponse reply = session.masterClient().call("PurgeWorkerRelay", stub -> stub.purgeWorkerRelay(req));
        return print(session, reply, reply.getResult());
    }
}
