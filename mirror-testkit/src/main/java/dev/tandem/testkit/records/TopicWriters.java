package dev.tandem.testkit.records;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;

/** Topics whose offsets have gaps, for translation tests: a compacted one, and a transactional one with aborts. */
public final class TopicWriters {

    private TopicWriters() {}

    /**
     * A quarter of the records have keys written once (they survive compaction), the rest rewrite ten hot keys (older
     * values are removed), so the compacted log has gaps between survivors. Frozen once compacted.
     */
    public static void compacted(KafkaTestClient onA, String topic) throws Exception {
        onA.createTopic(
                topic,
                2,
                Map.of(
                        "cleanup.policy",
                        "compact",
                        "segment.ms",
                        "100",
                        "min.cleanable.dirty.ratio",
                        "0.01",
                        "delete.retention.ms",
                        "100"));
        int[] sequence = {0};
        Await.until(topic + " is compacted", Duration.ofSeconds(60), () -> {
            List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++, sequence[0]++) {
                int n = sequence[0];
                String key = n % 4 == 0 ? "once-" + n : "hot-" + (n % 10);
                byte[] value = n % 10 == 7 ? null : TestRecords.utf8("value-" + n);
                batch.add(new ProducerRecord<>(
                        topic,
                        Math.floorMod(key.hashCode(), 2),
                        System.currentTimeMillis(),
                        TestRecords.utf8(key),
                        value));
            }
            onA.produce(batch);
            List<ConsumerRecord<byte[], byte[]>> present = onA.consumeAll(topic);
            return present.size() < sequence[0] / 2
                    && ByPartition.partitions(present).stream()
                            .allMatch(p -> gapsAfterFirstThird(ByPartition.only(present, p)) >= 10);
        });
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        onA.admin()
                .incrementalAlterConfigs(Map.of(
                        resource,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("min.compaction.lag.ms", Long.toString(TimeUnit.DAYS.toMillis(1))),
                                AlterConfigOp.OpType.SET))))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    /** Offsets without a record between the record a third of the way in and the last one. */
    private static long gapsAfterFirstThird(List<ConsumerRecord<byte[], byte[]>> partition) {
        if (partition.size() < 3) {
            return 0;
        }
        ConsumerRecord<byte[], byte[]> third = partition.get(partition.size() / 3);
        ConsumerRecord<byte[], byte[]> last = partition.get(partition.size() - 1);
        long records = partition.size() - partition.size() / 3;
        return last.offset() - third.offset() + 1 - records;
    }

    /** Transactions of 5 records, every third one aborted: commit markers and aborted records leave gaps. */
    public static void transactional(KafkaTestClient onA, String topic) {
        onA.createTopic(topic, 2);
        try (KafkaProducer<byte[], byte[]> producer =
                onA.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "txn-" + topic))) {
            producer.initTransactions();
            for (int txn = 0; txn < 30; txn++) {
                producer.beginTransaction();
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(
                            topic,
                            i % 2,
                            System.currentTimeMillis(),
                            TestRecords.utf8("k" + txn + "-" + i),
                            TestRecords.utf8("txn-" + txn + "-" + i)));
                }
                if (txn % 3 == 2) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
    }
}
