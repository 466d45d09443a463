package dev.tandem.source.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.source.MirrorSourceConfig;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.records.TestRecords;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The check a task makes at start for a remote topic deleted on the target and created again, against real brokers
 * with an exactly-once target: the copies in the new partition came in one transaction each, as they do when a task
 * commits after every poll of a few records, so each took two offsets (the record and its transaction's marker).
 */
class ReplacedRemotePartitionsIT {

    private static final String TOPIC = "orders";
    private static final String REMOTE = "A." + TOPIC;
    private static final TopicPartition SOURCE_TP = new TopicPartition(TOPIC, 0);
    private static final TopicPartition REMOTE_TP = new TopicPartition(REMOTE, 0);

    @Test
    void shouldCountRecordsNotOffsetsOfAnExactlyOnceTarget() {
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, 1);
            clusters.onA.produce(TestRecords.varied(TOPIC, 1, 300, TestRecords.recent()));
            List<ConsumerRecord<byte[], byte[]>> source = clusters.onA.readFrom(SOURCE_TP, 0);
            clusters.onB.createTopic(REMOTE, 1);
            MirrorSourceConfig config = flow(clusters);

            try (KafkaProducer<byte[], byte[]> copier =
                            clusters.onB.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "copier"));
                    KafkaConsumer<byte[], byte[]> consumer = clusters.onA.consumer(Map.of())) {
                copier.initTransactions();
                // The copy had reached offset 300 when the remote topic was deleted; the new one got 100..299 since.
                copyInTransactions(copier, source.subList(100, 300));
                long end = clusters.onB.endOffsets(REMOTE).get(REMOTE_TP);
                assertTrue(end >= 300, "markers take offsets: 200 records end at offset " + end);

                Map<TopicPartition, ReplacedRemotePartitions.Recopy> again = ReplacedRemotePartitions.toCopyAgain(
                        config, config.replicationPolicy(), Set.of(REMOTE), Map.of(SOURCE_TP, 300L), consumer);
                assertEquals(
                        Map.of(SOURCE_TP, new ReplacedRemotePartitions.Recopy(0, 100, 300)),
                        again,
                        "the 100 records copied into the old topic only are copied again, and only they");

                // Once they are, the copy is whole and a restart copies nothing again.
                copyInTransactions(copier, source.subList(0, 100));
                assertEquals(
                        Map.of(),
                        ReplacedRemotePartitions.toCopyAgain(
                                config, config.replicationPolicy(), Set.of(REMOTE), Map.of(SOURCE_TP, 300L), consumer));
                // Nor does a restart half way through that copy: 200 records held where 50 had been copied since.
                assertEquals(
                        Map.of(),
                        ReplacedRemotePartitions.toCopyAgain(
                                config, config.replicationPolicy(), Set.of(REMOTE), Map.of(SOURCE_TP, 50L), consumer));
            }
        }
    }

    @Test
    void shouldCopyEverythingAgainIntoAnEmptyNewPartition() {
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, 1);
            clusters.onA.produce(TestRecords.varied(TOPIC, 1, 40, TestRecords.recent()));
            clusters.onB.createTopic(REMOTE, 1);
            MirrorSourceConfig config = flow(clusters);
            try (KafkaConsumer<byte[], byte[]> consumer = clusters.onA.consumer(Map.of())) {
                assertEquals(
                        Map.of(SOURCE_TP, new ReplacedRemotePartitions.Recopy(0, -1, 40)),
                        ReplacedRemotePartitions.toCopyAgain(
                                config, config.replicationPolicy(), Set.of(REMOTE), Map.of(SOURCE_TP, 40L), consumer));
            }
        }
    }

    private static MirrorSourceConfig flow(TwoClusters clusters) {
        return new MirrorSourceConfig(Map.of(
                "source.cluster.alias",
                "A",
                "target.cluster.alias",
                "B",
                "source.cluster.bootstrap.servers",
                clusters.a.bootstrapServers(),
                "target.cluster.bootstrap.servers",
                clusters.b.bootstrapServers()));
    }

    /** Writes copies of {@code records} to the remote partition, one transaction each. */
    private static void copyInTransactions(
            KafkaProducer<byte[], byte[]> copier, List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            copier.beginTransaction();
            copier.send(new ProducerRecord<>(
                    REMOTE, 0, record.timestamp(), record.key(), record.value(), record.headers()));
            copier.commitTransaction();
        }
    }
}
