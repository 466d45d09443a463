package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.client.MirrorClient;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.records.ByPartition;
import dev.tandem.testkit.records.FailoverCheck;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.SteadyLoad;
import dev.tandem.testkit.records.TopicCopyAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults in the middle of a steady stream, against the driver as users run it: each test writes its own topic on A
 * at {@value #RATE} records/s, injects one fault, lets the stream go on, and then counts every record of the copy
 * on B by key, value, headers and timestamp. Loss must be 0; duplicates are reported (and bounded where the
 * driver's settings promise a bound).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationFaultsIT {

    private static final int RATE = 2_000;
    private static final int PARTITIONS = 4;

    private final Path work;
    private TwoClusters clusters;
    private Path config;
    private DriverProcess driver;
    private int restarts;

    ReplicationFaultsIT() throws Exception {
        work = Files.createDirectories(Path.of("target", "it-" + getClass().getSimpleName()));
    }

    /** Extra mm2.properties lines for this run of the fault tests. */
    String extraSettings() {
        return "";
    }

    /** Whether the copy must hold no duplicates whatever the fault (an exactly-once worker, read_committed). */
    boolean exactlyOnce() {
        return false;
    }

    @BeforeAll
    void startClustersAndDriver() throws Exception {
        clusters = TwoClusters.start();
        config = work.resolve("mm2.properties");
        Mm2Properties.write(config, clusters, "A->B.topics = fault-.*", "tasks.max = 2", extraSettings());
        driver = DriverProcess.start(config, work.resolve("driver-0.log"))
                .awaitStarted(Duration.ofSeconds(90), "A", "B");
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (clusters != null) {
            clusters.close();
        }
    }

    @Test
    @Order(1)
    void sourceBrokerRestartedMidStream() throws Exception {
        faultMidStream("fault-source-restart", "source broker restarted", () -> {
            clusters.a.stopBroker();
            clusters.a.startBroker();
        });
    }

    @Test
    @Order(2)
    void targetBrokerRestartedMidStream() throws Exception {
        faultMidStream("fault-target-restart", "target broker restarted", () -> {
            clusters.b.stopBroker();
            clusters.b.startBroker();
        });
    }

    @Test
    @Order(3)
    void driverKilledAndRestarted() throws Exception {
        String topic = "fault-driver-killed";
        long killedAt;
        try (SteadyLoad load = streaming(topic)) {
            // Kill in steady state (caught up, then two more seconds of the stream copied), not in the first
            // burst, so the re-copy measures the offset flush interval rather than a backlog.
            Await.until(
                    "the copy of " + topic + " within a second of the stream",
                    Duration.ofSeconds(60),
                    () -> clusters.onB.endOffsetSum("A." + topic) >= load.acknowledged() - RATE);
            long caughtUp = clusters.onB.endOffsetSum("A." + topic);
            Await.until(
                    "two more seconds of " + topic + " copied",
                    Duration.ofSeconds(60),
                    () -> clusters.onB.endOffsetSum("A." + topic) >= caughtUp + 2 * RATE);
            driver.kill();
            killedAt = clusters.onB.endOffsetSum("A." + topic);
            driver = DriverProcess.start(config, work.resolve("driver-" + ++restarts + ".log"))
                    .awaitStarted(Duration.ofSeconds(90), "A", "B");
            copiedOnward(topic, load);
        }
        TopicCopyAudit audit = assertNothingLost(topic, "driver killed with SIGKILL and restarted");
        // Source offsets are flushed every second: what was copied since the last flush is copied again, a few
        // seconds of the stream at most, where Connect's default (60 s) re-copies up to a minute.
        assertTrue(
                audit.duplicates() <= 5 * RATE,
                "re-copied after SIGKILL (" + killedAt + " copied at the kill): " + audit);
        assertTranslatesExactly(topic, "after-kill");
    }

    @Test
    @Order(4)
    void targetUnreachableFor40Seconds() throws Exception {
        faultMidStream("fault-target-away", "target unreachable for 40 s", () -> {
            clusters.b.stopBroker();
            long down = System.nanoTime();
            // The fault itself: B stays away for 40 s (longer than the clients' 30 s request timeout) while A keeps
            // taking records. NetworkOutageIT holds a cluster away for 60 s.
            TimeUnit.SECONDS.sleep(40);
            clusters.b.startBroker();
            System.out.printf("B was unreachable for %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - down));
        });
    }

    @Test
    @Order(5)
    void remoteTopicDeletedOnTheTarget() throws Exception {
        String topic = "fault-remote-deleted";
        String remote = "A." + topic;
        try (SteadyLoad load = streaming(topic)) {
            clusters.onB.admin().deleteTopics(List.of(remote)).all().get(30, TimeUnit.SECONDS);
            copiedOnward(topic, load);
        }
        // The copy is whole again: the new remote topic holds every record; those that landed in it before the task
        // noticed come first and the older ones, copied again, after them (one rewind per partition, which the audit
        // lists), each once.
        TopicCopyAudit audit = Await.value(
                "every record of " + topic + " on B again",
                Duration.ofSeconds(120),
                () -> TopicCopyAudit.of(clusters.onA, topic, clusters.onB, remote),
                a -> a.lost() == 0);
        System.out.printf("Fault 'remote topic deleted on the target': %s%n", audit);
        assertEquals(0, audit.lost(), audit.toString());
        if (exactlyOnce()) {
            // Only what the new topic lacks is copied again, so even here no committed record is there twice.
            assertEquals(0, audit.duplicates(), "read_committed from an exactly-once copy: " + audit);
        }
        String log = driver.output();
        assertTrue(
                log.contains("Remote topic " + remote + " was deleted on the target"),
                "the connector says so:\n" + log);
        assertTrue(log.contains("Remote topic " + remote + " partition"), "the tasks say so:\n" + log);

        // Offsets still translate: a group half way through each partition on A continues on B at the record it would
        // have read next. Where that point lies in the range copied again, the records that reached the new topic
        // first come before it on B: the group then continues at the topic's start and re-reads, never skips.
        assertTranslatesExactly(topic, "after-recreation");
        assertTrue(driver.isAlive());
    }

    @Test
    @Order(6)
    void sourceTopicDeleted() throws Exception {
        String topic = "fault-source-deleted";
        String bystander = "fault-bystander";
        List<ConsumerRecord<byte[], byte[]>> before;
        try (SteadyLoad other = streaming(bystander)) {
            try (SteadyLoad load = streaming(topic)) {
                Await.until(
                        "more of " + topic + " copied",
                        Duration.ofSeconds(60),
                        () -> clusters.onB.endOffsetSum("A." + topic) >= 2 * RATE);
            }
            before = clusters.onA.consumeAll(topic);
            clusters.onA.admin().deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            Await.until(
                    "the driver says the source topic is gone",
                    Duration.ofSeconds(60),
                    () -> driver.output().contains("source topic " + topic + " is no longer on A"));
            copiedOnward(bystander, other);
        }
        // What was copied stays, intact and in order; the source records not yet copied went with the topic.
        TopicCopyAudit kept = TopicCopyAudit.of(before, clusters.onB.consumeAll("A." + topic));
        System.out.printf(
                "Fault 'source topic deleted': the copy kept %,d of %,d records%n",
                kept.targetRecords(), kept.sourceRecords());
        assertEquals(0, kept.duplicates(), kept.toString());
        assertTrue(
                kept.targetRecords() > 0 && kept.problems().stream().allMatch(p -> p.endsWith("never arrived")),
                kept.toString());
        assertNothingLost(bystander, "another source topic deleted");
        JsonNode status = new ConnectRestClient(driver.workerUrl("B")).status("A->B.source");
        for (JsonNode task : status.path("tasks")) {
            assertEquals("RUNNING", task.path("state").asText(), status.toString());
        }
    }

    /**
     * A group committed half way through each partition of {@code topic} on A continues, from its checkpointed
     * offsets on B, at exactly the record it would have read next on A: none read twice, none skipped.
     */
    private void assertTranslatesExactly(String topic, String group) {
        String remote = "A." + topic;
        List<ConsumerRecord<byte[], byte[]>> source = clusters.onA.consumeAll(topic);
        List<ConsumerRecord<byte[], byte[]>> target = clusters.onB.consumeAll(remote);
        Map<TopicPartition, Long> committed = new HashMap<>();
        clusters.onA.endOffsets(topic).forEach((tp, end) -> committed.put(tp, end / 2));
        clusters.onA.commit(group, committed);
        try (MirrorClient client = new MirrorClient(new HashMap<>(clusters.b.clientConfig()))) {
            Map<TopicPartition, OffsetAndMetadata> translated = Await.value(
                    "a checkpoint of " + group + " for every partition",
                    Duration.ofSeconds(60),
                    () -> client.remoteConsumerOffsets(group, "A", Duration.ofSeconds(10)),
                    offsets -> offsets.keySet().stream()
                                    .filter(tp -> tp.topic().equals(remote))
                                    .count()
                            == PARTITIONS);
            for (int p = 0; p < PARTITIONS; p++) {
                long at = committed.get(new TopicPartition(topic, p));
                long on = translated.get(new TopicPartition(remote, p)).offset();
                List<ConsumerRecord<byte[], byte[]>> onA = ByPartition.only(source, p);
                List<ConsumerRecord<byte[], byte[]>> onB = ByPartition.only(target, p);
                int index = (int) onA.stream().filter(r -> r.offset() < at).count();
                FailoverCheck check = FailoverCheck.of(
                        onA.subList(0, index),
                        onA.subList(index, onA.size()),
                        onB.stream().filter(r -> r.offset() >= on).toList());
                // A remote topic made again may start with records copied before the older ones were copied again.
                long firstOnB = onB.isEmpty() ? -1 : offsetOnA(onA, onB.get(0));
                boolean copiedAgainAfterIt = firstOnB > onA.get(0).offset() && at <= firstOnB;
                // Those first records (the early copy) run from firstOnB up to where B goes back to older ones.
                EarlyCopy early = EarlyCopy.of(onA, onB);
                boolean insideEarlyCopy = firstOnB > onA.get(0).offset() && at > firstOnB && at < early.endOnA();
                System.out.printf(
                        "Group %s, partition %d: %d on A -> %d on B: %s%s%n",
                        group,
                        p,
                        at,
                        on,
                        check,
                        copiedAgainAfterIt
                                ? " (B starts with offset " + firstOnB + " of A, copied before the range copied again)"
                                : "");
                assertEquals(0, check.skipped(), "partition " + p + " at " + at + " -> " + on + ": " + check);
                if (insideEarlyCopy) {
                    // Only the early copy holds the record at `at` and those after it up to the copy again: the group
                    // continues there, and re-reads what was copied again after the early copy, never skips.
                    assertEquals(
                            early.positionOnB(at),
                            on,
                            "partition " + p + ": a group inside the early copy continues at its record there");
                    assertTrue(
                            check.reread() <= early.copiedAgainAfter(),
                            "partition " + p + ": re-reads only what was copied again: " + check);
                } else if (copiedAgainAfterIt) {
                    assertEquals(
                            0, on, "partition " + p + ": a group inside the range copied again continues at B's start");
                    assertTrue(
                            check.reread() <= index,
                            "partition " + p + ": re-reads only records before its position: " + check);
                } else {
                    assertEquals(0, check.reread(), "partition " + p + " at " + at + " -> " + on + ": " + check);
                }
            }
        }
    }

    /** The offset on A of the record {@code copy} is a copy of (same key, value and timestamp); -1 when none is. */
    /**
     * The records a remote topic made again received first (before the older records were copied again): B's
     * leading records while their source offsets rise.
     */
    private record EarlyCopy(long endOnA, Map<Long, Long> offsetOnB, int copiedAgain) {

        static EarlyCopy of(List<ConsumerRecord<byte[], byte[]>> onA, List<ConsumerRecord<byte[], byte[]>> onB) {
            Map<String, Long> offsetOf = new HashMap<>();
            onA.forEach(r -> offsetOf.put(RecordAssertions.identity(r), r.offset()));
            Map<Long, Long> offsetOnB = new HashMap<>();
            long previous = -1;
            int length = 0;
            for (ConsumerRecord<byte[], byte[]> copy : onB) {
                Long offset = offsetOf.get(RecordAssertions.identity(copy));
                if (offset == null || offset <= previous) {
                    break;
                }
                offsetOnB.put(offset, copy.offset());
                previous = offset;
                length++;
            }
            // After the early copy: the records copied again, up to where the copy goes on past the early copy.
            int copiedAgain = 0;
            for (int i = length; i < onB.size(); i++) {
                Long offset = offsetOf.get(RecordAssertions.identity(onB.get(i)));
                if (offset == null || offset > previous) {
                    break;
                }
                copiedAgain++;
            }
            return new EarlyCopy(previous + 1, offsetOnB, copiedAgain);
        }

        /** The offset on B of the early copy of source offset {@code at}. */
        long positionOnB(long at) {
            return offsetOnB.get(at);
        }

        int copiedAgainAfter() {
            return copiedAgain;
        }
    }

    private static long offsetOnA(List<ConsumerRecord<byte[], byte[]>> onA, ConsumerRecord<byte[], byte[]> copy) {
        for (ConsumerRecord<byte[], byte[]> original : onA) {
            if (Arrays.equals(original.key(), copy.key())
                    && Arrays.equals(original.value(), copy.value())
                    && original.timestamp() == copy.timestamp()) {
                return original.offset();
            }
        }
        return -1;
    }

    /** Streams into a new topic, injects {@code fault} while it flows, and audits the copy. */
    private void faultMidStream(String topic, String description, Fault fault) throws Exception {
        try (SteadyLoad load = streaming(topic)) {
            fault.inject();
            copiedOnward(topic, load);
        }
        assertNothingLost(topic, description);
    }

    @FunctionalInterface
    private interface Fault {
        void inject() throws Exception;
    }

    /** Creates {@code topic} on A, starts the load and returns once its copy on B is under way. */
    private SteadyLoad streaming(String topic) {
        assertTrue(driver.isAlive(), "the driver runs before the fault");
        clusters.onA.createTopic(topic, PARTITIONS);
        SteadyLoad load = SteadyLoad.start(clusters.onA, topic, PARTITIONS, RATE);
        Await.until(
                "records of " + topic + " arrive on B before the fault",
                Duration.ofSeconds(60),
                // Records a read_committed consumer sees: with exactly-once, copies in an open transaction are not
                // yet copied.
                () -> clusters.onB.topics().contains("A." + topic)
                        && clusters.onB.consumeAll("A." + topic).size() >= RATE);
        return load;
    }

    /** Waits until B has copied records A took after the fault, so the stream is shown to go on. */
    private void copiedOnward(String topic, SteadyLoad load) {
        long sentAfter = load.acknowledged();
        Await.until(
                "records of " + topic + " written after the fault arrive on B",
                Duration.ofSeconds(180),
                () -> clusters.onB.endOffsetSum("A." + topic) >= sentAfter + RATE);
    }

    private TopicCopyAudit assertNothingLost(String topic, String fault) {
        // Duplicates can make B's end pass A's before the last records land: wait on the records themselves.
        TopicCopyAudit audit = Await.value(
                "every record of " + topic + " on B",
                Duration.ofSeconds(120),
                () -> TopicCopyAudit.of(clusters.onA, topic, clusters.onB, "A." + topic),
                a -> a.lost() == 0);
        System.out.printf("Fault '%s': %s%n", fault, audit);
        assertEquals(0, audit.lost(), audit.toString());
        assertEquals(List.of(), audit.problems(), audit.toString());
        if (exactlyOnce()) {
            assertEquals(0, audit.duplicates(), "read_committed from an exactly-once copy: " + audit);
        }
        assertTrue(driver.isAlive(), "the driver still runs after: " + fault);
        return audit;
    }
}
