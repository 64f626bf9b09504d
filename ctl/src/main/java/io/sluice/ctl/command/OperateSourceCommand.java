package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.OperateSourceRequest;
import io.sluice.proto.OperateSourceResponse;
import io.sluice.proto.SourceOp;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code operate-source create|stop|show [config-file ...] [-p]}.
 * create sends the contents of each source file (validated here first); stop and show send
 * source IDs, taken from the arguments (a file argument is read for its source-id) and -s.
 */
@Command(name = "operate-source",
        description = "Create, stop or show upstream MySQL/MariaDB sources.",
        customSynopsis = "operate-source <create|stop|show> [config-file ...] [-p|--print-sample-config]")
public class OperateSourceCommand extends CtlCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "create|stop|show")
    String op;

    @Parameters(index = "1..*", paramLabel = "config-file|source-id")
    List<String> args = new ArrayList<>();

    @Option(names = {"-p", "--print-sample-config"}, description = "Print a sample source.yaml and ignore the other arguments.")
    boolean printSample;

    @Override
    protected int execute(CtlSession session) {
        if (printSample) {
            session.out().print(SAMPLE_SOURCE_CONFIG);
            return 0;
        }
        if (op == null) {
            throw usage("operate-source needs an operation: create, stop or show");
        }
        OperateSourceRequest.Builder req = OperateSourceRequest.newBuilder();
        switch (op) {
            case "create", "update" -> {
                if (args.isEmpty()) {
                    throw usage("operate-source " + op + " needs at least one source config file");
                }
                req.setOp(op.equals("create") ? SourceOp.StartSource : SourceOp.UpdateSource);
                for (String file : args) {
                    String yaml = TlsFileContents.inline(TaskFiles.read(file), "from", session.err());
                    TaskFiles.sourceIdOf(yaml); // validate locally: fail fast with the config error code
                    req.addConfig(yaml);
                }
            }
            case "stop" -> {
                req.setOp(SourceOp.StopSource);
                req.addAllSourceID(sourceIds(session));
                if (req.getSourceIDCount() == 0) {
                    throw usage("operate-source stop needs source config files, source IDs or -s");
                }
            }
            case "show" -> {
                req.setOp(SourceOp.ShowSource);
                req.addAllSourceID(sourceIds(session));
            }
            default -> throw usage("unknown operation `" + op + "`; expected create, stop or show");
        }
        OperateSourceResponse reply = session.masterClient().call("OperateSource", stub -> stub.operateSource(req.build()));
        return print(session, reply, reply.getResult());
    }

    /** Arguments that are files yield their source-id; other arguments are source IDs themselves. */
    private List<String> sourceIds(CtlSession session) {
        List<String> ids = new ArrayList<>();
        for (String a : args) {
            String id = java.nio.file.Files.isRegularFile(java.nio.file.Path.of(a))
                    ? TaskFiles.sourceIdOf(TaskFiles.read(a)) : a;
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        for (String s : session.sources()) {
            if (!ids.contains(s)) {
                ids.add(s);
            }
        }
        return ids;
    }

    static final String SAMPLE_SOURCE_CONFIG = """
            # An upstream MySQL/MariaDB source. Create it with: sluicectl operate-source create source.yaml
            source-id: "mysql-replica-01"     # unique in the cluster
            enable-gtid: false                # true when the upstream runs with GTID mode on
            enable-relay: false               # keep a local relay log of the upstream binlog
            relay-binlog-name: ""             # where the relay log starts; empty = current position
            relay-binlog-gtid: ""
            from:
              host: "127.0.0.1"
              port: 3306
              user: "root"
              password: ""                    # plain text, or the output of `sluicectl encrypt`
            """;
}
