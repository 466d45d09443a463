package dev.tandem.bench.scale;

import dev.tandem.bench.QuietMachine;
import dev.tandem.bench.SourceCleaner;
import dev.tandem.bench.measure.EndOffsets;
import dev.tandem.bench.measure.NewTopicProbe;
import dev.tandem.bench.replicator.FlowSpec;
import dev.tandem.bench.replicator.ReplicatorKind;
import dev.tandem.bench.replicator.ReplicatorLauncher;
import dev.tandem.bench.replicator.ReplicatorProcess;
import dev.tandem.bench.replicator.RunFiles;
import dev.tandem.bench.soak.HeapProbe;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaClusterProcess;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * One replicator's column: a fresh target B, the replicator in its own JVM, and each figure in turn: the copy of the
 * data set (topics, records, checkpoints), one more topic, the largest task config, the idle window, heap and
 * resident memory, and the pause while new topics are created under traffic. The steps run in that order because
 * each needs the one before to be over: idle means copied, and the traffic comes last so nothing measured before
 * sees it.
 */
final class ScaleRun {

    /**
     * Tandem looks for new topics every 5 s; MM2 every 600 s by default, so MM2 shows "not within" unless its one
     * discovery falls in the window. Waiting the full ten minutes would double its run to say what its default says.
     */
    private static final Duration ONE_MORE_TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(15);
    /** Before the idle window: lets the work the one-more topic caused (a discovery, a task's take-up) finish. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private static final double MB = 1024.0 * 1024.0;

    private final ScaleSettings settings;
    private final ScaleDataSet data;
    private final KafkaClusterProcess source;
    private final KafkaTestClient onA;
    private final ReplicatorLauncher launcher;

    ScaleRun(
            ScaleSettings settings,
            ScaleDataSet data,
            KafkaClusterProcess source,
            KafkaTestClient onA,
            ReplicatorLauncher launcher) {
        this.settings = settings;
        this.data = data;
        this.source = source;
        this.onA = onA;
        this.launcher = launcher;
    }

    /** Never throws: a failed step ends the column there, with the failure noted and the figures before it kept. */
    ScaleFigures run(ReplicatorKind kind) {
        ScaleFigures figures = new ScaleFigures(kind, settings.newTopics());
        System.out.printf("%n== %s%n", kind.label());
        try {
            measure(kind, figures);
        } catch (Exception e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            figures.fail(message);
            System.out.println("  FAILED: " + message);
        }
        return figures;
    }

