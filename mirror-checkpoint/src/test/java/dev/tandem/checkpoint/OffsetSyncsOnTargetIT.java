package dev.tandem.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.client.MirrorClient;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * With {@code offset-syncs.topic.location = target}, as MirrorMaker 2's users run it against a source they may only
 * read: on brokers that create topics on first request (Kafka's default), the source ends with exactly the topics it
 * had (no offset-syncs topic, none of Tandem's), while the group's offsets still translate exactly on the target.
 */
class OffsetSyncsOnTargetIT {

    private static final String TOPIC = "orders";
    private static final String GROUP = "billing";

    @Test
    void shouldLeaveTheSourceWithOnlyItsOwnTopics() throws Exception {
        try (TwoClusters clusters = TwoClusters.start(Map.of("auto.create.topics.enable", "true"))) {
            clusters.onA.createTopic(TOPIC, 2);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                records.add(new ProducerRecord<>(
                        TOPIC,
                        i % 2,
                        System.currentTimeMillis(),
                        TestRecords.utf8("k" + i),
                        TestRecords.utf8("v" + i)));
            }
            clusters.onA.produce(records);
            clusters.onA.commit(GROUP, Map.of(new TopicPartition(TOPIC, 0), 60L, new TopicPartition(TOPIC, 1), 40L));
            Set<String> before = userTopics(clusters.onA.topics());

            Map<String, String> source = FlowConfigs.source(clusters.a, clusters.b, TOPIC, 1);
            source.put("offset-syncs.topic.location", "target");
            Map<String, String> checkpoint = FlowConfigs.checkpoint(clusters.a, clusters.b, GROUP);
            checkpoint.put("offset-syncs.topic.location", "target");
            try (ConnectWorker worker = ConnectWorker.start(clusters.b, "tandem-it-syncs-on-target", Map.of())) {
                worker.rest().putConnector("A->B.source", source);
                worker.rest().putConnector("A->B.checkpoint", checkpoint);
                worker.rest().putConnector("A->B.heartbeat", FlowConfigs.heartbeat(clusters.a, clusters.b));
                try (MirrorClient client = new MirrorClient(new HashMap<>(clusters.b.clientConfig()))) {
                    // Exact once the syncs cover the committed offsets (every record is copied 1:1 into an empty B).
                    Map<TopicPartition, Long> expected =
                            Map.of(new TopicPartition("A." + TOPIC, 0), 60L, new TopicPartition("A." + TOPIC, 1), 40L);
                    Map<TopicPartition, Long> translated = Await.value(
                            "checkpoints of " + GROUP + " at 60 and 40 on B",
                            Duration.ofSeconds(90),
                            () -> offsets(client.remoteConsumerOffsets(GROUP, "A", Duration.ofSeconds(10))),
                            expected::equals);
                    assertEquals(expected, translated);
                }
                assertEquals(
                        Set.of("mm2-offset-syncs.B.internal"),
                        filter(clusters.onB.topics(), "mm2-offset-syncs"),
                        "the syncs are on the target");
            }
            assertEquals(before, userTopics(clusters.onA.topics()), "the source holds only what it had");
        }
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((tp, offset) -> offsets.put(tp, offset.offset()));
        return offsets;
    }

    /** Every topic but the broker's own ({@code __consumer_offsets} and friends). */
    private static Set<String> userTopics(Set<String> topics) {
        Set<String> user = new TreeSet<>(topics);
        user.removeIf(t -> t.startsWith("__"));
        return user;
    }

    private static Set<String> filter(Set<String> topics, String prefix) {
        Set<String> found = new TreeSet<>(topics);
        found.removeIf(t -> !t.startsWith(prefix));
        return found;
    }
}
