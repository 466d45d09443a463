package dev.tandem.source.gaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.kafka.KafkaClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * New partitions' starting offsets as the task looks them up, against a real broker: the first offset after records
 * were deleted, and, reading {@code read_committed} as the task does, the next offset stops before a transaction still
 * open (its records may yet be aborted).
 */
class SourceOffsetLookupIT {

    private static final TopicPartition TRIMMED = new TopicPartition("orders", 0);
    private static final TopicPartition IN_TRANSACTION = new TopicPartition("orders", 1);

    @Test
    void shouldFindFirstAndNextOffsetsAsTheTasksConsumerWould() throws Exception {
        try (KafkaClusters clusters = KafkaClusters.start("A");
                KafkaTestClient onA = new KafkaTestClient(clusters.get("A"))) {
            Supplier<Admin> admins =
                    () -> Admin.create(new HashMap<>(clusters.get("A").clientConfig()));
            onA.createTopic("orders", 2);
            onA.produce(TestRecords.varied("orders", 2, 20, TestRecords.recent()));
            long trimmedEnd = onA.endOffsets("orders").get(TRIMMED);
            long committedEnd = onA.endOffsets("orders").get(IN_TRANSACTION);
            onA.admin()
                    .deleteRecords(Map.of(TRIMMED, RecordsToDelete.beforeOffset(4)))
                    .all()
                    .get();
            try (KafkaProducer<byte[], byte[]> open =
                    onA.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "still-open"))) {
                open.initTransactions();
                open.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    open.send(new ProducerRecord<>("orders", IN_TRANSACTION.partition(), null, new byte[] {1}));
                }
                open.flush();

                SourceOffsetLookup committed =
                        new SourceOffsetLookup(admins, IsolationLevel.READ_COMMITTED, Duration.ofSeconds(30));
                assertEquals(
                        Map.of(TRIMMED, 4L, IN_TRANSACTION, 0L),
                        committed.offsets(List.of(TRIMMED, IN_TRANSACTION), OffsetSpec.earliest()),
                        "the first offset still on the source");
                assertEquals(
                        Map.of(TRIMMED, trimmedEnd, IN_TRANSACTION, committedEnd),
                        committed.offsets(List.of(TRIMMED, IN_TRANSACTION), OffsetSpec.latest()),
                        "read_committed: the open transaction's 3 records are not yet part of the copy");
                assertEquals(
                        committedEnd + 3,
                        new SourceOffsetLookup(admins, IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30))
                                .offsets(List.of(IN_TRANSACTION), OffsetSpec.latest())
                                .get(IN_TRANSACTION),
                        "read_uncommitted sees them");
                open.abortTransaction();
            }
        }
    }
}
