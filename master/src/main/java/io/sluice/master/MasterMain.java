package io.sluice.master;

import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.sluice.common.cli.ProcessLogging;
import io.sluice.common.cli.VersionInfo;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.tls.ComponentTls;
import io.sluice.master.api.MasterApiService;
import io.sluice.master.api.MemberView;
import io.sluice.master.api.WorkerLinkService;
import io.sluice.master.membership.LeaderEviction;
import io.sluice.master.membership.MasterMembership;
import io.sluice.master.membership.SelfRegistration;
import io.sluice.master.metrics.MasterMetrics;
import io.sluice.master.openapi.OpenApiRoutes;
import io.sluice.master.raft.RaftGroup;
import io.sluice.master.scheduler.SchedulerLoop;
import io.sluice.master.scheduler.WorkerLiveness;
import io.sluice.proto.raft.MasterEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** sluice-master: one member of the master group, serving gRPC and HTTP on its client port. */
@Command(name = "sluice-master", mixinStandardHelpOptions = false, versionProvider = MasterMain.VersionLines.class,
        description = "Sluice master: cluster metadata (raft), scheduling, and the client API.")
public final class MasterMain implements Runnable {
    @Mixin
    MasterOptions opts = new MasterOptions();

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new MasterMain());
        cl.setUnmatchedOptionsArePositionalParams(false);
        int code = cl.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        try {
            opts.resolve();
            ComponentTls.install(opts.tls);
        } catch (SluiceException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        ProcessLogging.configure(opts.logFile, opts.logLevel);
        Logger log = LoggerFactory.getLogger(MasterMain.class);
        try {
            Server server = start(opts, log);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.info("event=master_stopping name={}", opts.name);
                server.stop().join();
                stopped.countDown();
            }));
            stopped.await();
        } catch (Exception e) {
            log.error("event=master_failed name={}", opts.name, e);
            System.exit(1);
        }
    }

    static Server start(MasterOptions o, Logger log) throws Exception {
        // sofa-bolt's own logging layer cannot bind logback 1.5 and prints stack traces; it falls back quietly with this
        System.setProperty("logback.middleware.log.disable", System.getProperty("logback.middleware.log.disable", "true"));
        PeerId self = PeerId.parsePeer(MasterOptions.hostPort(o.advertisePeerUrls));
        List<String> joinAddrs = o.initialCluster == null ? MasterOptions.addresses(o.join) : List.of();
        // this process run: an eviction holds for the run that was evicted, and ends with it (as in DM)
        String incarnation = java.util.UUID.randomUUID().toString();
        SelfRegistration registration = new SelfRegistration(o.name, incarnation, o.advertisePeerUrls, ComponentTls.url(o.advertiseAddr),
                Path.of(o.dataDir), joinAddrs, o.advertiseAddr);
        // a joining master starts with no configuration: it neither campaigns nor votes until the
        // leader has added it and replicated the configuration to it
        Configuration conf = new Configuration();
        if (o.initialCluster != null) {
            for (String member : o.initialCluster.split(",")) {
                String url = member.substring(member.indexOf('=') + 1).trim();
                conf.addPeer(PeerId.parsePeer(MasterOptions.hostPort(url)));
            }
        }
        WorkerLiveness liveness = new WorkerLiveness(o.keepaliveTtl * 1000);
        AtomicReference<SchedulerLoop> schedulerRef = new AtomicReference<>();
        AtomicReference<MasterMetrics> metricsRef = new AtomicReference<>();
        AtomicReference<RaftGroup> raftRef = new AtomicReference<>();
        RaftGroup raft = new RaftGroup(Path.of(o.dataDir), self, conf, leader -> {
            SchedulerLoop s = schedulerRef.get();
            if (leader && s != null) {
                s.onLeaderStart();
            }
            if (leader) {
                io.sluice.master.secret.PasswordSecretService.ensureKey(raftRef.get());
            }
            MasterMetrics m = metricsRef.get();
            if (leader && m != null) {
                m.leaderStarted();
            }
        });
        raftRef.set(raft);
        if (raft.isLeader()) {
            io.sluice.master.secret.PasswordSecretService.ensureKey(raft); // elected before the reference was set
        }
        String clientUrl = ComponentTls.url(o.advertiseAddr);
        java.util.List<MasterEntry> initialMembers = new java.util.ArrayList<>();
        if (o.initialCluster != null) {
            for (String member : o.initialCluster.split(",")) {
                initialMembers.add(MasterEntry.newBuilder().setName(member.substring(0, member.indexOf('=')).trim())
                        .setPeerUrl(member.substring(member.indexOf('=') + 1).trim()).build());
            }
        }
        SchedulerLoop scheduler = new SchedulerLoop(raft, liveness, MasterEntry.newBuilder().setName(o.name)
                .setPeerUrl(o.advertisePeerUrls).setClientUrl(clientUrl).build(), initialMembers);
        schedulerRef.set(scheduler);
        if (raft.isLeader()) {
            scheduler.onLeaderStart();
        }
        scheduler.start();
        LeaderEviction eviction = new LeaderEviction(raft, o.name, incarnation);
        eviction.start();
        MasterMembership membership = new MasterMembership(raft, scheduler);

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MemberView members = new MemberView(raft, liveness);
        MasterMetrics masterMetrics = new MasterMetrics(raft::isLeader, members::workerStages);
        masterMetrics.registerTo(metrics.getPrometheusRegistry());
        metricsRef.set(masterMetrics);
        if (raft.isLeader()) {
            masterMetrics.leaderStarted(); // elected before the metrics existed
        }
        MasterApiService api = new MasterApiService(raft, scheduler, members, membership, eviction);
        // optimistic groups live in the raft state; show-ddl-locks lists them with owner and DDLs empty, as DM
        api.ddlLocks().add(() -> io.sluice.master.shardddl.optimism.OptimisticLocks.views(raft.readState(), ""));
        WorkerLinkService workerLink = new WorkerLinkService(raft, scheduler, o.advertiseAddr);
        api.ddlLocks().add(workerLink.pessimist());
        masterMetrics.locksFrom(api.ddlLocks()::all);
        ServerBuilder sb = Server.builder();
        OpenApiRoutes.addTo(sb, api, raft, o.name, o.openapiToken);
        Server server = ComponentTls.serve(sb, MasterOptions.port(o.masterAddr))
                .service(GrpcService.builder()
                        // handlers wait on raft and on the leader (when forwarding): never on an event loop,
                        // where a forwarded call's own reply could be queued behind the waiting thread
                        .useBlockingTaskExecutor(true)
                        .addService(api)
                        .addService(workerLink)
                        .addService(new io.sluice.master.secret.PasswordSecretService(raft))
                        .build())
                .service("/metrics", (ctx, req) -> HttpResponse.of(MediaType.PLAIN_TEXT_UTF_8, metrics.scrape()))
                .service("/status", (ctx, req) -> HttpResponse.of(MediaType.JSON_UTF_8,
                        "{\"name\":\"" + o.name + "\",\"leader\":" + raft.isLeader() + ",\"version\":\"" + VersionInfo.release() + "\"}"))
                .build();
        server.start().join();
        log.info("event=master_started name={} client={} peer={} data_dir={} joining={} tls={}", o.name, o.masterAddr,
                o.advertisePeerUrls, o.dataDir, registration.joining(), o.tls);
        registration.start();
        server.closeOnJvmShutdown(() -> {
            eviction.close();
            scheduler.close();
            raft.close();
        });
        return server;
    }

    static final class VersionLines implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return VersionInfo.lines().toArray(String[]::new);
        }
    }
}
