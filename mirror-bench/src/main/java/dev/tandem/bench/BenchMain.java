package dev.tandem.bench;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.data.Prefill;
import dev.tandem.bench.replicator.ReplicatorKind;
import dev.tandem.bench.report.MethodNote;
import dev.tandem.bench.report.ResultTable;
import dev.tandem.bench.report.RunResult;
import dev.tandem.testkit.kafka.EmbeddedKafkaCluster;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The benchmark: one source cluster A; for each case its backlog is prefilled, then for each round and replicator a
 * {@link BenchRun} (two stages, each with a fresh target B and the replicator in its own JVM). Rounds interleave the replicators so drift in the machine
 * hits all of them alike. Prints a markdown report and writes it to {@code <bench.out>/results.md}.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        BenchSettings settings = BenchSettings.fromSystemProperties();
        // A replicator JVM must never outlive the benchmark, even on Ctrl-C.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        String header = header(settings);
        System.out.println(header);
        List<RunResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        System.out.println(DiskSpace.check(settings.cases()));
        long prefillNanos = 0;
        try (EmbeddedKafkaCluster source = EmbeddedKafkaCluster.start("A");
                Admin sourceAdmin = Admin.create(Map.of("bootstrap.servers", source.bootstrapServers()))) {
            Prefill prefill = new Prefill(sourceAdmin, source.bootstrapServers());
            BenchRun bench = new BenchRun(settings, source, sourceAdmin);
            List<BenchCase> cases = settings.cases();
            // One case at a time on A: its backlog is written, measured in every round, then deleted, so the disk
            // holds one backlog (and one target copy) at a time, not all of them.
            for (int c = 0; c < cases.size(); c++) {
                BenchCase benchCase = cases.get(c);
                long prefillStarted = System.nanoTime();
                prefill.write(benchCase);
                prefillNanos += System.nanoTime() - prefillStarted;
                if (c == 0) {
                    warmUp(settings, bench, benchCase);
                }
                for (int round = 1; round <= settings.rounds(); round++) {
                    for (ReplicatorKind kind : orderOf(round, settings.replicators())) {
                        try {
                            results.add(bench.run(benchCase, kind, round));
                        } catch (Exception e) {
                            String failure = kind.id() + " on case " + benchCase.name() + ", round " + round + ": "
                                    + e.getMessage();
                            System.out.println("  FAILED: " + failure);
                            failures.add(failure);
                        }
                    }
                }
                SourceCleaner.removeAllBut(
                        sourceAdmin,
                        cases.subList(c + 1, cases.size()).stream()
                                .flatMap(later -> Stream.of(later.topic(), later.failoverTopic()))
                                .toList());
            }
        }
        String report = header + "\n"
                + new ResultTable(settings.newTopicTimeout().toSeconds(), settings.latencyRate())
                        .render(settings.cases(), results)
                + (failures.isEmpty()
                        ? ""
                        : "\nFailed runs (not in the figures above):\n"
                                + failures.stream().map(f -> "- " + f).collect(Collectors.joining("\n")) + "\n")
                + "\n"
                + new MethodNote(
                                settings.window(),
                                settings.cases(),
                                settings.latencyRate(),
                                settings.latencyWarmup(),
                                LiveStage.LATENCY_DURATION)
                        .render()
                + "\nBench wall-clock time: " + minutes(System.nanoTime() - started) + " (of it the prefill "
                + minutes(prefillNanos) + ")\n";
        Files.createDirectories(settings.out());
        Files.writeString(settings.out().resolve("results.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("Written to " + settings.out().resolve("results.md"));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /**
     * The brokers' own JIT warms up on the first copy they serve: without this untimed run, whichever replicator runs
     * first in round 1 meets cold brokers (the pipe measured up to 2x slower that way). Tandem does the warm-up when
     * it is measured: its start script records a class-data archive on the first start after a build, which every
     * later start maps; round 1 then sees the start users see.
     */
    private static void warmUp(BenchSettings settings, BenchRun bench, BenchCase benchCase) throws Exception {
        ReplicatorKind warmUp =
                settings.replicators().contains(ReplicatorKind.TANDEM) ? ReplicatorKind.TANDEM : ReplicatorKind.PIPE;
        System.out.println("\nWarm-up (not measured): " + warmUp.label() + " copies the " + benchCase.name()
                + " B backlog for one copy window");
        bench.warmUp(benchCase, warmUp);
    }

    /**
     * The replicators in the order {@code bench.replicators} gives in odd rounds, reversed in even ones. A fixed order
     * puts each replicator always right after the same one and always at the same time into the run; alternating
     * evens out both over each pair of rounds (a drift that grows steadily through the run cancels exactly).
     */
    static List<ReplicatorKind> orderOf(int round, List<ReplicatorKind> replicators) {
        if (round % 2 == 1) {
            return replicators;
        }
        List<ReplicatorKind> reversed = new ArrayList<>(replicators);
        Collections.reverse(reversed);
        return reversed;
    }

    private static String minutes(long nanos) {
        long seconds = Math.round(nanos / 1e9);
        return seconds / 60 + " min " + seconds % 60 + " s";
    }

    private static String header(BenchSettings settings) {
        return "## Benchmark, " + LocalDate.now() + "\n\n"
                + "- Machine: " + Machine.describe() + "\n"
                + "- Cases: "
                + settings.cases().stream().map(BenchCase::describe).collect(Collectors.joining("; "))
                + (settings.scale() == 1 ? "" : " (bench.scale=" + settings.scale() + ")") + "\n"
                + "- Copy window: " + settings.window().describe()
                + " (see \"How these figures were measured\" below)\n"
                + "- Replicators: "
                + settings.replicators().stream().map(ReplicatorKind::label).collect(Collectors.joining("; "))
                + "; tasks.max=" + settings.tasks() + ", acks=all, each in its own JVM (-Xms256m -Xmx2g, G1)\n"
                + "- Rounds: " + settings.rounds()
                + " after an untimed warm-up copy stage (figures are medians; replicators"
                + " interleaved, in reverse order in even rounds), latency at " + settings.latencyRate()
                + " records/s (measured for "
                + LiveStage.LATENCY_DURATION.toSeconds() + " s after "
                + settings.latencyWarmup().toSeconds()
                + " s at that rate)\n"
                + (settings.tandemProperties().isEmpty()
                        ? ""
                        : "- **Tandem is not at its defaults** in this run: " + settings.tandemProperties() + "\n");
    }
}
