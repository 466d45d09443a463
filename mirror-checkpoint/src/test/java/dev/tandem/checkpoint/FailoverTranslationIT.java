package dev.tandem.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.MirrorClient;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ClustersWithWorker;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.ByPartition;
import dev.tandem.testkit.records.FailoverCheck;
import dev.tandem.testkit.records.TestRecords;
import dev.tandem.testkit.records.TopicWriters;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flow A->B with source, checkpoint and heartbeat connectors on a real worker: consumer groups that move from A to B
 * continue exactly where they left off, whatever the topic's offsets look like.
 */
class FailoverTranslationIT {

    private static final String CHECKPOINTS = "A.checkpoints.internal";

    private static TwoClusters clusters;
    private static KafkaCluster a;
    private static KafkaCluster b;
    private static KafkaTestClient onA;
    private static KafkaTestClient onB;
    private static ConnectWorker worker;

    @RegisterExtension
    static final ClustersWithWorker flow = ClustersWithWorker.onB("tandem-it-B");

    @BeforeAll
    static void startFlow() throws Exception {
        clusters = flow.clusters();
        a = clusters.a;
        b = clusters.b;
        onA = clusters.onA;
        onB = clusters.onB;
        onA.createTopic("idle", 4);
        onA.produce(TestRecords.varied("idle", 4, 200_000, System.currentTimeMillis()));
        TopicWriters.compacted(onA, "compacted");
        TopicWriters.transactional(onA, "txn");
        // Groups committed before the connectors start, so the checkpoint task starts with all of them.
        for (int p = 0; p < 4; p++) {
            onA.commit("g", Map.of(new TopicPartition("idle", p), 50_000L));
            onA.commit("h", Map.of(new TopicPartition("idle", p), 12_345L));
        }
        commitInGaps("compacted", "compacted-group");
        commitInGaps("txn", "txn-group");
        for (String topic : List.of("compacted", "txn")) {
            onA.commit(topic + "-end", onA.endOffsets(topic));
        }
        worker = flow.worker();
        worker.rest().putConnector("A->B.source", FlowConfigs.source(a, b, "idle|compacted|txn|busy|synced", 2));
        worker.rest().putConnector("A->B.heartbeat", FlowConfigs.heartbeat(a, b));
        Map<String, String> checkpoint = FlowConfigs.checkpoint(a, b, ".*");
        checkpoint.put("sync.group.offsets.enabled", "true");
        checkpoint.put("sync.group.offsets.interval.seconds", "1");
        worker.rest().putConnector("A->B.checkpoint", checkpoint);
    }

    @Test
    void shouldContinueExactlyAtTheEndAndInTheMiddleOfAnIdleTopic() {
        awaitSettled("idle", "g");
        assertFailoverIsExact("g", onA.committed("g"));
        assertFailoverIsExact("h", onA.committed("h"));
    }

    @Test
    void shouldContinueExactlyOnACompactedTopic() {
        awaitSettled("compacted", "compacted-end");
        assertFailoverIsExact("compacted-group", onA.committed("compacted-group"));
    }

    @Test
    void shouldContinueExactlyOnATopicWithAbortedTransactions() {
        awaitSettled("txn", "txn-end");
        assertFailoverIsExact("txn-group", onA.committed("txn-group"));
    }

    /**
     * Checkpoints have settled for {@code topic} once B holds all of it and the group that committed at A's end
     * offsets has checkpoints at B's end offsets: that round read every sync, and translated every group.
     */
    private static void awaitSettled(String topic, String endGroup) {
        int records = onA.consumeAll(topic).size(); // fewer than A's offsets where A has gaps; B's copy is dense
        Await.until(
                "B holds all " + records + " records of " + topic,
                Duration.ofSeconds(120),
                () -> onB.topics().contains("A." + topic) && onB.endOffsetSum("A." + topic) >= records);
        Map<TopicPartition, Long> remoteEnd = onB.endOffsets("A." + topic);
        Await.until(
                endGroup + "'s checkpoints reach B's end of A." + topic + " " + remoteEnd,
                Duration.ofSeconds(60),
                () -> {
                    Map<TopicPartition, Checkpoint> latest = Checkpoints.latest(onB, CHECKPOINTS, endGroup);
                    return remoteEnd.entrySet().stream()
                            .allMatch(e -> latest.containsKey(e.getKey())
                                    && latest.get(e.getKey()).downstreamOffset() == e.getValue());
                });
    }

