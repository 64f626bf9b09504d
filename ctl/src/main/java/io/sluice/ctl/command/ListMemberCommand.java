package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.ListMemberRequest;
import io.sluice.proto.ListMemberResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list-member [--leader] [--master] [--worker] [--name name ...]}; no filter means all. */
@Command(name = "list-member", description = "List the cluster's leader, masters and workers.",
        customSynopsis = "list-member [--leader] [--master] [--worker] [--name master-name/worker-name ...]")
public class ListMemberCommand extends CtlCommand {
    @Option(names = "--leader", description = "Only the leader.")
    boolean leader;

    @Option(names = "--master", description = "Only the masters.")
    boolean master;

    @Option(names = "--worker", description = "Only the workers.")
    boolean worker;

    @Option(names = {"-n", "--name"}, split = ",", paramLabel = "name", description = "Only these members; repeatable or comma-separated.")
    List<String> names = new ArrayList<>();

    @Override
    protected int execute(CtlSession session) {
        ListMemberRequest req = ListMemberRequest.newBuilder()
                .setLeader(leader).setMaster(master).setWorker(worker)
                .addAllNames(names.stream().map(String::trim).filter(s -> !s.isEmpty()).toList())
                .build();
        ListMemberResponse reply = session.masterClient().call("ListMember", stub -> stub.listMember(req));
        return print(session, reply, reply.getResult());
    }
}
