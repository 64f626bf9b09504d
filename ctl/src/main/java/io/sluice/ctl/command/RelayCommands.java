package io.sluice.ctl.command;

import io.sluice.ctl.CtlSession;
import io.sluice.proto.OperateRelayRequest;
import io.sluice.proto.OperateRelayResponse;
import io.sluice.proto.OperateWorkerRelayRequest;
import io.sluice.proto.OperateWorkerRelayResponse;
import io.sluice.proto.RelayOp;
import io.sluice.proto.RelayOpV2;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * dmctl's relay commands: {@code start-relay} and {@code stop-relay} choose the workers that
 * relay one source; {@code pause-relay} and {@code resume-relay} change the relay's stage for
 * sources. Replies are dmctl's JSON ({@code result}, {@code msg}, {@code sources}).
 */
public final class RelayCommands {
    private RelayCommands() {
    }

    abstract static class WorkersOfOneSource extends CtlCommand {
        @Parameters(arity = "0..*", paramLabel = "worker-name")
        List<String> workers = new ArrayList<>();

        int operate(CtlSession session, RelayOpV2 op) {
            if (session.sources().size() != 1) {
                throw usage("must specify one source (`-s` / `--source`)");
            }
            OperateRelayRequest req = OperateRelayRequest.newBuilder().setOp(op).setSource(session.sources().get(0))
                    .addAllWorker(workers).build();
            OperateRelayResponse reply = session.masterClient().call("OperateRelay", stub -> stub.operateRelay(req));
            return print(session, reply, reply.getResult());
        }
    }

    @Command(name = "start-relay", description = "Start relay log for a source on workers (default: the worker it is bound to).",
            customSynopsis = "start-relay <-s source> [worker-name ...]")
    public static class StartRelay extends WorkersOfOneSource {
        @Override
        protected int execute(CtlSession session) {
            return operate(session, RelayOpV2.StartRelayV2);
        }
    }

    @Command(name = "stop-relay", description = "Stop relay log for a source on workers (default: all of its relay workers).",
            customSynopsis = "stop-relay <-s source> [worker-name ...]")
    public static class StopRelay extends WorkersOfOneSource {
        @Override
        protected int execute(CtlSession session) {
            return operate(session, RelayOpV2.StopRelayV2);
        }
    }

    abstract static class StageOfSources extends CtlCommand {
        int operate(CtlSession session, RelayOp op) {
            if (session.sources().isEmpty()) {
                throw usage("must specify at least one source (`-s` / `--source`)");
            }
            OperateWorkerRelayRequest req = OperateWorkerRelayRequest.newBuilder().setOp(op).addAllSources(session.sources()).build();
            OperateWorkerRelayResponse reply = session.masterClient().call("OperateWorkerRelayTask", stub -> stub.operateWorkerRelayTask(req));
            return print(session, reply, reply.getResult());
        }
    }

    @Command(name = "pause-relay", description = "Pause the relay unit of sources (what it wrote stays).",
            customSynopsis = "pause-relay <-s source ...>")
    public static class PauseRelay extends StageOfSources {
        @Override
        protected int execute(CtlSession session) {
            return operate(session, RelayOp.PauseRelay);
        }
    }

    @Command(name = "resume-relay", description = "Resume the relay unit of sources, also after an error paused it.",
            customSynopsis = "resume-relay <-s source ...>")
    public static class ResumeRelay extends StageOfSources {
        @Override
        protected int execute(CtlSession session) {
            return operate(session, RelayOp.ResumeRelay);
        }
    }
}
