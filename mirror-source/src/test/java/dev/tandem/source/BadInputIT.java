package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ClustersWithWorker;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.records.RecordAssertions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Records and topics at the edges of what Kafka takes: copied byte for byte, or refused loudly, never dropped silently. */
class BadInputIT {

    private static final int MB = 1024 * 1024;
    private static TwoClusters clusters;
    private static ConnectWorker worker;

    @RegisterExtension
    static final ClustersWithWorker flow = ClustersWithWorker.onB("tandem-bad-input-B");

    @BeforeAll
    static void names() {
        clusters = flow.clusters();
        worker = flow.worker();
    }

    @Test
    void shouldCopyLargeHeadersAndKeysThatAreNotUtf8ByteForByte() {
        String topic = "odd-records";
        clusters.onA.createTopic(topic, 2);
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0, (byte) 0x80};
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordHeaders headers = new RecordHeaders();
            // Four 200 KB headers: about 800 KB of headers, under the 1 MB the target takes.
            for (int h = 0; h < 4; h++) {
                byte[] big = new byte[200 * 1024];
                Arrays.fill(big, (byte) (i + h));
                headers.add(new RecordHeader("big-" + h, big));
            }
            headers.add(new RecordHeader("binary", notUtf8));
            headers.add(new RecordHeader("ключ-ü", null));
            byte[] key = Arrays.copyOf(notUtf8, notUtf8.length + 1);
            key[notUtf8.length] = (byte) i;
            sent.add(new ProducerRecord<>(
                    topic, i % 2, 1_700_000_000_000L + i, key, i % 5 == 0 ? null : notUtf8, headers));
        }
        clusters.onA.produce(sent);
        worker.rest().putConnector("odd.source", FlowConfigs.source(clusters.a, clusters.b, topic, 1));
        Await.until(
                "all 20 records on B",
                Duration.ofSeconds(90),
                () -> clusters.onB.topics().contains("A." + topic) && clusters.onB.endOffsetSum("A." + topic) >= 20);
        RecordAssertions.assertSameRecords(
                "A." + topic, clusters.onA.consumeAll(topic), clusters.onB.consumeAll("A." + topic));
        worker.rest().delete("odd.source");
    }

    @Test
    void shouldStopWithAClearErrorAtARecordTheTargetCannotTake() throws Exception {
        String topic = "big-fail";
        List<ConsumerRecord<byte[], byte[]>> source = writeSmallBigSmall(topic);
        worker.rest().putConnector("big-fail.source", FlowConfigs.source(clusters.a, clusters.b, topic, 1));
        JsonNode task = Await.value(
                "the task fails on the oversized record",
                Duration.ofSeconds(90),
                () -> worker.rest().status("big-fail.source").path("tasks").path(0),
                t -> "FAILED".equals(t.path("state").asText()));
        String trace = task.path("trace").asText();
        assertTrue(trace.contains("Record at offset 1 of big-fail-0 is up to 1,572,"), trace);
        assertTrue(trace.contains("1,048,576 bytes A.big-fail accepts"), trace);
        assertTrue(trace.contains("oversized.record.action=skip"), trace);
        // The record before it was copied; nothing after it was, so nothing is lost when the limit is raised.
        List<ConsumerRecord<byte[], byte[]>> copied = clusters.onB.consumeAll("A." + topic);
        RecordAssertions.assertSameRecords("A." + topic, source.subList(0, 1), copied);
        worker.rest().delete("big-fail.source");
    }

    @Test
    void shouldSkipARecordTheTargetCannotTakeWhenToldToAndCountIt() throws Exception {
        String topic = "big-skip";
        List<ConsumerRecord<byte[], byte[]>> source = writeSmallBigSmall(topic);
        Map<String, String> config = FlowConfigs.source(clusters.a, clusters.b, topic, 1);
        config.put("oversized.record.action", "skip");
        worker.rest().putConnector("big-skip.source", config);
        Await.until(
                "the records around the oversized one on B",
                Duration.ofSeconds(90),
                () -> clusters.onB.topics().contains("A." + topic) && clusters.onB.endOffsetSum("A." + topic) >= 2);
        RecordAssertions.assertSameRecords(
                "A." + topic, List.of(source.get(0), source.get(2)), clusters.onB.consumeAll("A." + topic));
        ObjectName meter = new ObjectName(
                "kafka.connect.mirror:type=MirrorSourceConnector,target=B,topic=A." + topic + ",partition=0");
        double skipped = Await.value(
                "the skipped record counted",
                Duration.ofSeconds(30),
                () -> ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(meter, "record-skipped-count"))
                        .doubleValue(),
                count -> count >= 1);
        assertEquals(1.0, skipped);
        assertEquals(
                "RUNNING",
                worker.rest()
                        .status("big-skip.source")
                        .path("tasks")
                        .path(0)
                        .path("state")
                        .asText());
        worker.rest().delete("big-skip.source");
    }

    @Test
    void shouldCopyATopicWhoseRemoteNameIsAtTheLengthLimitAndRefuseOneBeyond() {
        String fits = "edge-" + "x".repeat(247 - 5); // "A." + 247 = 249 characters, Kafka's limit
        String tooLong = "edge-" + "y".repeat(248 - 5); // 250 characters: cannot exist
        clusters.onA.createTopic(fits, 1);
        clusters.onA.createTopic(tooLong, 1);
        clusters.onA.produce(List.of(
                new ProducerRecord<>(fits, 0, 1L, "k".getBytes(), "v".getBytes()),
                new ProducerRecord<>(tooLong, 0, 1L, "k".getBytes(), "v".getBytes())));
        worker.rest().putConnector("edge.source", FlowConfigs.source(clusters.a, clusters.b, "edge-.*", 1));
        Await.until(
                "the topic at the limit copied",
                Duration.ofSeconds(90),
                () -> clusters.onB.topics().contains("A." + fits) && clusters.onB.endOffsetSum("A." + fits) >= 1);
        assertEquals(249, ("A." + fits).length());
        assertFalse(
                clusters.onB.topics().stream().anyMatch(t -> t.contains("yyyy")),
                "no remote topic for the name too long");
        JsonNode status = worker.rest().status("edge.source");
        assertEquals("RUNNING", status.path("connector").path("state").asText(), status.toString());
        worker.rest().delete("edge.source");
    }

    /** A small record, one of 1.5 MB (the source topic takes 3 MB; the target's producer 1 MB), and a small one. */
    private static List<ConsumerRecord<byte[], byte[]>> writeSmallBigSmall(String topic) throws Exception {
        clusters.onA.createTopic(topic, 1, Map.of("max.message.bytes", Integer.toString(3 * MB)));
        try (KafkaProducer<byte[], byte[]> producer = clusters.onA.producer(Map.of("max.request.size", 3 * MB))) {
            producer.send(new ProducerRecord<>(topic, 0, 1L, "small-1".getBytes(), "v".getBytes()))
                    .get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 0, 2L, "big".getBytes(), new byte[3 * MB / 2]))
                    .get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 0, 3L, "small-2".getBytes(), "v".getBytes()))
                    .get(30, TimeUnit.SECONDS);
        }
        return clusters.onA.consumeAll(topic);
    }
}
