package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.ctl.GlobalOptions;
import io.sluice.ctl.SessionHolder;
import io.sluice.proto.ExportConfigsRequest;
import io.sluice.proto.ExportConfigsResponse;
import io.sluice.ctl.CtlErrors;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code config export|import [-d dir]}, DM v5.3's way to carry a cluster's sources and tasks to
 * another cluster (or back, on a downgrade). Success is reported in DM's plain words, which
 * scripts match on; a failure prints the usual JSON envelope with its code and exits 1.
 */
@Command(name = "config", description = "Commands to import/export config.",
        subcommands = {ConfigCommand.Export.class, ConfigCommand.Import.class})
public class ConfigCommand implements SessionHolder.WithGlobals {
    @Mixin
    GlobalOptions global;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show help for this command.")
    boolean help;

    @Override
    public GlobalOptions globalOptions() {
        return global;
    }

    @Command(name = "export", description = "Export the configurations of sources and tasks.",
            customSynopsis = "config export [--dir directory]")
    public static class Export extends CtlCommand {
        @Option(names = {"-d", "--dir"}, paramLabel = "directory", defaultValue = "./configs", description = "Directory to write to (default ./configs).")
        String dir;

        @Override
        protected int execute(CtlSession session) {
            ExportConfigsResponse reply = session.masterClient().call("ExportConfigs",
                    stub -> stub.exportConfigs(ExportConfigsRequest.getDefaultInstance()));
            if (!reply.getResult()) {
                return print(session, reply, false);
            }
            ConfigDirectory.write(Path.of(dir), reply);
            session.out().println("export configs to directory `" + dir + "` succeed");
            return 0;
        }
    }

    @Command(name = "import", description = "Import the configurations of sources and tasks.",
            customSynopsis = "config import [--dir directory]")
    public static class Import extends CtlCommand {
        @Option(names = {"-d", "--dir"}, paramLabel = "directory", defaultValue = "./configs", description = "Directory to read from (default ./configs).")
        String dir;

        @Override
        protected int execute(CtlSession session) {
            ConfigDirectory.Contents contents = ConfigDirectory.read(Path.of(dir));
            new ConfigImport(session.masterClient(), session.out()).run(contents);
            if (!contents.relayWorkers().isEmpty()) {
                // as in DM since v2.0.2: relay workers name workers of the old cluster, so they are not re-created
                session.err().println("[warn] relay workers are not imported " + contents.relayWorkers()
                        + ": start them with start-relay -s <source> <worker>");
            }
            session.out().println("import configs from directory `" + dir + "` succeed");
            return 0;
        }
    }
}
