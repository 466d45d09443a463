package dev.tandem.source.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.RecordConverter;
import dev.tandem.source.records.UnacknowledgedBytes;
import dev.tandem.testkit.kafka.KafkaClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.metrics.RecordingMetrics;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The direct path's producer renewal against a real broker: after most partitions fell quiet the copier swaps its
 * producer between two sends, and the remote topic still holds every record once, in order, with its key, value,
 * headers and timestamp.
 */
class DirectCopierIT {

    private static final int PARTITIONS = 12;

    @Test
    void shouldCopyEveryRecordOnceInOrderAcrossARenewedProducer() throws Exception {
        try (KafkaClusters clusters = KafkaClusters.start("A");
                KafkaTestClient onA = new KafkaTestClient(clusters.get("A"))) {
            onA.createTopic("orders", PARTITIONS);
            onA.createTopic("A.orders", PARTITIONS);
            onA.produce(TestRecords.varied("orders", PARTITIONS, 30 * PARTITIONS, TestRecords.recent()));
            List<ConsumerRecord<byte[], byte[]>> source = onA.consumeAll("orders");

            RecordingMetrics metrics = new RecordingMetrics();
            RecordConverter converter = new RecordConverter(
                    "A", topic -> "A." + topic, (tp, remote) -> metrics.partition("A", "B", tp, remote));
            UnacknowledgedBytes unacknowledged = new UnacknowledgedBytes(0);
            AtomicLong clock = new AtomicLong();
            List<KafkaProducer<byte[], byte[]>> made = new ArrayList<>();
            DirectCopier copier = new DirectCopier(
                    () -> {
                        KafkaProducer<byte[], byte[]> producer =
                                onA.producer(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
                        made.add(producer);
                        return producer;
                    },
                    new Acknowledgements(unacknowledged, null, clock::get),
                    "copier-it",
                    clock::get,
                    new ProducerRenewal(PARTITIONS));
            try {
                // Every partition's first ten records, then only partition 3's next ten, a minute later.
                send(copier, converter, unacknowledged, source, record -> record.offset() < 10);
                copier.renewIfMostlyQuiet(true);
                assertEquals(1, made.size(), "all 12 partitions busy: no renewal");

                clock.set(ProducerRenewal.BUSY_WINDOW_MS);
                send(
                        copier,
                        converter,
                        unacknowledged,
                        source,
                        record -> record.partition() == 3 && record.offset() >= 10 && record.offset() < 20);
                copier.renewIfMostlyQuiet(false);
                assertEquals(1, made.size(), "copies in flight: no renewal");
                assertTrue(unacknowledged.awaitDrained(Duration.ofSeconds(60)), "the copies were acknowledged");
                copier.renewIfMostlyQuiet(true);
                assertEquals(2, made.size(), "1 of 12 partitions busy and nothing in flight: a new producer");
                assertThrows(
                        IllegalStateException.class,
                        () -> made.get(0).send(new ProducerRecord<>("A.orders", 0, null, new byte[1])),
                        "the first producer is closed");

                // The rest, through the new producer.
                send(
                        copier,
                        converter,
                        unacknowledged,
                        source,
                        record -> record.offset() >= 10 && !(record.partition() == 3 && record.offset() < 20));
            } finally {
                copier.close();
            }

            RecordAssertions.assertSameRecords("A.orders after the renewal", source, onA.consumeAll("A.orders"));
            for (int p = 0; p < PARTITIONS; p++) {
                assertArrayEquals(
                        new long[] {30, 30},
                        converter.state("orders", p).replicatedPosition(),
                        "partition " + p + ": every acknowledgement counted, across both producers");
            }
        }
    }

    private static void send(
            DirectCopier copier,
            RecordConverter converter,
            UnacknowledgedBytes unacknowledged,
            List<ConsumerRecord<byte[], byte[]>> source,
            java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> which) {
        for (ConsumerRecord<byte[], byte[]> record : source) {
            if (which.test(record)) {
                PartitionState state = converter.state(record.topic(), record.partition());
                int bytes = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                unacknowledged.handedOver(1, bytes);
                copier.send(state, record, bytes);
            }
        }
        assertTrue(unacknowledged.awaitDrained(Duration.ofSeconds(60)), "the copies were acknowledged");
    }
}
