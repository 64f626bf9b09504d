package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.LeaderOp;
import io.sluice.proto.OperateLeaderRequest;
import io.sluice.proto.OperateLeaderResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code operate-leader <evict | cancel-evict>}: make the leader step down and stay down, or allow it again. */
@Command(name = "operate-leader", description = "`evict` the leader (it steps down and does not campaign) or `cancel-evict`.",
        customSynopsis = "operate-leader <evict | cancel-evict>")
public class OperateLeaderCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "evict|cancel-evict")
    String op;

    @Override
    protected int execute(CtlSession session) {
        LeaderOp leaderOp = switch (op) {
            case "evict" -> LeaderOp.EvictLeaderOp;
            case "cancel-evict" -> LeaderOp.CancelEvictLeaderOp;
            default -> throw usage("operate-leader needs evict or cancel-evict, not " + op);
        };
        OperateLeaderRequest req = OperateLeaderRequest.newBuilder().setOp(leaderOp).build();
        OperateLeaderResponse reply = session.masterClient().call("OperateLeader", stub -> stub.operateLeader(req));
        return print(session, reply, reply.getResult());
    }
}
