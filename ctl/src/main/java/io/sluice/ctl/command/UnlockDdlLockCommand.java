package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.UnlockDDLLockRequest;
import io.sluice.proto.UnlockDDLLockResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code unlock-ddl-lock [--owner source] [--force-remove] <lock-ID>}: resolve a pessimistic lock
 * that cannot resolve by itself (a source removed mid-lock, a worker lost while unlocking).
 */
@Command(name = "unlock-ddl-lock", description = "Resolve a pessimistic shard DDL lock by hand.",
        customSynopsis = "unlock-ddl-lock [--owner source] [--force-remove] <lock-ID>")
public class UnlockDdlLockCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "lock-ID")
    String lockId;
    @Option(names = "--owner", paramLabel = "source", description = "Source that runs the DDL instead of the lock's owner.")
    String owner;
    @Option(names = "--force-remove", description = "Remove the lock even if running the DDL fails.")
    boolean forceRemove;

    @Override
    protected int execute(CtlSession session) {
        UnlockDDLLockRequest req = UnlockDDLLockRequest.newBuilder().setID(lockId).setReplaceOwner(owner == null ? "" : owner)
                .setForceRemove(forceRemove).addAllSources(session.sources()).build();
        UnlockDDLLockResponse reply = session.masterClient().call("UnlockDDLLock", stub -> stub.unlockDDLLock(req));
        return print(session, reply, reply.getResult());
    }
}
