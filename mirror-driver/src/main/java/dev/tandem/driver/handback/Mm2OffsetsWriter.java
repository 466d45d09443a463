package dev.tandem.driver.handback;

import dev.tandem.source.records.RecordConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Writes source offsets into a Connect offsets topic exactly as a Connect worker running MirrorMaker 2's source
 * connector would: the key {@code ["<connector>", {"cluster", "partition", "topic"}]} and the value {@code {"offset":
 * <last copied>}}, JSON without schemas, keyed bytes identical to MM2's own (Connect looks offsets up by those bytes,
 * and records with the same key land in the same partition, so the newest wins).
 */
final class Mm2OffsetsWriter {

    /** MirrorMaker 2's source connector in dedicated mode. */
    static final String MM2_SOURCE_CONNECTOR = "MirrorSourceConnector";

    /** Connect's default {@code offset.storage.partitions}. */
    private static final int CONNECT_OFFSET_PARTITIONS = 25;

    private Mm2OffsetsWriter() {}

    /**
     * Writes {@code next} (next offset to copy by partition of {@code sourceAlias}) into {@code topic}, creating the
     * topic compacted as Connect would if it does not exist.
     */
    static void write(
            String topic,
            String sourceAlias,
            Map<TopicPartition, Long> next,
            Admin admin,
            Map<String, Object> producerConfig,
            Duration timeout)
            throws Exception {
        ensureTopic(admin, topic, timeout);
        JsonConverter json = new JsonConverter();
        json.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, false), false);
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tandem-hand-back");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(next.size());
            for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                byte[] key = json.fromConnectData(
                        topic,
                        null,
                        List.of(MM2_SOURCE_CONNECTOR, RecordConverter.sourcePartition(sourceAlias, e.getKey())));
                byte[] value = json.fromConnectData(
                        topic, null, Collections.singletonMap(RecordConverter.OFFSET_KEY, e.getValue() - 1));
                sent.add(producer.send(new ProducerRecord<>(topic, key, value)));
            }
            producer.flush();
            // Every write must be acknowledged: a hand-back that lost some would make MM2 copy those partitions again.
            for (Future<RecordMetadata> write : sent) {
                write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void ensureTopic(Admin admin, String topic, Duration timeout) throws Exception {
        Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (names.contains(topic)) {
            return;
        }
        NewTopic compacted = new NewTopic(topic, Optional.of(CONNECT_OFFSET_PARTITIONS), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        admin.createTopics(List.of(compacted)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
