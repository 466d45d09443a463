package dev.tandem.bench.chaos;

import dev.tandem.bench.GitCommit;
import dev.tandem.bench.Machine;
import dev.tandem.bench.SystemSettings;
import dev.tandem.bench.replicator.FlowSpec;
import dev.tandem.bench.replicator.ReplicatorLauncher;
import dev.tandem.testkit.kafka.KafkaClusterProcess;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.SteadyLoad;
import dev.tandem.testkit.records.TopicCopyAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The chaos run: Tandem, started by {@code bin/connect-mirror-maker}, copies several topics written at a steady rate
 * while a random fault hits every 30-90 s (a broker killed or restarted, the driver killed, the network to either
 * cluster cut or black-holed for a minute, a remote topic deleted). Afterwards it audits every record of every topic
 * by key and content (lost must be 0; duplicates counted, 0 for a {@code read_committed} reader in exactly-once
 * mode) and checks that a group committed half way through a topic translates exactly. Each broker runs in a process
 * of its own behind a fault proxy; the test's producers and auditors reach the brokers directly.
 */
public final class ChaosMain {

    static final String GROUP = "chaos-readers";
    private static final Duration CATCH_UP = Duration.ofMinutes(10);

    private ChaosMain() {}

    public static void main(String[] args) throws Exception {
        ChaosSettings settings = ChaosSettings.fromSystemProperties();
        SystemSettings.killChildrenOnExit();
        Path home = SystemSettings.tandemHome();
        Random random = new Random(settings.seed());
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < settings.topics(); i++) {
            topics.add("chaos-" + i);
        }
        String header = "## Chaos run, " + LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES) + "\n\n"
                + "- Command: `./mvnw -B -q -pl mirror-bench exec:exec@chaos -Dchaos.minutes=" + settings.minutes()
                + " -Dchaos.exactlyOnce=" + settings.exactlyOnce() + " -Dchaos.seed=" + settings.seed() + "`\n"
                + "- Commit: " + GitCommit.shortHash(home) + "\n"
                + "- Machine: " + Machine.describe() + "\n"
                + "- Tandem with its defaults"
                + (settings.exactlyOnce() ? " and `exactly.once.source.support = enabled`" : "")
                + ", tasks.max=2; " + settings.topics() + " topics x " + settings.partitions() + " partitions, "
                + settings.rate() + " records/s each, for " + settings.minutes() + " minutes; a fault every "
                + settings.minGapSeconds() + "-" + settings.maxGapSeconds() + " s, network faults "
                + settings.faultSeconds() + " s\n";
        System.out.println(header);
        List<ChaosEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<TopicCopyAudit> audits = new ArrayList<>();
        GroupTranslation translation;
        try (KafkaClusterProcess a = KafkaClusterProcess.start("A", true, List.of("-Xmx1g"));
                KafkaClusterProcess b = KafkaClusterProcess.start("B", true, List.of("-Xmx1g"));
                KafkaTestClient onA = new KafkaTestClient(a);
                KafkaTestClient onB = new KafkaTestClient(b)) {
            topics.forEach(t -> onA.createTopic(t, settings.partitions()));
            FlowSpec flow =
                    new FlowSpec(a.replicatorBootstrapServers(), b.replicatorBootstrapServers(), topics, GROUP, 2);
            // A random port for /metrics, as the scale command: the default 9464 may be taken by a test's driver
            // running beside the chaos run (it was, on 2026-12-06).
            Map<String, String> tandemProperties = new HashMap<>(Map.of("http.listener", "127.0.0.1:0"));
            if (settings.exactlyOnce()) {
                tandemProperties.put("exactly.once.source.support", "enabled");
            }
            ReplicatorLauncher launcher = new ReplicatorLauncher(home, false, tandemProperties);
            try (ChaosRig rig = new ChaosRig(
                    a, b, onB, launcher, flow, settings.out(), Duration.ofSeconds(settings.faultSeconds()))) {
                rig.startDriver();
                List<SteadyLoad> loads = new ArrayList<>();
                try {
                    for (String topic : topics) {
                        loads.add(SteadyLoad.start(onA, topic, settings.partitions(), settings.rate()));
                    }
                    awaitCopyStarted(onB, topics, rig);
                    long started = System.nanoTime();
                    long end = started + TimeUnit.MINUTES.toNanos(settings.minutes());
                    long next = started + gap(random, settings);
                    while (next < end) {
                        pauseUntil(next);
                        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                        // Topic 0 keeps its copy: the group translation below is checked on it.
                        String victim = FlowSpec.remoteTopic(
                                topics.get(topics.size() == 1 ? 0 : 1 + random.nextInt(topics.size() - 1)));
                        long at = System.nanoTime();
                        System.out.printf(
                                "%4d s: %s ...%n", TimeUnit.NANOSECONDS.toSeconds(at - started), fault.description());
                        String detail;
                        try {
                            detail = rig.inject(fault, victim);
                        } catch (Exception e) {
                            detail = "could not inject: " + e;
                            problems.add(fault.description() + " at " + TimeUnit.NANOSECONDS.toSeconds(at - started)
                                    + " s: " + e);
                        }
                        ChaosEvent event = new ChaosEvent(
                                TimeUnit.NANOSECONDS.toSeconds(at - started),
                                fault,
                                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - at),
                                detail);
                        events.add(event);
                        System.out.println("        " + event.row());
                        if (!alive(rig)) {
                            problems.add(
                                    "the driver exited by itself after " + fault.description() + "; started again");
                            rig.startDriver();
                        }
                        next = System.nanoTime() + gap(random, settings);
                    }
                    pauseUntil(end);
                } finally {
                    loads.forEach(SteadyLoad::close);
                }
                System.out.println("Load stopped; auditing every record (waiting up to " + CATCH_UP.toMinutes()
                        + " minutes for the copy to catch up) ...");
                long deadline = System.nanoTime() + CATCH_UP.toNanos();
                for (String topic : topics) {
                    audits.add(audit(onA, onB, topic, deadline));
                }
                translation = GroupTranslation.check(onA, b, onB, GROUP, topics.get(0));
                if (!alive(rig)) {
                    problems.add("the driver had exited at the end");
                }
            }
        }
        String report =
                ChaosReport.render(header, events, topics, audits, translation, problems, settings.exactlyOnce());
        Files.createDirectories(settings.out());
        Path file = settings.out().resolve("results.md");
        Files.writeString(file, report);
        System.out.println();
        System.out.println(report);
        System.out.println("Written to " + file);
        System.exit(report.contains("**FAIL**") ? 1 : 0);
    }

    private static boolean alive(ChaosRig rig) {
        try {
            rig.driver().checkAlive();
            return true;
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
            return false;
        }
    }

    private static long gap(Random random, ChaosSettings settings) {
        int seconds =
                settings.minGapSeconds() + random.nextInt(settings.maxGapSeconds() - settings.minGapSeconds() + 1);
        return TimeUnit.SECONDS.toNanos(seconds);
    }

    private static void awaitCopyStarted(KafkaTestClient onB, List<String> topics, ChaosRig rig)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        for (String topic : topics) {
            String remote = FlowSpec.remoteTopic(topic);
            while (!onB.topics().contains(remote) || onB.endOffsetSum(remote) == 0) {
                rig.driver().checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no record of " + topic + " copied within 3 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    /** Audits {@code topic}, again every 20 s until nothing is missing or {@code deadline} passes. */
    private static TopicCopyAudit audit(KafkaTestClient onA, KafkaTestClient onB, String topic, long deadline)
            throws InterruptedException {
        String remote = FlowSpec.remoteTopic(topic);
        while (onB.endOffsetSum(remote) < onA.endOffsetSum(topic) && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(2);
        }
        TopicCopyAudit audit = TopicCopyAudit.of(onA, topic, onB, remote);
        while (audit.lost() > 0 && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(20);
            audit = TopicCopyAudit.of(onA, topic, onB, remote);
        }
        System.out.println("  " + topic + ": " + audit);
        return audit;
    }

    private static void pauseUntil(long nanoTime) throws InterruptedException {
        long remaining = nanoTime - System.nanoTime();
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining); // the run's schedule, not a wait for a condition
        }
    }
}
