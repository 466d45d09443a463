package dev.tandem.bench.soak;

import dev.tandem.bench.Machine;
import dev.tandem.bench.SystemSettings;
import dev.tandem.bench.replicator.FlowSpec;
import dev.tandem.bench.replicator.ReplicatorKind;
import dev.tandem.bench.replicator.ReplicatorLauncher;
import dev.tandem.bench.replicator.ReplicatorProcess;
import dev.tandem.bench.replicator.RunFiles;
import dev.tandem.testkit.kafka.EmbeddedKafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.SteadyLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The soak: Tandem with its defaults, started by {@code bin/connect-mirror-maker}, copies a topic written at a
 * steady rate for {@code soak.minutes}; after each minute it reports the replicator's live heap (after a full GC),
 * resident memory, CPU and lag. At the end every record is compared, and the heap must not have grown.
 */
public final class SoakMain {

    static final String TOPIC = "soak";
    /** The heap may wander a little between full GCs; more than this from minute 2 to the end counts as growth. */
    static final double GROWTH_LIMIT_RATIO = 0.10;

    static final long GROWTH_LIMIT_FLOOR_BYTES = 16L * 1024 * 1024;
    private static final Duration CATCH_UP = Duration.ofMinutes(3);

    private SoakMain() {}

    public static void main(String[] args) throws Exception {
        SoakSettings settings = SoakSettings.fromSystemProperties();
        SystemSettings.killChildrenOnExit();
        Path home = SystemSettings.tandemHome();
        String header = "## Soak, " + LocalDate.now() + "\n\n- Machine: " + Machine.describe()
                + "\n- Tandem with its defaults"
                + " (tasks.max=" + settings.tasks() + "), -Xms256m -Xmx2g G1, copying one " + settings.partitions()
                + "-partition topic written at " + settings.rate() + " records/s of " + settings.valueBytes()
                + " B for "
                + settings.minutes() + " minutes\n";
        System.out.println(header);
        List<SoakSample> samples = new ArrayList<>();
        String verdict;
        try (EmbeddedKafkaCluster a = EmbeddedKafkaCluster.start("A");
                EmbeddedKafkaCluster b = EmbeddedKafkaCluster.start("B");
                KafkaTestClient onA = new KafkaTestClient(a);
                KafkaTestClient onB = new KafkaTestClient(b)) {
            onA.createTopic(TOPIC, settings.partitions());
            RunFiles files = RunFiles.create(settings.out(), "tandem");
            FlowSpec flow = new FlowSpec(
                    a.bootstrapServers(), b.bootstrapServers(), List.of(TOPIC), "soak-readers", settings.tasks());
            try (ReplicatorProcess tandem =
                    new ReplicatorLauncher(home, false, Map.of()).start(ReplicatorKind.TANDEM, flow, files)) {
                HeapProbe heap = new HeapProbe(tandem.pid());
                long started = System.nanoTime();
                try (SteadyLoad load =
                        SteadyLoad.start(onA, TOPIC, settings.partitions(), settings.rate(), settings.valueBytes())) {
                    System.out.println(SoakSample.HEADER);
                    long previousCopied = 0;
                    for (int minute = 1; minute <= settings.minutes(); minute++) {
                        pauseUntil(started
                                + TimeUnit.MINUTES.toNanos(minute)); // the sampling clock, not a wait for a condition
                        tandem.checkAlive();
                        // The copy first: A only grows meanwhile, so the lag is never negative.
                        long copied = onB.topics().contains(FlowSpec.remoteTopic(TOPIC))
                                ? onB.endOffsetSum(FlowSpec.remoteTopic(TOPIC))
                                : 0;
                        long written = onA.endOffsetSum(TOPIC);
                        SoakSample sample = new SoakSample(
                                minute,
                                written,
                                copied,
                                copied - previousCopied,
                                written - copied,
                                heap.liveHeapBytes(),
                                heap.residentBytes(),
                                tandem.cpuSeconds());
                        previousCopied = copied;
                        samples.add(sample);
                        System.out.println(sample.row());
                    }
                }
                System.out.println("\nLoad stopped; waiting up to " + CATCH_UP.toMinutes()
                        + " minutes for the copy to catch up ...");
                awaitCaughtUp(onA, onB, tandem);
            }
            System.out.println(
                    "Comparing every record of " + TOPIC + " on A with " + FlowSpec.remoteTopic(TOPIC) + " on B ...");
            TopicDigest source = TopicDigest.read(a.bootstrapServers(), TOPIC);
            TopicDigest copy = TopicDigest.read(b.bootstrapServers(), FlowSpec.remoteTopic(TOPIC));
            verdict = SoakVerdict.of(samples, source, copy);
        }
        StringBuilder report =
                new StringBuilder(header).append('\n').append(SoakSample.HEADER).append('\n');
        samples.forEach(s -> report.append(s.row()).append('\n'));
        report.append('\n').append(verdict).append('\n');
        Files.createDirectories(settings.out());
        Files.writeString(settings.out().resolve("results.md"), report.toString());
        System.out.println();
        System.out.println(report);
        System.out.println("Written to " + settings.out().resolve("results.md"));
        System.exit(verdict.contains("FAIL") ? 1 : 0);
    }

    private static void pauseUntil(long nanoTime) throws InterruptedException {
        long remaining = nanoTime - System.nanoTime();
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }

    private static void awaitCaughtUp(KafkaTestClient onA, KafkaTestClient onB, ReplicatorProcess tandem)
            throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (onB.endOffsetSum(FlowSpec.remoteTopic(TOPIC)) < onA.endOffsetSum(TOPIC)) {
            tandem.checkAlive();
            if (System.nanoTime() > deadline) {
                System.out.println("  the copy did not catch up within " + CATCH_UP
                        + "; the comparison below shows what is missing");
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }
}
