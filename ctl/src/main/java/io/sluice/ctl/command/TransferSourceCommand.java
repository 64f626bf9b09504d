package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.TransferSourceRequest;
import io.sluice.proto.TransferSourceResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code transfer-source <source-id> <worker-id>}: bind a source to another, free worker. */
@Command(name = "transfer-source", description = "Bind a source to another free worker; its subtasks resume there from their checkpoints.",
        customSynopsis = "transfer-source <source-id> <worker-id>")
public class TransferSourceCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "source-id")
    String source;

    @Parameters(index = "1", paramLabel = "worker-id")
    String worker;

    @Override
    protected int execute(CtlSession session) {
        TransferSourceRequest req = TransferSourceRequest.newBuilder().setSource(source).setWorker(worker).build();
        TransferSourceResponse reply = session.masterClient().call("TransferSource", stub -> stub.transferSource(req));
        return print(session, reply, reply.getResult());
    }
}
