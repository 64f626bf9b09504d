package io.sluice.ctl.command;

import io.sluice.ctl.CtlErrors;
import io.sluice.ctl.CtlSession;
import io.sluice.proto.CfgType;
import io.sluice.proto.GetConfigRequest;
import io.sluice.proto.GetConfigResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code get-config <task|master|worker|source> <name> [--file f]}. With --file the stored config
 * is also written to that file; the reply is printed either way so the exit status and message
 * stay visible.
 */
@Command(name = "get-config", description = "Show the stored configuration of a task, master, worker or source.",
        customSynopsis = "get-config <task | master | worker | source> <name> [--file filename]")
public class GetConfigCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "task|master|worker|source")
    String type;

    @Parameters(index = "1", paramLabel = "name")
    String name;

    @Option(names = {"-f", "--file"}, paramLabel = "filename", description = "Also write the config to this file.")
    String file;

    @Override
    protected int execute(CtlSession session) {
        CfgType cfgType = switch (type) {
            case "task" -> CfgType.TaskType;
            case "master" -> CfgType.MasterType;
            case "worker" -> CfgType.WorkerType;
            case "source" -> CfgType.SourceType;
            default -> throw usage("unknown config type `" + type + "`; expected task, master, worker or source");
        };
        GetConfigRequest req = GetConfigRequest.newBuilder().setType(cfgType).setName(name).build();
        GetConfigResponse reply = session.masterClient().call("GetConfig", stub -> stub.getConfig(req));
        if (reply.getResult() && file != null) {
            try {
                Files.writeString(Path.of(file), reply.getCfg());
            } catch (IOException e) {
                throw CtlErrors.WRITE_FILE.wrap(e, file);
            }
        }
        return print(session, reply, reply.getResult());
    }
}
