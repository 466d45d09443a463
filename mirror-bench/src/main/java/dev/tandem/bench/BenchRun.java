package dev.tandem.bench;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.measure.GcLog;
import dev.tandem.bench.measure.Throughput;
import dev.tandem.bench.replicator.ReplicatorKind;
import dev.tandem.bench.replicator.ReplicatorLauncher;
import dev.tandem.bench.replicator.RunFiles;
import dev.tandem.bench.report.RunResult;
import dev.tandem.testkit.kafka.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One replicator on one case, in two stages with a fresh target cluster and a fresh replicator JVM each: the
 * {@link CopyStage} (copy rate and CPU over the copy window of the backlog) and the {@link LiveStage} (latency, new
 * topic, failover). Each stage's files are in {@code runs/<case>-<replicator>-r<round>/copy} and {@code /live}.
 */
final class BenchRun {

    private final BenchSettings settings;
    private final Admin sourceAdmin;
    private final CopyStage copyStage;
    private final LiveStage liveStage;

    BenchRun(BenchSettings settings, EmbeddedKafkaCluster source, Admin sourceAdmin) {
        this.settings = settings;
        this.sourceAdmin = sourceAdmin;
        ReplicatorLauncher launcher =
                new ReplicatorLauncher(settings.tandemHome(), settings.profile(), settings.tandemProperties());
        this.copyStage = new CopyStage(settings, source, sourceAdmin, launcher);
        this.liveStage = new LiveStage(settings, source, sourceAdmin, launcher);
    }

    RunResult run(BenchCase benchCase, ReplicatorKind kind, int round) throws Exception {
        String runId = benchCase.name() + "-" + kind.id() + "-r" + round;
        Path dir = settings.out().resolve("runs").resolve(runId);
        String latencyTopic = "bench-lat-" + runId;
        String newTopic = "bench-new-" + runId;
        System.out.printf("%n== %s on %s (round %d)%n", kind.label(), benchCase.describe(), round);
        cleanSource();
        RunFiles copyFiles = RunFiles.create(dir, "copy");
        Throughput throughput = copyStage.run(benchCase, kind, copyFiles);
        sourceAdmin
                .createTopics(List.of(new NewTopic(latencyTopic, benchCase.partitions(), (short) 1)))
                .all()
                .get(30, TimeUnit.SECONDS);
        RunFiles liveFiles = RunFiles.create(dir, "live");
        LiveFigures live = liveStage.run(benchCase, kind, liveFiles, latencyTopic, newTopic);
        return new RunResult(
                benchCase,
                kind,
                round,
                throughput,
                peakHeap(copyFiles, liveFiles),
                live.latency(),
                kind.isMirrorMaker(),
                live.newTopicSeconds(),
                live.failover());
    }

    /** The copy stage alone, not measured: warms the brokers' JIT (and records Tandem's class-data archive). */
    void warmUp(BenchCase benchCase, ReplicatorKind kind) throws Exception {
        cleanSource();
        copyStage.run(benchCase, kind, RunFiles.create(settings.out().resolve("runs"), "warm-up-" + kind.id()));
    }

    private void cleanSource() throws Exception {
        SourceCleaner.removeAllBut(
                sourceAdmin,
                settings.cases().stream()
                        .flatMap(c -> List.of(c.topic(), c.failoverTopic()).stream())
                        .toList());
    }

    /** The larger of the two stages' peak heaps (the copy stage's, nearly always). */
    private static OptionalLong peakHeap(RunFiles... stages) {
        return List.of(stages).stream()
                .map(f -> GcLog.peakHeapMegabytes(f.gcLog()))
                .flatMapToLong(p -> p.isPresent() ? LongStream.of(p.getAsLong()) : LongStream.empty())
                .max();
    }
}
