package dev.tandem.bench;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.measure.EndOffsets;
import dev.tandem.bench.measure.SteadyState;
import dev.tandem.bench.measure.Throughput;
import dev.tandem.bench.measure.ThroughputProbe;
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
import org.apache.kafka.clients.admin.Admin;

/**
 * The first stage of a run: on a fresh target cluster, the replicator copies the case's backlog, is measured over
 * the copy window, and is stopped as soon as the window closes. The backlog is far larger than a slow replicator
 * gets through in that time; copying the rest would only cost minutes.
 */
final class CopyStage {

    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(30);

    private final BenchSettings settings;
    private final EmbeddedKafkaCluster source;
    private final Admin sourceAdmin;
    private final ReplicatorLauncher launcher;

    CopyStage(BenchSettings settings, EmbeddedKafkaCluster source, Admin sourceAdmin, ReplicatorLauncher launcher) {
        this.settings = settings;
        this.source = source;
        this.sourceAdmin = sourceAdmin;
        this.launcher = launcher;
    }

    Throughput run(BenchCase benchCase, ReplicatorKind kind, RunFiles files) throws Exception {
        Map<Integer, Long> sourceEnds = new EndOffsets(sourceAdmin).of(benchCase.topic(), benchCase.partitions());
        if (sourceEnds.size() != benchCase.partitions()) {
            throw new IllegalStateException(
                    "Cannot read the end offsets of " + benchCase.topic() + " on A: " + sourceEnds);
        }
        String remote = FlowSpec.remoteTopic(benchCase.topic());
        System.out.println("  copy stage, files in " + files.dir());
        Throughput throughput;
        long stopping;
        try (EmbeddedKafkaCluster target = EmbeddedKafkaCluster.start("B");
                Admin targetAdmin = Admin.create(Map.of("bootstrap.servers", target.bootstrapServers()))) {
            FlowSpec flow = new FlowSpec(
                    source.bootstrapServers(),
                    target.bootstrapServers(),
                    List.of(benchCase.topic()),
                    benchCase.failoverGroup(),
                    settings.tasks());
            System.out.println("  " + QuietMachine.await(QUIET_TIMEOUT));
            try (ReplicatorProcess replicator = launcher.start(kind, flow, files)) {
                long clustersGcBefore = ClustersGc.millis();
                throughput = new ThroughputProbe(new EndOffsets(targetAdmin))
                        .watch(replicator, remote, sourceEnds, settings.window(), kind.id(), files.copyTimeline());
                print(throughput, benchCase, ClustersGc.millis() - clustersGcBefore);
            }
            // No topic deletion first: a deleted topic's segments stay open in the broker (its deletion waits
            // file.delete.delay.ms), so the stopped cluster's folder was removed but its space was not freed until
            // the bench ended; the 2026-12-04 and 2026-12-05 runs filled the disk that way, 10-15 GB per stage.
            stopping = System.nanoTime();
        }
        System.out.printf(
                Locale.ROOT, "  target cluster stopped and removed in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
        return throughput;
    }

    private void print(Throughput throughput, BenchCase benchCase, long clustersGcMillis) {
        if (!throughput.valid()) {
            String line = "!".repeat(100);
            System.out.println("  " + line);
            System.out.printf(
                    Locale.ROOT,
                    "  !!! INVALID RUN, NO RATE REPORTED: %s.%n",
                    throughput.invalidity().orElseThrow());
            // The backlog is sized from the window's length, so a shorter window shrinks it too: only the scale helps.
            System.out.printf(
                    Locale.ROOT,
                    "  !!! The backlog (%,d records at bench.scale %s) lasts %.1f s at %,d records/s;"
                            + " this replicator had copied %,d records when a partition ran dry. Raise bench.scale.%n",
                    benchCase.records(),
                    settings.scale(),
                    benchCase.backlogSecondsAtSizingRate(),
                    benchCase.sizedForRecordsPerSecond(),
                    throughput.copiedRecords());
            System.out.println("  " + line);
            return;
        }
        SteadyState steady = throughput.steady();
        System.out.printf(
                Locale.ROOT,
                "  first record after %.1f s; window %.1f-%.1f s into the copy (JIT at its start: %s):"
                        + " %,.0f records/s (second half / first half %.2f), replicator %.2f µs CPU per record"
                        + " (%.1f %% of it compiling); the clusters' JVM spent %d ms in GC meanwhile%n",
                throughput.firstRecordSeconds(),
                steady.startSeconds(),
                steady.endSeconds(),
                steady.jitAtStart().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                steady.recordsPerSecond(),
                steady.steadiness(),
                steady.cpuMicrosPerRecord(),
                steady.jitShareOfCpu() * 100,
                clustersGcMillis);
    }
}
