package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * A connector with {@code transforms} runs Connect's record path, where Single Message Transforms apply: with
 * Connect's {@code DropHeaders} every record arrives, in order, with its key, value and timestamp, and without the
 * dropped header; every other header stays as sent.
 */
class TransformsIT {

    private static final String TOPIC = "tagged";
    private static final int PARTITIONS = 2;

    @Test
    void shouldApplyTheConnectorsTransformsToEveryRecord() {
        try (TwoClusters clusters = TwoClusters.start();
                ConnectWorker worker = ConnectWorker.start(clusters.b, "tandem-transforms-B", Map.of())) {
            clusters.onA.createTopic(TOPIC, PARTITIONS);
            List<ProducerRecord<byte[], byte[]>> sent =
                    TestRecords.varied(TOPIC, PARTITIONS, 3000, TestRecords.recent());
            clusters.onA.produce(sent);

            Map<String, String> config = new HashMap<>(FlowConfigs.source(clusters.a, clusters.b, TOPIC, 2));
            config.put("transforms", "untrace");
            config.put("transforms.untrace.type", "org.apache.kafka.connect.transforms.DropHeaders");
            config.put("transforms.untrace.headers", "trace");
            worker.rest().putConnector("A->B.source", config);

            String remote = "A." + TOPIC;
            Await.until(
                    remote + " holds all " + sent.size() + " records",
                    Duration.ofSeconds(120),
                    () -> clusters.onB.topics().contains(remote) && clusters.onB.endOffsetSum(remote) >= sent.size());
            List<ConsumerRecord<byte[], byte[]>> source = clusters.onA.consumeAll(TOPIC);
            List<ConsumerRecord<byte[], byte[]>> copied = clusters.onB.consumeAll(remote);
            assertEquals(source.size(), copied.size(), "records in " + remote);
            int traced = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                List<ConsumerRecord<byte[], byte[]>> from = only(source, p);
                List<ConsumerRecord<byte[], byte[]>> to = only(copied, p);
                assertEquals(from.size(), to.size(), "records in partition " + p);
                for (int i = 0; i < from.size(); i++) {
                    ConsumerRecord<byte[], byte[]> expected = from.get(i);
                    ConsumerRecord<byte[], byte[]> actual = to.get(i);
                    String where = remote + "-" + p + " offset " + actual.offset();
                    assertEquals(expected.offset(), actual.offset(), where + ": offsets stay equal, nothing dropped");
                    assertArrayEquals(expected.key(), actual.key(), where + " key");
                    assertArrayEquals(expected.value(), actual.value(), where + " value");
                    assertEquals(expected.timestamp(), actual.timestamp(), where + " timestamp");
                    assertEquals(
                            withoutTrace(expected),
                            headers(actual),
                            where + " headers: 'trace' dropped, the rest kept");
                    traced += expected.headers().lastHeader("trace") == null ? 0 : 1;
                }
            }
            assertTrue(traced > 0, "some source records carry a 'trace' header for the transform to drop");
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> only(
            List<ConsumerRecord<byte[], byte[]>> records, int partition) {
        return records.stream().filter(r -> r.partition() == partition).toList();
    }

    private static List<String> withoutTrace(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders kept = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().equals("trace")) {
                kept.add(header);
            }
        }
        return describe(kept);
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
        return describe(record.headers());
    }

    private static List<String> describe(Iterable<Header> headers) {
        List<String> described = new ArrayList<>();
        for (Header header : headers) {
            described.add(header.key() + "=" + (header.value() == null ? "null" : Arrays.toString(header.value())));
        }
        return described;
    }
}