    private void measure(ReplicatorKind kind, ScaleFigures figures) throws Exception {
        resetSource();
        RunFiles files = RunFiles.create(settings.out().resolve("runs"), kind.id());
        System.out.println("  files in " + files.dir());
        try (KafkaClusterProcess target = ScaleClusters.start("B");
                Admin targetAdmin = Admin.create(Map.of("bootstrap.servers", target.bootstrapServers()))) {
            System.out.println("  " + QuietMachine.await(QUIET_TIMEOUT));
            FlowSpec flow = flow(kind, target, targetAdmin, figures);
            try (ReplicatorProcess replicator = launcher.start(kind, flow, files);
                    CheckpointTally tally = new CheckpointTally(target.bootstrapServers(), data)) {
                WindowCpu creation = WindowCpu.open(
                        Map.entry(kind.label(), replicator.pid()),
                        Map.entry("A's broker", source.pid()),
                        Map.entry("B's broker", target.pid()));
                Milestones milestones = new CopyMilestones(targetAdmin, data)
                        .watch(replicator, kind.isMirrorMaker() ? Optional.of(tally) : Optional.empty(), creation);
                copyFigures(kind, milestones, figures);
                if (kind.isMirrorMaker()) {
                    oneMoreTopic(targetAdmin, figures);
                    taskConfig(target, targetAdmin, figures);
                } else {
                    figures.put(ScaleRow.ONE_MORE_TOPIC, "n/a (copies a fixed list)");
                    figures.put(ScaleRow.TASK_CONFIG, "n/a (no Connect)");
                }
                TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis()); // see SETTLE
                idle(replicator, targetAdmin, figures);
                memory(replicator, figures);
                PauseFigures pause =
                        new PauseProbe(onA, targetAdmin, target.bootstrapServers(), data).measure(replicator);
                figures.put(ScaleRow.PAUSE, pause.cell());
                figures.detail(pause.detail()
                        + (kind.isMirrorMaker()
                                ? ""
                                : "; the pipe does not copy the new topics, so its figure is what creating them"
                                        + " costs the two brokers"));
            }
        }
    }

    /**
     * Leaves A as the prefill made it: removes what the previous run left (its offset syncs, the new topics, the
     * one-more topic, the written traffic topics) and makes the traffic topics again, empty. No replicator then starts
     * from another one's offset syncs, which would translate its groups for it.
     */
    private void resetSource() throws Exception {
        SourceCleaner.removeAllBut(onA.admin(), new HashSet<>(data.dataTopics()));
        TopicBatches.create(onA.admin(), data.trafficTopics(), data.partitions());
    }

    /**
     * MirrorMakers select the topics and groups by regex, as their users would at this scale. The pipe copies a fixed
     * list and would create its remote topics first; here they are created beforehand and timed on their own, so the
     * pipe's copy rate starts with the partitions there.
     */
    private FlowSpec flow(ReplicatorKind kind, KafkaClusterProcess target, Admin targetAdmin, ScaleFigures figures)
            throws Exception {
        if (kind.isMirrorMaker()) {
            return new FlowSpec(
                    source.bootstrapServers(),
                    target.bootstrapServers(),
                    List.of(ScaleDataSet.TOPIC_REGEX),
                    ScaleDataSet.GROUP_REGEX,
                    settings.tasks());
        }
        List<String> topics = new ArrayList<>(data.dataTopics());
        topics.addAll(data.trafficTopics());
        List<String> remotes = topics.stream().map(FlowSpec::remoteTopic).toList();
        long started = System.nanoTime();
        WindowCpu creation =
                WindowCpu.open(Map.entry("A's broker", source.pid()), Map.entry("B's broker", target.pid()));
        double created = TopicBatches.create(targetAdmin, remotes, data.partitions());
        double listed = TopicBatches.awaitListed(targetAdmin, remotes, started, Duration.ofMinutes(5));
        figures.detail("while B created the remote topics, " + creation.closeAsText());
        figures.put(
                ScaleRow.TOPICS_CREATED,
                CopyOutcome.seconds(created) + " (created before the start; all listed on B after "
                        + CopyOutcome.seconds(listed) + ")");
        return new FlowSpec(
                source.bootstrapServers(),
                target.bootstrapServers(),
                topics,
                ScaleDataSet.GROUP_REGEX,
                settings.tasks());
    }

    private static void copyFigures(ReplicatorKind kind, Milestones milestones, ScaleFigures figures) {
        CopyOutcome copy = milestones.copy();
        if (kind.isMirrorMaker()) {
            figures.put(ScaleRow.TOPICS_CREATED, copy.topicsCell());
        }
        figures.put(ScaleRow.ALL_COPIED, copy.copiedCell());
        figures.put(ScaleRow.COPY_RATE, copy.rateCell());
        if (kind.isMirrorMaker()) { // the pipe's topics exist before it starts: see flow()
            milestones
                    .creationCpu()
                    .ifPresent(cpu -> figures.detail("from the start until B listed every remote topic, " + cpu));
        }
        if (!copy.complete()) {
            figures.detail("the copy was not complete, so the idle window was not idle");
        }
        milestones
                .groups()
                .ifPresentOrElse(
                        groups -> {
                            figures.put(ScaleRow.GROUPS_EXACT, groups.cell());
                            groups.example().ifPresent(e -> figures.detail("an inexact checkpoint: " + e));
                            if (groups.unreadable() > 0) {
                                figures.detail(groups.unreadable() + " unreadable records in the checkpoints topic");
                            }
                        },
                        () -> figures.put(ScaleRow.GROUPS_EXACT, "n/a (translates nothing)"));
    }

    private void oneMoreTopic(Admin targetAdmin, ScaleFigures figures) throws Exception {
        // To line the figure up with the replicator's log: when it found the topic, when its task took it up.
        figures.detail("one more topic: created on A at " + Instant.now());
        OptionalDouble seconds = new NewTopicProbe(onA.admin(), source.bootstrapServers(), new EndOffsets(targetAdmin))
                .measure(data.oneMoreTopic(), FlowSpec.remoteTopic(data.oneMoreTopic()), ONE_MORE_TOPIC_TIMEOUT);
        figures.put(
                ScaleRow.ONE_MORE_TOPIC,
                seconds.isPresent()
                        ? CopyOutcome.seconds(seconds.getAsDouble())
                        : "not within " + ONE_MORE_TOPIC_TIMEOUT.toSeconds() + " s");
    }

    private static void taskConfig(KafkaCluster target, Admin targetAdmin, ScaleFigures figures) throws Exception {
        TaskConfigSizes.read(targetAdmin, target.bootstrapServers())
                .ifPresentOrElse(
                        largest -> {
                            figures.put(ScaleRow.TASK_CONFIG, largest.cell());
                            figures.detail("largest task config: " + largest.key() + " in " + largest.topic());
                        },
                        () -> figures.put(ScaleRow.TASK_CONFIG, "none found"));
    }

    private void idle(ReplicatorProcess replicator, Admin targetAdmin, ScaleFigures figures) throws Exception {
        IdleFigures idle = new IdleWindow(onA.admin(), targetAdmin).measure(replicator, settings.idleSeconds());
        figures.put(ScaleRow.IDLE_CPU, idle.cpuCell());
        figures.put(ScaleRow.IDLE_INTERNAL, idle.internalCell());
        figures.detail(String.format(
                Locale.ROOT,
                "idle: %.2f CPU s (of it %.2f in the JIT compiler threads) and %,d internal records in %d s, opened after"
                        + " %d s of waiting for the JIT to go quiet: %s",
                idle.cpuSeconds(),
                idle.jitCpuSeconds(),
                idle.internalRecords(),
                idle.windowSeconds(),
                idle.settledSeconds(),
                String.join(", ", idle.perTopic())));
        figures.detail("idle CPU by thread (the busiest, names as the kernel keeps them): "
                + String.join(", ", idle.busiestThreads()));
        if (idle.minutes().size() > 1) {
            figures.detail("idle CPU s minute by minute: " + String.join("; ", idle.minutes()));
        }
    }

    /** Resident memory first: the full GC that measures the live heap may hand memory back to the OS. */
    private static void memory(ReplicatorProcess replicator, ScaleFigures figures) throws Exception {
        HeapProbe probe = new HeapProbe(replicator.pid());
        long resident = probe.residentBytes();
        long live = probe.liveHeapBytes();
        figures.put(ScaleRow.HEAP, String.format(Locale.ROOT, "%.0f", live / MB));
        figures.put(ScaleRow.RSS, String.format(Locale.ROOT, "%.0f", resident / MB));
    }
}
