package dev.tandem.source.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.kafka.KafkaClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The idle-partition watch against a real broker: a partition watched from its end is reported once records arrive
 * on it, and only then; one watched from before its end is reported at once; an unwatched one is not reported; the
 * watch's thread ends at close.
 */
class SourceWatchIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void shouldReportAWatchedPartitionOnceRecordsArriveOnIt() {
        try (KafkaClusters clusters = KafkaClusters.start("A");
                KafkaTestClient onA = new KafkaTestClient(clusters.get("A"))) {
            onA.createTopic("quiet", 3);
            onA.produce(TestRecords.varied("quiet", 3, 30, TestRecords.recent()));
            TopicPartition p0 = new TopicPartition("quiet", 0);
            TopicPartition p1 = new TopicPartition("quiet", 1);
            TopicPartition p2 = new TopicPartition("quiet", 2);

            Map<String, Object> task = new HashMap<>(clusters.get("A").clientConfig());
            task.put(ConsumerConfig.CLIENT_ID_CONFIG, "watch-it");
            task.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            Map<String, Object> settings = SourceWatch.settings(task);
            Set<TopicPartition> reported = new HashSet<>();
            SourceWatch watch = new SourceWatch(
                    () -> new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                    "watch-it");
            try {
                watch.watch(Map.of(p0, 10L, p1, 10L, p2, 4L)); // p0 and p1 at their ends, p2 six records short
                Await.until("the partition watched from before its end is reported", DEADLINE, () -> {
                    reported.addAll(watch.moved());
                    return reported.contains(p2);
                });
                assertEquals(Set.of(p2), reported, "the partitions at their ends have nothing new");

                watch.unwatch(List.of(p1));
                onA.produce(List.of(
                        new ProducerRecord<>("quiet", 0, System.currentTimeMillis(), null, TestRecords.utf8("new")),
                        new ProducerRecord<>("quiet", 1, System.currentTimeMillis(), null, TestRecords.utf8("new"))));
                Await.until("the partition that got a record is reported", DEADLINE, () -> {
                    reported.addAll(watch.moved());
                    return reported.contains(p0);
                });
                assertEquals(Set.of(p0, p2), reported, "the unwatched partition is not reported, however it moved");
                assertEquals(Set.of(), watch.moved(), "each is reported once");
                assertFalse(watch.broken());
            } finally {
                watch.close();
            }
            Await.until(
                    "the watch's thread has ended",
                    DEADLINE,
                    () -> Thread.getAllStackTraces().keySet().stream()
                            .noneMatch(t -> t.getName().equals("watch-it")));
        }
    }
}