    @Test
    void shouldNeverSkipWhenFailingOverUnderLoad() throws Exception {
        onA.createTopic("busy", 2);
        AtomicBoolean producing = new AtomicBoolean(true);
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            try (KafkaProducer<byte[], byte[]> producer = onA.producer(Map.of())) {
                for (long i = 0; producing.get(); i++) {
                    producer.send(new ProducerRecord<>(
                            "busy",
                            (int) (i % 2),
                            System.currentTimeMillis(),
                            TestRecords.utf8("k" + i),
                            TestRecords.utf8("busy-" + i)));
                    if (i % 100 == 0) {
                        producer.flush();
                        pace(); // about 5,000 records/s: steady load that replication keeps up with
                    }
                }
            }
        });
        Map<TopicPartition, Long> committed = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = onA.consumer(
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, "live", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 300))) {
            consumer.subscribe(List.of("busy"));
            long readUntil = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < readUntil) {
                consumer.poll(Duration.ofMillis(100));
                consumer.commitSync();
            }
            consumer.assignment().forEach(tp -> committed.put(tp, consumer.position(tp)));
        }
        // The checkpoint of the group's last commit is taken while A is still being written to.
        Map<TopicPartition, Checkpoint> checkpoints = awaitCheckpoints("live", committed);
        producing.set(false);
        load.get();
        Await.until(
                "B caught up with A",
                Duration.ofSeconds(60),
                () -> onB.endOffsetSum("A.busy") >= onA.endOffsetSum("busy"));
        int reread = 0;
        for (Map.Entry<TopicPartition, Long> commit : committed.entrySet()) {
            FailoverCheck check = check(
                    commit.getKey(),
                    commit.getValue(),
                    checkpoints.get(remote(commit.getKey())).downstreamOffset());
            assertEquals(0, check.skipped(), commit.getKey() + ": a failed-over consumer never skips: " + check);
            reread += check.reread();
        }
        System.out.printf("Failover under load: group 'live' at %s re-read %d records in all%n", committed, reread);
    }

    @Test
    void shouldGiveTheSameAnswersAsMirrorMakersOwnClient() throws Exception {
        Map<TopicPartition, Long> middle =
                Map.of(new TopicPartition("idle", 0), 777L, new TopicPartition("idle", 3), 31_000L);
        onA.commit("compat", middle);
        awaitCheckpoints("compat", middle);
        Map<String, Object> bProps = new HashMap<>(b.clientConfig());
        Map<TopicPartition, OffsetAndMetadata> theirs =
                org.apache.kafka.connect.mirror.RemoteClusterUtils.translateOffsets(
                        bProps, "A", "compat", Duration.ofSeconds(30));
        try (MirrorClient ours = new MirrorClient(bProps)) {
            assertEquals(theirs, ours.remoteConsumerOffsets("compat", "A", Duration.ofSeconds(30)));
            assertEquals(2, theirs.size());
            Await.until(
                    "B has A's heartbeats",
                    Duration.ofSeconds(30),
                    () -> ours.heartbeatTopics().contains("heartbeats"));
            org.apache.kafka.connect.mirror.MirrorClient mm2 = new org.apache.kafka.connect.mirror.MirrorClient(bProps);
            try {
                assertEquals(mm2.upstreamClusters(), ours.upstreamClusters());
                assertEquals(mm2.heartbeatTopics(), ours.heartbeatTopics());
                assertEquals(mm2.checkpointTopics(), ours.checkpointTopics());
                assertEquals(Set.of(CHECKPOINTS), ours.checkpointTopics());
                assertEquals(mm2.remoteTopics(), ours.remoteTopics());
                assertEquals(mm2.remoteTopics("A"), ours.remoteTopics("A"));
                assertEquals(mm2.replicationHops("A"), ours.replicationHops("A"));
            } finally {
                mm2.close();
            }
        }
    }

    @Test
    void shouldSyncOffsetsIntoInactiveGroupsOnlyAndNeverBackwards() throws Exception {
        onA.createTopic("synced", 1);
        onA.produce(TestRecords.varied("synced", 1, 1_000, System.currentTimeMillis()));
        TopicPartition tp = new TopicPartition("synced", 0);
        TopicPartition remote = remote(tp);
        Await.until(
                "A.synced is copied",
                Duration.ofSeconds(30),
                () -> onB.topics().contains("A.synced") && onB.endOffsetSum("A.synced") == 1_000);

        // A consumer of group 'busy-on-b' is active on B and has committed 10 there itself.
        try (KafkaConsumer<byte[], byte[]> activeOnB =
                onB.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "busy-on-b"))) {
            activeOnB.subscribe(List.of("A.synced"));
            Await.until("the consumer on B joined its group", Duration.ofSeconds(30), () -> {
                activeOnB.poll(Duration.ofMillis(100));
                return !activeOnB.assignment().isEmpty();
            });
            activeOnB.commitSync(Map.of(remote, new OffsetAndMetadata(10)));
            onA.commit("busy-on-b", Map.of(tp, 600L));
            onA.commit("idle-on-b", Map.of(tp, 400L));

            long started = System.nanoTime();
            Await.until(
                    "the inactive group gets its translated offset on B",
                    Duration.ofSeconds(15),
                    () -> Long.valueOf(400L).equals(onB.committed("idle-on-b").get(remote)));
            System.out.printf("Inactive group synced on B after %d ms%n", (System.nanoTime() - started) / 1_000_000);
            awaitCheckpoints("busy-on-b", Map.of(tp, 600L));
            // Checkpoints for both groups exist and the inactive one was synced: the active one was seen and left
            // alone.
            Await.until("a later sync round ran", Duration.ofSeconds(15), () -> {
                onA.commit("idle-on-b", Map.of(tp, 450L));
                return Long.valueOf(450L).equals(onB.committed("idle-on-b").get(remote));
            });
            assertEquals(10L, onB.committed("busy-on-b").get(remote), "the active group keeps its own commit");
            activeOnB.poll(Duration.ofMillis(100));
        }
        Await.until(
                "once its consumer left, the group gets the translated offset",
                Duration.ofSeconds(30),
                () -> Long.valueOf(600L).equals(onB.committed("busy-on-b").get(remote)));

        onA.commit("idle-on-b", Map.of(tp, 100L)); // the group rewound on A: B's offset must not move backwards
        awaitCheckpoints("idle-on-b", Map.of(tp, 100L));
        onA.commit("busy-on-b", Map.of(tp, 700L));
        Await.until(
                "a later sync round ran",
                Duration.ofSeconds(15),
                () -> Long.valueOf(700L).equals(onB.committed("busy-on-b").get(remote)));
        assertEquals(450L, onB.committed("idle-on-b").get(remote), "a committed offset never moves backwards");
    }

    private static void pace() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Commits each partition of {@code topic} at an offset without a record, a third of the way in. */
    private static void commitInGaps(String topic, String group) {
        List<ConsumerRecord<byte[], byte[]>> records = onA.consumeAll(topic);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (int partition : ByPartition.partitions(records)) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = ByPartition.only(records, partition);
            Set<Long> present = new TreeSet<>();
            inPartition.forEach(r -> present.add(r.offset()));
            long gap = -1;
            for (long o = inPartition.get(0).offset();
                    o < inPartition.get(inPartition.size() - 1).offset();
                    o++) {
                if (!present.contains(o)
                        && o > inPartition.get(inPartition.size() / 3).offset()) {
                    gap = o;
                    break;
                }
            }
            assertTrue(gap >= 0, topic + "-" + partition + " has an offset without a record to commit at");
            offsets.put(new TopicPartition(topic, partition), gap);
        }
        onA.commit(group, offsets);
    }

    private static void assertFailoverIsExact(String group, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, Checkpoint> checkpoints = awaitCheckpoints(group, committed);
        for (Map.Entry<TopicPartition, Long> commit : committed.entrySet()) {
            Checkpoint checkpoint = checkpoints.get(remote(commit.getKey()));
            FailoverCheck check = check(commit.getKey(), commit.getValue(), checkpoint.downstreamOffset());
            assertEquals(
                    "re-read=0 skipped=0",
                    check.toString(),
                    group + " on " + commit.getKey() + " committed at " + commit.getValue() + ", translated to "
                            + checkpoint.downstreamOffset());
        }
    }

    /** What a consumer reads on B from {@code translated}, against what it would have read on A from {@code committed}. */
    private static FailoverCheck check(TopicPartition tp, long committed, long translated) {
        List<ConsumerRecord<byte[], byte[]>> all = onA.readFrom(tp, 0);
        List<ConsumerRecord<byte[], byte[]>> before =
                all.stream().filter(r -> r.offset() < committed).toList();
        List<ConsumerRecord<byte[], byte[]>> after =
                all.stream().filter(r -> r.offset() >= committed).toList();
        List<ConsumerRecord<byte[], byte[]>> onRemote = onB.readFrom(remote(tp), translated);
        return FailoverCheck.of(before, after, onRemote);
    }

    private static Map<TopicPartition, Checkpoint> awaitCheckpoints(String group, Map<TopicPartition, Long> committed) {
        return Await.value(
                "checkpoints of " + group + " for " + committed,
                Duration.ofSeconds(60),
                () -> Checkpoints.latest(onB, CHECKPOINTS, group),
                latest -> committed.entrySet().stream()
                        .allMatch(c -> latest.containsKey(remote(c.getKey()))
                                && latest.get(remote(c.getKey())).upstreamOffset() == c.getValue()));
    }

    private static TopicPartition remote(TopicPartition tp) {
        return new TopicPartition("A." + tp.topic(), tp.partition());
    }
}
