package dev.tandem.bench.chaos;

import dev.tandem.bench.replicator.FlowSpec;
import dev.tandem.bench.replicator.ReplicatorKind;
import dev.tandem.bench.replicator.ReplicatorLauncher;
import dev.tandem.bench.replicator.ReplicatorProcess;
import dev.tandem.bench.replicator.RunFiles;
import dev.tandem.testkit.kafka.KafkaClusterProcess;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.net.FaultProxy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the faults act on: the two clusters (each broker in its own process, behind a fault proxy that the driver's
 * connections go through) and the driver, which a fault may kill and start again.
 */
final class ChaosRig implements AutoCloseable {

    private final KafkaClusterProcess source;
    private final KafkaClusterProcess target;
    private final KafkaTestClient onTarget;
    private final ReplicatorLauncher launcher;
    private final FlowSpec flow;
    private final Path out;
    private final Duration faultLength;
    private ReplicatorProcess driver;
    private int driverStarts;

    ChaosRig(
            KafkaClusterProcess source,
            KafkaClusterProcess target,
            KafkaTestClient onTarget,
            ReplicatorLauncher launcher,
            FlowSpec flow,
            Path out,
            Duration faultLength) {
        this.source = source;
        this.target = target;
        this.onTarget = onTarget;
        this.launcher = launcher;
        this.flow = flow;
        this.out = out;
        this.faultLength = faultLength;
    }

    void startDriver() throws IOException {
        driver = launcher.start(ReplicatorKind.TANDEM, flow, RunFiles.create(out, "tandem-" + driverStarts++));
    }

    ReplicatorProcess driver() {
        return driver;
    }

    /** Injects {@code fault} and returns once it is over (the cluster or driver back, the network healed). */
    String inject(Fault fault, String remoteTopicToDelete) throws Exception {
        return switch (fault) {
            case SOURCE_BROKER_KILLED -> {
                source.killBroker();
                source.startBroker();
                yield "";
            }
            case TARGET_BROKER_RESTARTED -> {
                target.stopBroker();
                target.startBroker();
                yield "";
            }
            case DRIVER_KILLED -> {
                driver.kill();
                startDriver();
                yield "driver start " + driverStarts;
            }
            case SOURCE_NETWORK_CUT -> network(proxy(source), FaultProxy::cut);
            case TARGET_NETWORK_CUT -> network(proxy(target), FaultProxy::cut);
            case SOURCE_BLACK_HOLE -> network(proxy(source), FaultProxy::blackHole);
            case TARGET_BLACK_HOLE -> network(proxy(target), FaultProxy::blackHole);
            case REMOTE_TOPIC_DELETED -> {
                onTarget.admin()
                        .deleteTopics(List.of(remoteTopicToDelete))
                        .all()
                        .get(60, TimeUnit.SECONDS);
                yield remoteTopicToDelete;
            }
        };
    }

    private static FaultProxy proxy(KafkaClusterProcess cluster) {
        return cluster.faultProxy().orElseThrow();
    }

    private String network(FaultProxy proxy, java.util.function.Consumer<FaultProxy> fault)
            throws InterruptedException {
        fault.accept(proxy);
        try {
            // The fault's length, not a wait for a condition.
            TimeUnit.MILLISECONDS.sleep(faultLength.toMillis());
        } finally {
            proxy.heal();
        }
        return faultLength.toSeconds() + " s";
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.close();
        }
    }
}
