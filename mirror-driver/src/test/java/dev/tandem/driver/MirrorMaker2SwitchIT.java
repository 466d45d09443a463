package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.records.CopyAudit;
import dev.tandem.testkit.records.FailoverCheck;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.SteadyLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A dedicated MirrorMaker 2 (Apache Kafka 4.3.1's own, from Maven Central) replaced by Tandem's driver with the same
 * mm2.properties under traffic, and then Tandem handed back to MM2 ({@code handback-to-mm2}): each replicator
 * resumes where the other stopped, so the only records copied twice are those the stopped one had copied but not yet
 * committed (counted from its committed offsets at the switch), checkpoints never move back, and a consumer group
 * moved to B after the switch to Tandem re-reads nothing and skips nothing.
 */
class MirrorMaker2SwitchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "orders";
    private static final String REMOTE = "A." + TOPIC;
    private static final int PARTITIONS = 3;
    private static final String GROUP = "orders-app";
    private static final Duration COPY_WAIT = Duration.ofSeconds(120);

    @Test
    void shouldSwitchFromMirrorMaker2AndBackWithoutCopyingAgain() throws Exception {
        // Under target/, not a temporary folder: both replicators' logs are what explains a failure.
        Path work = WorkDirs.fresh("MirrorMaker2SwitchIT");
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, PARTITIONS);
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "A->B.topics = " + TOPIC,
                    "tasks.max = 2",
                    "replication.factor = 1",
                    "offset-syncs.topic.replication.factor = 1",
                    "checkpoints.topic.replication.factor = 1",
                    "heartbeats.topic.replication.factor = 1",
                    "config.storage.replication.factor = 1",
                    "offset.storage.replication.factor = 1",
                    "status.storage.replication.factor = 1",
                    "sync.topic.acls.enabled = false",
                    "refresh.topics.interval.seconds = 2",
                    "refresh.groups.interval.seconds = 2",
                    "emit.checkpoints.interval.seconds = 1");
            Map<TopicPartition, Long> firstDuplicates;
            Map<TopicPartition, Long> secondDuplicates;
            Map<TopicPartition, Long> commitUnderTandem;
            Map<TopicPartition, Long> commitUnderMm2Again;
            Map<TopicPartition, Long> tandemTranslation;
            try (SteadyLoad load = SteadyLoad.start(clusters.onA, TOPIC, PARTITIONS, 150)) {
                // 1. MM2 copies, and checkpoints the group.
                try (MirrorMaker2Process mm2 = MirrorMaker2Process.start(config, work.resolve("mm2-first.log"))) {
                    awaitCopiedAtLeast(clusters, 900, "MirrorMaker 2", mm2::isAlive);
                    Map<TopicPartition, Long> commit = commitNow(clusters);
                    awaitCheckpoints(clusters, commit, "MirrorMaker 2");
                    mm2.terminate();
                }
                firstDuplicates = uncommittedCopies(clusters);

                // 2. Tandem's driver takes over with the very same file.
                try (DriverProcess tandem = DriverProcess.start(config, work.resolve("tandem.log"))
                        .awaitStarted(Duration.ofSeconds(120), "B")) {
                    long before = clusters.onB.endOffsetSum(REMOTE);
                    awaitCopiedAtLeast(clusters, before + 600, "Tandem", tandem::isAlive);
                    assertTrue(
                            tandem.output().contains("Took over"),
                            "the driver says what it took over from MM2:\n" + tandem.output());
                    commitUnderTandem = commitNow(clusters);
                    awaitCheckpoints(clusters, commitUnderTandem, "Tandem");
                    tandemTranslation = awaitExactTranslation(clusters, commitUnderTandem);

                    CliRun refused = CliRun.run(
                            work,
                            "handback-running",
                            "handback-running.out",
                            List.of("handback-to-mm2", config.toString(), "--execute"));
                    assertEquals(1, refused.exit(), refused.output());
                    assertTrue(refused.output().contains("still runs"), refused.output());
                    int code = tandem.terminate();
                    assertTrue(code == 0 || code == 143, "a clean stop on SIGTERM, exit code " + code);
                }

                // 3. Hand back: the plan first, then the writes; MM2 resumes where Tandem stopped.
                CliRun plan = CliRun.run(
                        work, "handback-plan", "handback-plan.out", List.of("handback-to-mm2", config.toString()));
                assertEquals(0, plan.exit(), plan.output());
                assertTrue(plan.stdout().contains("plan only, nothing written"), plan.output());
                Map<TopicPartition, Long> mm2Before = mm2Next(clusters);
                CliRun handBack = CliRun.run(
                        work, "handback", "handback.out", List.of("handback-to-mm2", config.toString(), "--execute"));
                assertEquals(0, handBack.exit(), handBack.output());
                // Tandem copied hundreds of records per partition since MM2 stopped: the hand-back must move every
                // partition's MM2 offset past where MM2 itself stopped (else MM2 would copy them all again).
                Map<TopicPartition, Long> mm2After = mm2Next(clusters);
                for (int p = 0; p < PARTITIONS; p++) {
                    TopicPartition tp = new TopicPartition(TOPIC, p);
                    assertTrue(
                            mm2After.get(tp) > mm2Before.get(tp),
                            tp + ": handed back " + mm2After.get(tp) + ", MM2 had " + mm2Before.get(tp));
                }
                secondDuplicates = uncommittedCopies(clusters);
                try (MirrorMaker2Process mm2 = MirrorMaker2Process.start(config, work.resolve("mm2-again.log"))) {
                    long before = clusters.onB.endOffsetSum(REMOTE);
                    awaitCopiedAtLeast(clusters, before + 600, "MirrorMaker 2 again", mm2::isAlive);
                    commitUnderMm2Again = commitNow(clusters);
                    awaitCheckpoints(clusters, commitUnderMm2Again, "MirrorMaker 2 again");
                    load.close();
                    awaitAllCopied(clusters);
                    mm2.terminate();
                }
            }

            // Every record arrived; the only copies made twice are each stopped replicator's uncommitted ones.
            Map<TopicPartition, Long> expectedDuplicates = new HashMap<>(firstDuplicates);
            secondDuplicates.forEach((tp, n) -> expectedDuplicates.merge(tp, n, Long::sum));
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition(TOPIC, p);
                CopyAudit audit = CopyAudit.of(
                        clusters.onA.readFrom(tp, 0), clusters.onB.readFrom(new TopicPartition(REMOTE, p), 0));
                assertEquals(0, audit.lost(), tp + ": " + audit);
                assertEquals(
                        (long) expectedDuplicates.getOrDefault(tp, 0L),
                        audit.duplicates(),
                        tp + ": copies made twice beyond the stopped replicators' uncommitted ones (switch 1: "
                                + firstDuplicates + ", switch 2: " + secondDuplicates + "): " + audit);
            }

            // Checkpoints never went back, whoever wrote them.
            List<Checkpoint> written = checkpoints(clusters);
            Map<TopicPartition, Checkpoint> last = new HashMap<>();
            for (Checkpoint checkpoint : written) {
                Checkpoint previous = last.put(sourcePartition(checkpoint), checkpoint);
                if (previous != null) {
                    assertTrue(
                            checkpoint.upstreamOffset() >= previous.upstreamOffset()
                                    && checkpoint.downstreamOffset() >= previous.downstreamOffset(),
                            "checkpoint went back from " + previous + " to " + checkpoint);
                }
            }

            // The group moved to B at the offsets Tandem checkpointed re-reads nothing and skips nothing; at those
            // MM2 checkpointed after the hand-back it skips nothing (MM2 may re-read records since its last sync).
            assertFailover(clusters, commitUnderTandem, tandemTranslation, true);
            assertFailover(clusters, commitUnderMm2Again, translated(written, commitUnderMm2Again), false);
        }
    }

    /** Commits the group on A at the source's current end offsets, as a consumer caught up would. */
    private static Map<TopicPartition, Long> commitNow(TwoClusters clusters) {
        Map<TopicPartition, Long> ends = clusters.onA.endOffsets(TOPIC);
        clusters.onA.commit(GROUP, ends);
        return ends;
    }

    private static void awaitCopiedAtLeast(
            TwoClusters clusters, long records, String who, java.util.function.BooleanSupplier alive) {
        Await.until(who + " copied at least " + records + " records to " + REMOTE, COPY_WAIT, () -> {
            if (!alive.getAsBoolean()) {
                throw new AssertionError(who + " exited");
            }
            return clusters.onB.topics().contains(REMOTE) && clusters.onB.endOffsetSum(REMOTE) >= records;
        });
    }

    private static void awaitAllCopied(TwoClusters clusters) {
        Await.until("every record of " + TOPIC + " on B", COPY_WAIT, () -> {
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition(TOPIC, p);
                if (copied(clusters, p) < clusters.onA.endOffsets(TOPIC).get(tp)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Distinct source records of partition {@code p} on B. */
    private static long copied(TwoClusters clusters, int p) {
        Set<String> distinct = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : clusters.onB.readFrom(new TopicPartition(REMOTE, p), 0)) {
            distinct.add(RecordAssertions.identity(r));
        }
        return distinct.size();
    }

    /**
     * Records on B past what MirrorMaker 2's source connector committed in {@code mm2-offsets.A.internal}, by
     * partition: copied but not committed by a replicator that just stopped (or by Tandem, not yet handed back), so
     * the next replicator copies them again.
     */
    private static Map<TopicPartition, Long> uncommittedCopies(TwoClusters clusters) throws Exception {
        Map<TopicPartition, Long> next = mm2Next(clusters);
        Map<TopicPartition, Long> uncommitted = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition tp = new TopicPartition(TOPIC, p);
            assertTrue(next.containsKey(tp), "no committed MM2 offset of " + tp + " in " + next);
            uncommitted.put(tp, copied(clusters, p) - next.get(tp));
        }
        return uncommitted;
    }

    /** The next offset to copy by partition, as MM2's source connector's offsets in its offsets topic say. */
    private static Map<TopicPartition, Long> mm2Next(TwoClusters clusters) throws Exception {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : clusters.onB.consumeAll("mm2-offsets.A.internal")) {
            JsonNode key = JSON.readTree(r.key());
            if (!"MirrorSourceConnector".equals(key.path(0).asText())) {
                continue;
            }
            JsonNode partition = key.path(1);
            TopicPartition tp = new TopicPartition(
                    partition.path("topic").asText(),
                    partition.path("partition").asInt());
            if (r.value() == null) {
                next.remove(tp);
            } else {
                next.put(tp, JSON.readTree(r.value()).path("offset").asLong() + 1);
            }
        }
        return next;
    }

    private static void awaitCheckpoints(TwoClusters clusters, Map<TopicPartition, Long> committed, String who) {
        Map<TopicPartition, Long> seen = new HashMap<>();
        try {
            Await.until(who + " checkpoints " + GROUP + " at " + committed, COPY_WAIT, () -> {
                for (Checkpoint c : checkpoints(clusters)) {
                    seen.put(sourcePartition(c), c.upstreamOffset());
                }
                return committed.entrySet().stream().allMatch(e -> e.getValue().equals(seen.get(e.getKey())));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; newest upstream offsets checkpointed: " + seen, e);
        }
    }

    /** A checkpoint names the remote partition ({@code A.orders-0}); the group committed the source's. */
    private static TopicPartition sourcePartition(Checkpoint c) {
        return new TopicPartition(TOPIC, c.topicPartition().partition());
    }

    private static List<Checkpoint> checkpoints(TwoClusters clusters) {
        List<Checkpoint> all = new ArrayList<>();
        if (!clusters.onB.topics().contains("A.checkpoints.internal")) {
            return all;
        }
        for (ConsumerRecord<byte[], byte[]> r : clusters.onB.consumeAll("A.checkpoints.internal")) {
            Checkpoint c = Checkpoint.decode(r.key(), r.value());
            if (c.consumerGroupId().equals(GROUP)) {
                assertEquals(REMOTE, c.topicPartition().topic(), "a checkpoint names the remote partition: " + c);
                all.add(c);
            }
        }
        return all;
    }

    /**
     * Tandem's newest checkpoint of each partition at the {@code committed} upstream offset, once it translates
     * exactly: the record at the checkpointed downstream offset on B is the one at the committed offset on A, and the
     * one before it the one before. Just after the switch the newest sync may be MM2's, below the commit; a checkpoint
     * then errs on re-reading (like MM2's) until Tandem's syncs of the new copies are read, within seconds.
     */
    private static Map<TopicPartition, Long> awaitExactTranslation(
            TwoClusters clusters, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, Long> newest = new HashMap<>();
        Await.until("Tandem's checkpoints of " + committed + " translate exactly", COPY_WAIT, () -> {
            newest.clear();
            for (Checkpoint c : checkpoints(clusters)) {
                Long upstream = committed.get(sourcePartition(c));
                if (upstream != null && upstream == c.upstreamOffset()) {
                    newest.put(sourcePartition(c), c.downstreamOffset());
                }
            }
            return newest.keySet().equals(committed.keySet())
                    && committed.entrySet().stream()
                            .allMatch(e -> exactAt(clusters, e.getKey(), e.getValue(), newest.get(e.getKey())));
        });
        return Map.copyOf(newest);
    }

    private static boolean exactAt(TwoClusters clusters, TopicPartition tp, long upstream, long downstream) {
        if (upstream == 0 || downstream == 0) {
            return upstream == downstream;
        }
        List<ConsumerRecord<byte[], byte[]>> source = clusters.onA.readFrom(tp, upstream - 1);
        List<ConsumerRecord<byte[], byte[]>> copied =
                clusters.onB.readFrom(new TopicPartition(REMOTE, tp.partition()), downstream - 1);
        return source.size() >= 2
                && copied.size() >= 2
                && RecordAssertions.identity(source.get(0)).equals(RecordAssertions.identity(copied.get(0)))
                && RecordAssertions.identity(source.get(1)).equals(RecordAssertions.identity(copied.get(1)));
    }

    /** The first checkpoint written for each partition at the {@code committed} upstream offset. */
    private static Map<TopicPartition, Long> translated(List<Checkpoint> written, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, Long> downstream = new HashMap<>();
        for (Checkpoint c : written) {
            Long upstream = committed.get(sourcePartition(c));
            if (upstream != null && upstream == c.upstreamOffset()) {
                downstream.putIfAbsent(sourcePartition(c), c.downstreamOffset());
            }
        }
        assertEquals(committed.keySet(), downstream.keySet(), "checkpoints of " + committed);
        return downstream;
    }

    private static void assertFailover(
            TwoClusters clusters,
            Map<TopicPartition, Long> committed,
            Map<TopicPartition, Long> downstream,
            boolean exact) {
        for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
            TopicPartition tp = e.getKey();
            List<ConsumerRecord<byte[], byte[]>> source = clusters.onA.readFrom(tp, 0);
            int at = (int) (long) e.getValue();
            FailoverCheck check = FailoverCheck.of(
                    source.subList(0, at),
                    source.subList(at, source.size()),
                    clusters.onB.readFrom(new TopicPartition(REMOTE, tp.partition()), downstream.get(tp)));
            assertEquals(0, check.skipped(), tp + " moved at " + downstream.get(tp) + ": " + check);
            if (exact) {
                assertEquals(0, check.reread(), tp + " moved at " + downstream.get(tp) + ": " + check);
            }
        }
    }
}
