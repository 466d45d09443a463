package dev.tandem.driver.runtime;

import dev.tandem.common.config.SecretMasking;
import dev.tandem.common.metrics.MirrorMetrics;
import dev.tandem.common.metrics.MirrorMetricsHolder;
import dev.tandem.common.runtime.PeriodicJobs;
import dev.tandem.common.runtime.TandemVersion;
import dev.tandem.driver.config.ConnectorConfigFactory;
import dev.tandem.driver.config.ConnectorKind;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.config.DriverSettings;
import dev.tandem.driver.config.Flow;
import dev.tandem.driver.config.MirrorMakerConfig;
import dev.tandem.driver.config.WorkerConfigFactory;
import dev.tandem.driver.metrics.ClusterReachability;
import dev.tandem.driver.metrics.ConnectorStates;
import dev.tandem.driver.metrics.DriverHttpServer;
import dev.tandem.driver.metrics.MicrometerMirrorMetrics;
import dev.tandem.driver.secrets.DriverSecrets;
import dev.tandem.driver.security.HttpClientAccess;
import dev.tandem.driver.security.ListenerExposure;
import dev.tandem.driver.security.RestAccess;
import dev.tandem.driver.security.TlsSettings;
import dev.tandem.driver.status.FlowStatusReport;
import dev.tandem.heartbeat.MirrorHeartbeatConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a validated configuration: one worker per target cluster of this process, each holding the connectors of the
 * flows into it ({@code A->B.source}, {@code A->B.checkpoint}, {@code A->B.heartbeat}), until {@link #close()}
 * (called on SIGTERM and Ctrl-C by the shutdown hook) stops the workers, which commit their offsets.
 */
public final class MirrorMakerRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MirrorMakerRuntime.class);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);
    private static final Duration REACHABILITY_INTERVAL = Duration.ofSeconds(10);

    /** Guarded by this; once {@link #closed}, no worker is added (a stop can arrive while starting). */
    private final List<TargetWorker> workers = new ArrayList<>();

    private boolean closed;
    private DriverHttpServer http;
    private PeriodicJobs statusPoller;
    private PeriodicJobs reachabilityProbe;
    private ClusterReachability reachability;
    private ConnectorStates states;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread shutdownHook = new Thread(this::close, "tandem-shutdown");

    private MirrorMakerRuntime() {}

    /** Starts the runtime, stopped by SIGTERM or Ctrl-C through its own shutdown hook. */
    public static MirrorMakerRuntime start(DriverConfig config, PrintStream out) {
        return start(config, out, true);
    }

    /**
     * Starts the runtime; with {@code stopOnJvmShutdown} false the caller stops it with {@link #close()}, for
     * embedders that must stop other things after it (the demo stops its clusters last).
     */
    public static MirrorMakerRuntime start(DriverConfig config, PrintStream out, boolean stopOnJvmShutdown) {
        // Connect calls Exit on fatal start-up errors; report them as errors of this run instead.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka Connect failed to start (" + code + "): " + message);
        });
        // The driver owns shutdown: Connect's and Jetty's own hooks would race with it and can hang the JVM.
        Exit.setShutdownHookAdder((name, hook) -> log.debug("Not registering Connect's shutdown hook {}", name));
        MirrorMakerConfig mm2 = config.mm2();
        log.info(
                "Tandem {} starting from {} (secrets hidden): {}",
                TandemVersion.get(),
                mm2.source(),
                SecretMasking.masked(mm2.raw()));
        MirrorMakerRuntime runtime = new MirrorMakerRuntime();
        if (stopOnJvmShutdown) {
            Runtime.getRuntime().addShutdownHook(runtime.shutdownHook);
        }
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            DriverSettings settings = mm2.driverSettings();
            MicrometerMirrorMetrics metrics = new MicrometerMirrorMetrics(registry, settings.partitionLabel());
            MirrorMetricsHolder.install(metrics);
            // The reachability probe is made next; states are first read after the workers start.
            ConnectorStates states = new ConnectorStates(
                    registry, () -> runtime.reachability == null ? Set.of() : runtime.reachability.unreachable());
            ConnectorConfigFactory connectorConfigs = new ConnectorConfigFactory(mm2);
            ClusterReachability reachability = new ClusterReachability(
                    clusterAdmins(config, connectorConfigs), registry, System::currentTimeMillis);
            runtime.reachability = reachability;
            DriverSecrets.install(mm2.raw());
            RestAccess access = RestAccess.install(settings.restAccount(), mm2.raw());
            TlsSettings tls = TlsSettings.of(mm2.raw());
            runtime.http = DriverHttpServer.start(
                    settings.httpListener(),
                    tls::serverContext,
                    access,
                    registry,
                    states,
                    reachability,
                    () -> FlowStatusReport.of(config, states, metrics, reachability));
            announce(
                    out,
                    "Tandem %s: metrics at %smetrics, health at %shealth",
                    TandemVersion.get(),
                    runtime.http.url(),
                    runtime.http.url());
            runtime.statusPoller = new PeriodicJobs("driver-status");
            runtime.statusPoller.every("connector status", STATUS_INTERVAL, () -> runtime.pollStatus(states));
            runtime.states = states;
            runtime.reachabilityProbe = new PeriodicJobs("cluster-reachability");
            runtime.reachabilityProbe.every("cluster reachability", REACHABILITY_INTERVAL, () -> {
                reachability.check();
                metrics.releaseHeldLags(reachability.unreachable());
            });
            WorkerConfigFactory workerConfigs = new WorkerConfigFactory(mm2);
            // Built before any worker starts: building them tells the secrets provider which secrets the driver's
            // connectors use, and a worker may start a task of another process's connector at once.
            Map<String, Map<String, Map<String, String>>> connectorsByTarget = new LinkedHashMap<>();
            for (String target : config.targets()) {
                connectorsByTarget.put(target, connectorsInto(target, mm2, connectorConfigs));
            }
            HttpClientAccess workerAccess = new HttpClientAccess(tls.clientContext(), Optional.of(access.driver()));
            Map<String, Map<String, String>> workerProps = new LinkedHashMap<>();
            config.targets().forEach(target -> workerProps.put(target, workerConfigs.worker(target)));
            ListenerExposure.warnIfOpen(settings.httpListener(), workerProps, access.authenticationRequired());
            for (String target : config.targets()) {
                if (runtime.isClosed()) {
                    break; // stopped while starting: start nothing more
                }
                TargetWorker worker = TargetWorker.start(
                        target,
                        workerProps.get(target),
                        workerAccess,
                        settings.restartFailedTasks(),
                        text -> SecretMasking.scrub(text, mm2.raw()));
                if (!runtime.register(worker)) {
                    break;
                }
                removeJettyShutdownHook();
                Map<String, Map<String, String>> connectors = connectorsByTarget.get(target);
                worker.deploy(connectors, sourceConnectorsInto(target, mm2), DEPLOY_TIMEOUT);
                announce(
                        out,
                        "Tandem %s: worker for %s at %s runs %s",
                        TandemVersion.get(),
                        target,
                        worker.restUrl(),
                        String.join(", ", connectors.keySet()));
                runtime.statusPoller.once("connector status", () -> runtime.pollStatus(runtime.states));
            }
            if (!runtime.isClosed()) {
                ClassDataRecording.markStarted();
            }
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /**
     * Prints one line in one write: printf writes piece by piece, and the tasks' log lines, already running on
     * other threads, would land in the middle of it where both streams go to one file or terminal.
     */
    private static void announce(PrintStream out, String format, Object... args) {
        out.print(String.format(format, args) + System.lineSeparator());
        out.flush();
    }

    /**
     * The connectors of every flow into {@code target}: records and checkpoints (unless the flow writes no offset
     * syncs) for enabled flows, heartbeats for every pair.
     */
    static Map<String, Map<String, String>> connectorsInto(
            String target, MirrorMakerConfig mm2, ConnectorConfigFactory factory) {
        Map<String, Map<String, String>> connectors = new LinkedHashMap<>();
        for (Flow flow : mm2.enabledFlows()) {
            if (flow.target().equals(target)) {
                connectors.put(
                        flow.connectorName(ConnectorKind.SOURCE),
                        factory.connector(flow, ConnectorKind.SOURCE).valuesForWorker());
                if (factory.checkpointsFor(flow)) {
                    connectors.put(
                            flow.connectorName(ConnectorKind.CHECKPOINT),
                            factory.connector(flow, ConnectorKind.CHECKPOINT).valuesForWorker());
                }
            }
        }
        for (Flow pair : mm2.heartbeatPairs()) {
            if (pair.target().equals(target)) {
                connectors.put(
                        pair.connectorName(ConnectorKind.HEARTBEAT),
                        factory.connector(pair, ConnectorKind.HEARTBEAT).valuesForWorker());
            }
        }
        return connectors;
    }

    /**
     * An admin client of every cluster the flows into this process's targets read or write, by alias, built as the
     * connectors build theirs (cluster settings, {@code forwarding.admin.class}).
     */
    static Map<String, Admin> clusterAdmins(DriverConfig config, ConnectorConfigFactory factory) {
        Map<String, Admin> admins = new LinkedHashMap<>();
        Set<Flow> flows = new LinkedHashSet<>(config.mm2().enabledFlows());
        flows.addAll(config.mm2().heartbeatPairs());
        for (Flow flow : flows) {
            if (!config.targets().contains(flow.target())) {
                continue;
            }
            MirrorHeartbeatConfig clients = new MirrorHeartbeatConfig(
                    factory.connector(flow, ConnectorKind.HEARTBEAT).values());
            if (!admins.containsKey(flow.target())) {
                admins.put(flow.target(), clients.targetAdmin());
            }
            if (!admins.containsKey(flow.source())) {
                admins.put(flow.source(), clients.sourceAdmin());
            }
        }
        return admins;
    }

    /** The record-copying connectors of the flows into {@code target}: deployed first, so copying starts soonest. */
    static Set<String> sourceConnectorsInto(String target, MirrorMakerConfig mm2) {
        Set<String> names = new LinkedHashSet<>();
        for (Flow flow : mm2.enabledFlows()) {
            if (flow.target().equals(target)) {
                names.add(flow.connectorName(ConnectorKind.SOURCE));
            }
        }
        return names;
    }

    /** Reads every connector's state from the workers of this process into the state gauges. */
    private void pollStatus(ConnectorStates states) {
        List<TargetWorker> current;
        synchronized (this) {
            current = List.copyOf(workers);
        }
        ClusterReachability probe = reachability;
        Set<String> away = probe == null ? Set.of() : probe.unreachable();
        for (TargetWorker worker : current) {
            try {
                worker.reportStates(states, !away.contains(worker.target()));
            } catch (RuntimeException e) {
                log.debug("No status from the worker for {} yet: {}", worker.target(), e.getMessage());
            }
        }
    }

    private static void removeJettyShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(org.eclipse.jetty.util.thread.ShutdownThread.getInstance());
        } catch (IllegalStateException shuttingDown) {
            // too late to matter
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Adds a started worker, or stops it at once when the runtime was closed meanwhile. */
    private boolean register(TargetWorker worker) {
        synchronized (this) {
            if (!closed) {
                workers.add(worker);
                return true;
            }
        }
        Utils.closeQuietly(worker, "worker for " + worker.target());
        return false;
    }

    /** Blocks until {@link #close()}. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        List<TargetWorker> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = List.copyOf(workers);
        }
        log.info("Tandem stopping {} worker(s); tasks commit their offsets", toStop.size());
        Utils.closeQuietly(statusPoller, "status poller");
        Utils.closeQuietly(reachabilityProbe, "cluster reachability probe");
        Utils.closeQuietly(reachability, "cluster reachability");
        for (TargetWorker worker : toStop) {
            Utils.closeQuietly(worker, "worker for " + worker.target());
        }
        Utils.closeQuietly(http, "metrics server");
        MirrorMetricsHolder.install(MirrorMetrics.NO_OP);
        stopped.countDown();
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException notRegisteredOrStopping) {
                // the JVM is already stopping, or the embedder stops the runtime itself
            }
        }
    }
}
