package dev.tandem.bench;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.measure.CommittedCopy;
import dev.tandem.bench.measure.CopyCompletion;
import dev.tandem.bench.measure.EndOffsets;
import dev.tandem.bench.measure.Failover;
import dev.tandem.bench.measure.FailoverProbe;
import dev.tandem.bench.measure.Latency;
import dev.tandem.bench.measure.LatencyProbe;
import dev.tandem.bench.measure.NewTopicProbe;
import dev.tandem.bench.replicator.FlowSpec;
import dev.tandem.bench.replicator.ReplicatorKind;
import dev.tandem.bench.replicator.ReplicatorLauncher;
import dev.tandem.bench.replicator.ReplicatorProcess;
import dev.tandem.bench.replicator.RunFiles;
import dev.tandem.testkit.kafka.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;

/**
 * The second stage of a run, on a fresh target cluster with the replicator started again: it copies the case's
 * failover topic in full (checked record for record by end offsets), then is measured at a fixed rate, then
 * (MirrorMakers only) on a new topic and a group failover. A copy stage stopped mid-backlog leaves nothing complete
 * to fail over, and a replicator still working through gigabytes would say nothing about its latency.
 */
final class LiveStage {

    static final Duration LATENCY_DURATION = Duration.ofSeconds(30);
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(30);
    /** MM2 emits checkpoints every 60 s by default; this leaves room for two. */
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(150);

    private final BenchSettings settings;
    private final EmbeddedKafkaCluster source;
    private final Admin sourceAdmin;
    private final ReplicatorLauncher launcher;

    LiveStage(BenchSettings settings, EmbeddedKafkaCluster source, Admin sourceAdmin, ReplicatorLauncher launcher) {
        this.settings = settings;
        this.source = source;
        this.sourceAdmin = sourceAdmin;
        this.launcher = launcher;
    }

    /** {@code latencyTopic} must exist on A (with the case's partitions); {@code newTopic} must not, yet. */
    LiveFigures run(BenchCase benchCase, ReplicatorKind kind, RunFiles files, String latencyTopic, String newTopic)
            throws Exception {
        System.out.println("  latency and failover stage, files in " + files.dir());
        try (EmbeddedKafkaCluster target = EmbeddedKafkaCluster.start("B");
                Admin targetAdmin = Admin.create(Map.of("bootstrap.servers", target.bootstrapServers()))) {
            EndOffsets targetOffsets = new EndOffsets(targetAdmin);
            FlowSpec flow = new FlowSpec(
                    source.bootstrapServers(),
                    target.bootstrapServers(),
                    List.of(benchCase.failoverTopic(), latencyTopic, newTopic),
                    benchCase.failoverGroup(),
                    settings.tasks());
            System.out.println("  " + QuietMachine.await(QUIET_TIMEOUT));
            try (ReplicatorProcess replicator = launcher.start(kind, flow, files)) {
                String remote = FlowSpec.remoteTopic(benchCase.failoverTopic());
                double copied = CopyCompletion.await(
                        replicator,
                        targetOffsets,
                        remote,
                        benchCase.partitions(),
                        benchCase.failoverRecords(),
                        Duration.ofSeconds(Math.max(300, benchCase.failoverRecords() / 10_000)));
                // Record by record, not by end offsets: a transactional copy's markers take offsets too.
                CommittedCopy copy = CommittedCopy.read(
                        target.bootstrapServers(),
                        remote,
                        new EndOffsets(sourceAdmin).of(benchCase.failoverTopic(), benchCase.partitions()),
                        benchCase::failoverOffset,
                        Duration.ofSeconds(120));
                System.out.printf(
                        Locale.ROOT,
                        "  failover topic (%,d records) copied exactly, %.1f s after start%n",
                        benchCase.failoverRecords(),
                        copied);

                Latency latency = new LatencyProbe(source.bootstrapServers(), target.bootstrapServers(), targetOffsets)
                        .measure(
                                latencyTopic,
                                FlowSpec.remoteTopic(latencyTopic),
                                benchCase.partitions(),
                                benchCase.recordBytes(),
                                settings.latencyRate(),
                                settings.latencyWarmup(),
                                LATENCY_DURATION,
                                files.latencyTimeline());
                System.out.printf(
                        Locale.ROOT,
                        "  latency at %,d records/s: p50 %.2f ms, p99 %.2f ms (%,d of %,d records seen)%n",
                        settings.latencyRate(),
                        latency.p50Millis(),
                        latency.p99Millis(),
                        latency.received(),
                        latency.sent());
                if (!kind.isMirrorMaker()) {
                    return new LiveFigures(latency, OptionalDouble.empty(), Optional.empty());
                }
                return mirrorFeatures(benchCase, target, targetOffsets, remote, newTopic, latency, copy);
            }
        }
    }

    /** Discovery and the failover checkpoint are independent waits: they run together. */
    private LiveFigures mirrorFeatures(
            BenchCase benchCase,
            EmbeddedKafkaCluster target,
            EndOffsets targetOffsets,
            String remote,
            String newTopic,
            Latency latency,
            CommittedCopy copy)
            throws Exception {
        NewTopicProbe newTopicProbe = new NewTopicProbe(sourceAdmin, source.bootstrapServers(), targetOffsets);
        CompletableFuture<OptionalDouble> discovery = CompletableFuture.supplyAsync(() -> {
            try {
                return newTopicProbe.measure(newTopic, FlowSpec.remoteTopic(newTopic), settings.newTopicTimeout());
            } catch (Exception e) {
                throw new IllegalStateException("Timing a new topic failed", e);
            }
        });
        Optional<Failover> failover = new FailoverProbe(target.bootstrapServers())
                .measure(
                        FlowSpec.SOURCE,
                        benchCase.failoverGroup(),
                        remote,
                        benchCase.partitions(),
                        copy::targetOffsetOfMarked,
                        CHECKPOINT_TIMEOUT);
        OptionalDouble newTopicSeconds = discovery.get();
        System.out.printf(
                Locale.ROOT,
                "  new topic: %s; failover of %s: %s%n",
                newTopicSeconds.isPresent()
                        ? String.format(Locale.ROOT, "%.1f s", newTopicSeconds.getAsDouble())
                        : "not replicated within " + settings.newTopicTimeout().toSeconds() + " s",
                benchCase.failoverGroup(),
                failover.map(f -> f.reread() + " re-read, " + f.skipped() + " skipped")
                        .orElse("no checkpoint"));
        return new LiveFigures(latency, newTopicSeconds, failover);
    }
}
