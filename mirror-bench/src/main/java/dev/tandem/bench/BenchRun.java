package dev.tandem.bench;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.measure.EndOffsets;
import dev.tandem.bench.measure.Failover;
import dev.tandem.bench.measure.FailoverProbe;
import dev.tandem.bench.measure.GcLog;
import dev.tandem.bench.measure.Latency;
import dev.tandem.bench.measure.LatencyProbe;
import dev.tandem.bench.measure.NewTopicProbe;
import dev.tandem.bench.measure.Throughput;
import dev.tandem.bench.measure.ThroughputProbe;
import dev.tandem.bench.replicator.FlowSpec;
import dev.tandem.bench.replicator.ReplicatorKind;
import dev.tandem.bench.replicator.ReplicatorLauncher;
import dev.tandem.bench.replicator.ReplicatorProcess;
import dev.tandem.bench.replicator.RunFiles;
import dev.tandem.bench.report.RunResult;
import dev.tandem.testkit.kafka.EmbeddedKafkaCluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One replicator on one case, on a fresh target cluster B: bulk copy of the prefilled topic, then latency at a fixed
 * rate, then (MirrorMakers only) a new topic and a group failover.
 */
final class BenchRun {

    static final Duration LATENCY_DURATION = Duration.ofSeconds(30);
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(30);
    /** MM2 emits checkpoints every 60 s by default; this leaves room for two. */
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(150);

    private final BenchSettings settings;
    private final EmbeddedKafkaCluster source;
    private final Admin sourceAdmin;
    private final ReplicatorLauncher launcher;

    BenchRun(BenchSettings settings, EmbeddedKafkaCluster source, Admin sourceAdmin) {
        this.settings = settings;
        this.source = source;
        this.sourceAdmin = sourceAdmin;
        this.launcher = new ReplicatorLauncher(settings.tandemHome(), settings.profile(), settings.tandemProperties());
    }

    RunResult run(BenchCase benchCase, ReplicatorKind kind, int round) throws Exception {
        String runId = benchCase.name() + "-" + kind.id() + "-r" + round;
        RunFiles files = RunFiles.create(settings.out().resolve("runs"), runId);
        String latencyTopic = "bench-lat-" + runId;
        String newTopic = "bench-new-" + runId;
        SourceCleaner.removeAllBut(sourceAdmin, settings.cases().stream().map(BenchCase::topic).toList());
        sourceAdmin.createTopics(List.of(new NewTopic(latencyTopic, benchCase.partitions(), (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
        System.out.printf("%n== %s on %s (round %d), files in %s%n", kind.label(), benchCase.describe(), round, files.dir());
        try (EmbeddedKafkaCluster target = EmbeddedKafkaCluster.start("B");
             Admin targetAdmin = Admin.create(Map.of("bootstrap.servers", target.bootstrapServers()))) {
            EndOffsets targetOffsets = new EndOffsets(targetAdmin);
            FlowSpec flow = new FlowSpec(source.bootstrapServers(), target.bootstrapServers(),
                    List.of(benchCase.topic(), latencyTopic, newTopic), benchCase.failoverGroup(), settings.tasks());
            Throughput throughput;
            Latency latency;
            OptionalDouble newTopicSeconds = OptionalDouble.empty();
            Optional<Failover> failover = Optional.empty();
            System.out.println("  " + QuietMachine.await(QUIET_TIMEOUT));
            try (ReplicatorProcess replicator = launcher.start(kind, flow, files)) {
                String remote = FlowSpec.remoteTopic(benchCase.topic());
                Duration bulkTimeout = Duration.ofSeconds(Math.max(300, benchCase.records() / 10_000));
                long clustersGcBefore = ClustersGc.millis();
                throughput = new ThroughputProbe(targetOffsets).watch(replicator, remote, benchCase.partitions(),
                        benchCase.records(), bulkTimeout, kind.id(), files.copyTimeline());
                System.out.printf(Locale.ROOT, "  copied in %.1f s: first record after %.1f s, %,.0f records/s at steady state"
                                + " (%,.0f from 50 to 90 %%; the clusters' JVM spent %d ms in GC meanwhile)%n",
                        throughput.totalSeconds(), throughput.firstRecordSeconds(), throughput.recordsPerSecond(),
                        throughput.secondHalfRecordsPerSecond(), ClustersGc.millis() - clustersGcBefore);
                checkExactCopy(new EndOffsets(sourceAdmin), targetOffsets, benchCase, remote);

                latency = new LatencyProbe(source.bootstrapServers(), target.bootstrapServers(), targetOffsets)
                        .measure(latencyTopic, FlowSpec.remoteTopic(latencyTopic), benchCase.partitions(),
                                benchCase.recordBytes(), settings.latencyRate(), settings.latencyWarmup(), LATENCY_DURATION,
                                files.latencyTimeline());
                System.out.printf(Locale.ROOT, "  latency at %,d records/s: p50 %d ms, p99 %d ms (%,d of %,d records seen)%n",
                        settings.latencyRate(), latency.p50Millis(), latency.p99Millis(), latency.received(), latency.sent());

                if (kind.isMirrorMaker()) {
                    // Discovery and the failover checkpoint are independent waits: run them together.
                    NewTopicProbe newTopicProbe = new NewTopicProbe(sourceAdmin, source.bootstrapServers(), targetOffsets);
                    CompletableFuture<OptionalDouble> discovery = CompletableFuture.supplyAsync(() -> {
                        try {
                            return newTopicProbe.measure(newTopic, FlowSpec.remoteTopic(newTopic), settings.newTopicTimeout());
                        } catch (Exception e) {
                            throw new IllegalStateException("Timing a new topic failed", e);
                        }
                    });
                    failover = new FailoverProbe(target.bootstrapServers()).measure(FlowSpec.SOURCE,
                            benchCase.failoverGroup(), remote, benchCase.partitions(), benchCase::failoverOffset,
                            CHECKPOINT_TIMEOUT);
                    newTopicSeconds = discovery.get();
                    System.out.printf(Locale.ROOT, "  new topic: %s; failover of %s: %s%n",
                            newTopicSeconds.isPresent() ? String.format(Locale.ROOT, "%.1f s", newTopicSeconds.getAsDouble())
                                    : "not replicated within " + settings.newTopicTimeout().toSeconds() + " s",
                            benchCase.failoverGroup(),
                            failover.map(f -> f.reread() + " re-read, " + f.skipped() + " skipped").orElse("no checkpoint"));
                }
            }
            return new RunResult(benchCase, kind, round, throughput, GcLog.peakHeapMegabytes(files.gcLog()), latency,
                    kind.isMirrorMaker(), newTopicSeconds, failover);
        }
    }

    /** The failover figures assume offsets on B equal offsets on A; a duplicate or a gap would make them wrong. */
    private static void checkExactCopy(EndOffsets sourceOffsets, EndOffsets targetOffsets, BenchCase benchCase, String remote) {
        Map<Integer, Long> expected = sourceOffsets.of(benchCase.topic(), benchCase.partitions());
        Map<Integer, Long> copied = targetOffsets.of(remote, benchCase.partitions());
        if (!expected.equals(copied)) {
            throw new IllegalStateException("The copy is not exact: end offsets on A " + expected + ", on B " + copied);
        }
    }
}
