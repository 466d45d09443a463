package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * As in MM2's own integration tests: {@code source.consumer.auto.offset.reset = latest} on a new flow copies only
 * records written after the copy started. None of the records already on the source arrive; from the first record
 * copied on, every later one arrives, in order, identical.
 */
class AutoOffsetResetLatestIT {

    private static final String TOPIC = "clicks";
    private static final int OLD = 600;

    @Test
    void shouldCopyOnlyRecordsWrittenAfterTheStart() {
        try (TwoClusters clusters = TwoClusters.start();
                ConnectWorker worker = ConnectWorker.start(clusters.b, "tandem-latest-B", Map.of())) {
            clusters.onA.createTopic(TOPIC, 1);
            clusters.onA.produce(TestRecords.varied(TOPIC, 1, OLD, TestRecords.recent(), "-old"));
            Map<String, String> config = new HashMap<>(FlowConfigs.source(clusters.a, clusters.b, TOPIC, 1));
            config.put("source.consumer.auto.offset.reset", "latest");
            worker.rest().putConnector("A->B.source", config);

            // New records in small batches until some reach B: when the task's consumer took its position is not
            // observable, so the test does not guess it.
            String remote = "A." + TOPIC;
            int[] batches = {0};
            Await.until("records written after the start reach " + remote, Duration.ofSeconds(120), () -> {
                clusters.onA.produce(
                        TestRecords.varied(TOPIC, 1, 20, System.currentTimeMillis(), "-new-" + batches[0]++));
                return clusters.onB.topics().contains(remote) && clusters.onB.endOffsetSum(remote) > 0;
            });
            clusters.onA.produce(TestRecords.varied(TOPIC, 1, 200, System.currentTimeMillis(), "-last"));
            long end = clusters.onA.endOffsets(TOPIC).get(new TopicPartition(TOPIC, 0));

            List<ConsumerRecord<byte[], byte[]>> source = clusters.onA.readFrom(new TopicPartition(TOPIC, 0), 0);
            Await.until("the copy reaches the source's end", Duration.ofSeconds(60), () -> {
                List<ConsumerRecord<byte[], byte[]>> copied = clusters.onB.readFrom(new TopicPartition(remote, 0), 0);
                return !copied.isEmpty()
                        && RecordAssertions.identity(copied.get(copied.size() - 1))
                                .equals(RecordAssertions.identity(source.get((int) end - 1)));
            });
            List<ConsumerRecord<byte[], byte[]>> copied = clusters.onB.readFrom(new TopicPartition(remote, 0), 0);
            int first = -1;
            for (int i = 0; i < source.size() && first < 0; i++) {
                if (RecordAssertions.identity(source.get(i)).equals(RecordAssertions.identity(copied.get(0)))) {
                    first = i;
                }
            }
            assertTrue(
                    first >= OLD,
                    "the first record copied is source offset " + first + ", one of the " + OLD
                            + " written before the copy started");
            assertEquals(source.size() - first, copied.size(), "every record from source offset " + first + " on");
            RecordAssertions.assertSameRecords(remote, source.subList(first, source.size()), copied);
        }
    }
}
