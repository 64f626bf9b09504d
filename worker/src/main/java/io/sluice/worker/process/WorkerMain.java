package io.sluice.worker.process;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.google.protobuf.util.JsonFormat;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.sluice.common.cli.ProcessLogging;
import io.sluice.common.cli.VersionInfo;
import io.sluice.common.errors.SluiceException;
import io.sluice.common.tls.ComponentTls;
import io.sluice.proto.KeepAliveRequest;
import io.sluice.worker.DataPathUnits;
import io.sluice.worker.sync.shard.MasterShardLink;
import io.sluice.worker.metrics.FullPhaseMetrics;
import io.sluice.worker.metrics.SyncMetrics;
import io.sluice.worker.metrics.WorkerStateMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** sluice-worker: runs the subtasks of the source the master binds to it. */
@Command(name = "sluice-worker", versionProvider = WorkerMain.VersionLines.class,
        description = "Sluice worker: dump, load and sync for the source bound to it.")
public final class WorkerMain implements Runnable {
    @Mixin
    WorkerOptions opts = new WorkerOptions();

    public static void main(String[] args) {
        int code = new CommandLine(new WorkerMain()).execute(args);
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
        Logger log = LoggerFactory.getLogger(WorkerMain.class);
        try {
            Path dataDir = Path.of(opts.dataDir).toAbsolutePath();
            Files.createDirectories(dataDir);
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            FullPhaseMetrics.registerTo(metrics.getPrometheusRegistry());
            SyncMetrics.registerTo(metrics.getPrometheusRegistry());
            io.sluice.worker.sync.shard.pessimism.ShardGroupMetrics.registerTo(metrics.getPrometheusRegistry());
            io.sluice.worker.relay.RelayMetrics.registerTo(metrics.getPrometheusRegistry());
            MasterShardLink shardLink = new MasterShardLink(opts.join);
            BoundSource bound = new BoundSource(opts.name, dataDir, new DataPathUnits(shardLink));
            new WorkerStateMetrics(opts.name, bound::source, bound::statuses).registerTo(metrics.getPrometheusRegistry());
            MasterLink link = new MasterLink(opts, bound);
            Server server = ComponentTls.serve(Server.builder(), opts.port())
                    .service("/metrics", (ctx, req) -> HttpResponse.of(MediaType.PLAIN_TEXT_UTF_8, metrics.scrape()))
                    .service("/status", (ctx, req) -> HttpResponse.of(MediaType.JSON_UTF_8, statusJson(bound)))
                    // operations touch the target database: never on an event loop
                    .service(GrpcService.builder().useBlockingTaskExecutor(true)
                            .addService(new WorkerControlService(opts.name, bound, shardLink)).build())
                    .build();
            server.start().join();
            WarmStandby.start(opts.name);
            Thread linkThread = new Thread(link, "master-link");
            linkThread.start();
            log.info("event=worker_started worker={} addr={} join={} data_dir={} keepalive_ttl={} tls={}", opts.name,
                    opts.workerAddr, opts.join, dataDir, opts.keepaliveTtl, opts.tls);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.info("event=worker_stopping worker={}", opts.name);
                link.close();
                linkThread.interrupt();
                bound.unbind();
                server.stop().join();
                stopped.countDown();
            }));
            stopped.await();
        } catch (Exception e) {
            log.error("event=worker_failed worker={}", opts.name, e);
            System.exit(1);
        }
    }

    private String statusJson(BoundSource bound) {
        try {
            return JsonFormat.printer().preservingProtoFieldNames().print(KeepAliveRequest.newBuilder()
                    .setName(opts.name).setBoundSource(bound.source()).setBoundEpoch(bound.epoch())
                    .addAllSubTasks(bound.statuses()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return "{}";
        }
    }

    static final class VersionLines implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return VersionInfo.lines().toArray(String[]::new);
        }
    }
}
