package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.OfflineMemberRequest;
import io.sluice.proto.OfflineMemberResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code offline-member <--master/--worker> <--name name>}: remove a stopped member from the cluster. */
@Command(name = "offline-member", description = "Offline a master or worker that has been closed.",
        customSynopsis = "offline-member <--master/--worker> <--name master-name/worker-name>")
public class OfflineMemberCommand extends CtlCommand {
    @Option(names = "--master", description = "The member is a master.")
    boolean master;

    @Option(names = "--worker", description = "The member is a worker.")
    boolean worker;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "name", description = "Member name.")
    String name;

    @Override
    protected int execute(CtlSession session) {
        if (master == worker) {
            throw usage("offline-member needs exactly one of --master and --worker");
        }
        OfflineMemberRequest req = OfflineMemberRequest.newBuilder().setType(master ? "master" : "worker").setName(name).build();
        OfflineMemberResponse reply = session.masterClient().call("OfflineMember", stub -> stub.offlineMember(req));
        return print(session, reply, reply.getResult());
    }
}
