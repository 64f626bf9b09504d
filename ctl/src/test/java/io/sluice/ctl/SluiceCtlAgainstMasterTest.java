package io.sluice.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.stub.StreamObserver;
import io.sluice.proto.CheckTaskRequest;
import io.sluice.proto.CheckTaskResponse;
import io.sluice.proto.CommonWorkerResponse;
import io.sluice.proto.MasterGrpc;
import io.sluice.proto.OperateSourceRequest;
import io.sluice.proto.OperateSourceResponse;
import io.sluice.proto.OperateTaskRequest;
import io.sluice.proto.OperateTaskResponse;
import io.sluice.proto.QueryStatusListRequest;
import io.sluice.proto.QueryStatusListResponse;
import io.sluice.proto.SourceOp;
import io.sluice.proto.StartTaskRequest;
import io.sluice.proto.StartTaskResponse;
import io.sluice.proto.TaskOp;
import io.sluice.proto.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs sluicectl in-process against a fake Master served by Armeria on a free port. The fake is
 * the test's peer: it records what the ctl sent and answers with canned replies.
 */
class SluiceCtlAgainstMasterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FakeMaster MASTER = new FakeMaster();
    private static Server server;
    private static String alive;

    @TempDir
    Path dir;

    @BeforeAll
    static void startMaster() {
        server = Server.builder().http(0).service(GrpcService.builder().addService(MASTER).build()).build();
        server.start().join();
        alive = "127.0.0.1:" + server.activeLocalPort();
    }

    @AfterAll
    static void stopMaster() {
        server.stop().join();
    }

    @BeforeEach
    void reset() {
        MASTER.lastStart = null;
        MASTER.lastOperate = null;
        MASTER.lastQuery = null;
        MASTER.lastSource = null;
    }

    record Outcome(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Outcome ctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SluiceCtl.run(args, new PrintStream(out, true), new PrintStream(err, true), Map.of());
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void queryStatusPrintsTheReplyWithDmFieldNamesAndFourSpaceIndent() throws Exception {
        Outcome o = ctl("--master-addr", alive, "query-status", "-s", "mysql-01");
        assertEquals(0, o.exit(), o.out() + o.err());
        JsonNode j = o.json();
        assertTrue(j.get("result").asBoolean());
        assertEquals("", j.get("msg").asText());
        assertEquals("test-task", j.get("tasks").get(0).get("taskName").asText());
        assertEquals("Running", j.get("tasks").get(0).get("taskStatus").asText());
        assertTrue(j.get("sources").isArray());
        assertTrue(o.out().startsWith("{\n    \"result\": true,"), o.out());
        assertEquals(List.of("mysql-01"), MASTER.lastQuery.getSourcesList());
        assertEquals("", MASTER.lastQuery.getName());
    }

    @Test
    void startTaskSendsTheFileContentsSourcesAndRemoveMeta() throws Exception {
        Path task = CtlTestFiles.write(dir, "task.yaml", CtlTestFiles.TASK);
        Outcome o = ctl("start-task", "-s", "mysql-01", "-remove-meta", task.toString(), "-master-addr", alive);
        assertEquals(0, o.exit(), o.out() + o.err());
        assertEquals(CtlTestFiles.TASK, MASTER.lastStart.getTask());
        assertEquals(List.of("mysql-01"), MASTER.lastStart.getSourcesList());
        assertTrue(MASTER.lastStart.getRemoveMeta());
        JsonNode j = o.json();
        assertTrue(j.get("result").asBoolean());
        assertEquals("mysql-01", j.get("sources").get(0).get("source").asText());
        assertEquals("worker1", j.get("sources").get(0).get("worker").asText());
    }

    @Test
    void aBadTaskFileFailsInTheCtlWithItsConfigCode() throws Exception {
        Path task = CtlTestFiles.write(dir, "bad.yaml", CtlTestFiles.TASK + "no-such-key: 1\n");
        Outcome o = ctl("--master-addr", alive, "start-task", task.toString());
        assertEquals(1, o.exit());
        JsonNode j = o.json();
        assertFalse(j.get("result").asBoolean());
        assertTrue(j.get("msg").asText().startsWith("[code=20011:"), j.get("msg").asText());
        assertNull(MASTER.lastStart, "the master must not be contacted");
    }

    @Test
    void pauseTaskWithATaskFileSendsItsName() throws Exception {
        Path task = CtlTestFiles.write(dir, "task.yaml", CtlTestFiles.TASK);
        Outcome o = ctl("--master-addr", alive, "pause-task", task.toString());
        assertEquals(0, o.exit(), o.out() + o.err());
        assertEquals(TaskOp.Pause, MASTER.lastOperate.getOp());
        assertEquals("test-task", MASTER.lastOperate.getName());
        assertEquals("Pause", o.json().get("op").asText());
    }

    @Test
    void aFalseResultExitsWithOne() throws Exception {
        Outcome o = ctl("--master-addr", alive, "stop-task", "unknown-task");
        assertEquals(1, o.exit());
        assertFalse(o.json().get("result").asBoolean());
        assertEquals("task unknown-task not found", o.json().get("msg").asText());
        assertEquals(TaskOp.Stop, MASTER.lastOperate.getOp());
    }

    @Test
    void operateSourceCreateSendsEachFile() throws Exception {
        Path src = CtlTestFiles.write(dir, "source.yaml", CtlTestFiles.SOURCE);
        Outcome o = ctl("operate-source", "create", src.toString(), "--master-addr", alive);
        assertEquals(0, o.exit(), o.out() + o.err());
        assertEquals(SourceOp.StartSource, MASTER.lastSource.getOp());
        assertEquals(List.of(CtlTestFiles.SOURCE), MASTER.lastSource.getConfigList());

        Outcome stop = ctl("operate-source", "stop", src.toString(), "mysql-02", "--master-addr", alive);
        assertEquals(0, stop.exit(), stop.out() + stop.err());
        assertEquals(SourceOp.StopSource, MASTER.lastSource.getOp());
        assertEquals(List.of("mysql-01", "mysql-02"), MASTER.lastSource.getSourceIDList());
    }

    @Test
    void failsOverToTheNextMasterWhenTheFirstIsDown() throws Exception {
        String dead = "127.0.0.1:" + freePort();
        Outcome o = ctl("--master-addr", dead + "," + alive, "query-status");
        assertEquals(0, o.exit(), o.out() + o.err());
        assertTrue(o.json().get("result").asBoolean());
    }

    @Test
    void allMastersDownIsCode48001ListingTheAddresses() throws Exception {
        String dead1 = "127.0.0.1:" + freePort();
        String dead2 = "127.0.0.1:" + freePort();
        Outcome o = ctl("query-status", "--master-addr", dead1 + "," + dead2);
        assertEquals(1, o.exit());
        JsonNode j = o.json();
        assertFalse(j.get("result").asBoolean());
        String msg = j.get("msg").asText();
        assertTrue(msg.startsWith("[code=48001:class=dmctl"), msg);
        assertTrue(msg.contains(dead1) && msg.contains(dead2), msg);
    }

    @Test
    void showDdlLocksPrintsDmsLockShapeAndUnlockDdlLockPassesItsFlags() throws Exception {
        Outcome show = ctl("show-ddl-locks", "-s", "mysql-01", "--master-addr", alive, CtlTestFiles.write(dir, "t.yaml", CtlTestFiles.TASK).toString());
        assertEquals(0, show.exit(), show.out());
        assertEquals("test-task", MASTER.lastShowLocks.getTask(), "a task file is sent as its name");
        assertEquals(List.of("mysql-01"), MASTER.lastShowLocks.getSourcesList());
        JsonNode lock = show.json().get("locks").get(0);
        assertEquals("test-task-`db`.`tbl`", lock.get("ID").asText(), show.out());
        assertEquals("mysql-01", lock.get("owner").asText());
        assertEquals("ALTER TABLE `db`.`tbl` ADD COLUMN c INT", lock.get("DDLs").get(0).asText());
        assertEquals("mysql-02", lock.get("unsynced").get(0).asText());

        Outcome none = ctl("--master-addr", alive, "show-ddl-locks");
        assertEquals(0, none.exit(), none.out());
        assertEquals("no DDL lock exists", none.json().get("msg").asText());

        Outcome unlock = ctl("--master-addr", alive, "unlock-ddl-lock", "--owner", "mysql-02", "-force-remove", "test-task-`db`.`x`");
        assertEquals(1, unlock.exit(), "a refused unlock exits 1");
        assertEquals("test-task-`db`.`x`", MASTER.lastUnlock.getID());
        assertEquals("mysql-02", MASTER.lastUnlock.getReplaceOwner());
        assertTrue(MASTER.lastUnlock.getForceRemove());
        assertTrue(unlock.json().get("msg").asText().startsWith("[code=38019:"), unlock.out());
        assertEquals(2, ctl("--master-addr", alive, "unlock-ddl-lock").exit(), "the lock ID is required");
    }

    @Test
    void purgeRelayWithoutItsFileIsAUsageError() throws Exception {
        assertEquals(2, ctl("purge-relay", "-s", "mysql-01").exit());
    }

    @Test
    void checkTaskSendsTheTaskAndCountsAndExitsOneWhenTheCheckFailed() throws Exception {
        Path task = CtlTestFiles.write(dir, "task.yaml", CtlTestFiles.TASK);
        Outcome failed = ctl("--master-addr", alive, "check-task", task.toString(), "--error", "3", "-warn", "0");
        assertEquals(1, failed.exit(), failed.out() + failed.err());
        assertFalse(failed.json().get("result").asBoolean());
        assertEquals(CtlTestFiles.TASK, MASTER.lastCheck.getTask());
        assertEquals(3, MASTER.lastCheck.getErrCnt());
        assertEquals(0, MASTER.lastCheck.getWarnCnt());

        Outcome defaults = ctl("--master-addr", alive, "check-task", task.toString());
        assertEquals(10, MASTER.lastCheck.getErrCnt());
        assertEquals(10, MASTER.lastCheck.getWarnCnt());
        assertEquals(1, defaults.exit());

        assertEquals(2, ctl("--master-addr", alive, "check-task", task.toString(), "--error", "-1").exit());
    }

    @Test
    void offlineCommandsNeedNoMaster() throws Exception {
        Outcome version = ctl("-V");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("Release Version: "), version.out());
        assertTrue(version.out().contains("Java Version: "), version.out());

        Outcome sample = ctl("operate-source", "show", "--print-sample-config");
        assertEquals(0, sample.exit());
        assertTrue(sample.out().contains("source-id:"));

        Outcome help = ctl("help", "start-task");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--remove-meta"), help.out());
    }

    @Test
    void tlsFlagsNamingAnUnreadableFileAreABadArgument() throws Exception {
        Outcome o = ctl("--master-addr", alive, "--ssl-ca", "/nonexistent-dir/ca.pem", "query-status");
        assertEquals(1, o.exit());
        String msg = o.json().get("msg").asText();
        assertTrue(msg.startsWith("[code=48002:") && msg.contains("cannot read /nonexistent-dir/ca.pem"), o.out());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static final class FakeMaster extends MasterGrpc.MasterImplBase {
        volatile StartTaskRequest lastStart;
        volatile OperateTaskRequest lastOperate;
        volatile QueryStatusListRequest lastQuery;
        volatile OperateSourceRequest lastSource;
        volatile CheckTaskRequest lastCheck;
        volatile io.sluice.proto.ShowDDLLocksRequest lastShowLocks;
        volatile io.sluice.proto.UnlockDDLLockRequest lastUnlock;

        private static CommonWorkerResponse ok(String source) {
            return CommonWorkerResponse.newBuilder().setResult(true).setSource(source).setWorker("worker1").build();
        }

        @Override
        public void startTask(StartTaskRequest req, StreamObserver<StartTaskResponse> obs) {
            lastStart = req;
            obs.onNext(StartTaskResponse.newBuilder().setResult(true).addSources(ok("mysql-01")).build());
            obs.onCompleted();
        }

        @Override
        public void operateTask(OperateTaskRequest req, StreamObserver<OperateTaskResponse> obs) {
            lastOperate = req;
            OperateTaskResponse.Builder reply = OperateTaskResponse.newBuilder().setOp(req.getOp());
            if (req.getName().equals("test-task")) {
                reply.setResult(true).addSources(ok("mysql-01"));
            } else {
                reply.setResult(false).setMsg("task " + req.getName() + " not found");
            }
            obs.onNext(reply.build());
            obs.onCompleted();
        }

        @Override
        public void queryStatus(QueryStatusListRequest req, StreamObserver<QueryStatusListResponse> obs) {
            lastQuery = req;
            obs.onNext(QueryStatusListResponse.newBuilder().setResult(true)
                    .addTasks(TaskStatus.newBuilder().setTaskName("test-task").setTaskStatus("Running").addSources("mysql-01"))
                    .build());
            obs.onCompleted();
        }

        @Override
        public void checkTask(CheckTaskRequest req, StreamObserver<CheckTaskResponse> obs) {
            lastCheck = req;
            obs.onNext(CheckTaskResponse.newBuilder().setResult(false).setMsg("[code=26005] check was failed").build());
            obs.onCompleted();
        }

        @Override
        public void showDDLLocks(io.sluice.proto.ShowDDLLocksRequest req, StreamObserver<io.sluice.proto.ShowDDLLocksResponse> obs) {
            lastShowLocks = req;
            io.sluice.proto.ShowDDLLocksResponse.Builder reply = io.sluice.proto.ShowDDLLocksResponse.newBuilder().setResult(true);
            if (req.getTask().equals("test-task")) {
                reply.addLocks(io.sluice.proto.DDLLock.newBuilder().setID("test-task-`db`.`tbl`").setTask("test-task")
                        .setMode("pessimistic").setOwner("mysql-01").addDDLs("ALTER TABLE `db`.`tbl` ADD COLUMN c INT")
                        .addSynced("mysql-01").addUnsynced("mysql-02"));
            } else {
                reply.setMsg("no DDL lock exists");
            }
            obs.onNext(reply.build());
            obs.onCompleted();
        }

        @Override
        public void unlockDDLLock(io.sluice.proto.UnlockDDLLockRequest req, StreamObserver<io.sluice.proto.UnlockDDLLockResponse> obs) {
            lastUnlock = req;
            obs.onNext(io.sluice.proto.UnlockDDLLockResponse.newBuilder().setResult(false)
                    .setMsg("[code=38019:class=dm-master:scope=internal:level=high] lock with ID " + req.getID() + " not found").build());
            obs.onCompleted();
        }

        @Override
        public void operateSource(OperateSourceRequest req, StreamObserver<OperateSourceResponse> obs) {
            lastSource = req;
            obs.onNext(OperateSourceResponse.newBuilder().setResult(true).addSources(ok("mysql-01")).build());
            obs.onCompleted();
        }
    }
}
