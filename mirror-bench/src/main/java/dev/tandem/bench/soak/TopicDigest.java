package dev.tandem.bench.soak;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Per partition, the count and a SHA-256 over every record in order (key, value, timestamp, headers): two copies
 * with equal digests hold the same records, once each, in the same order. Streams the topic, so millions of records
 * fit in a small heap.
 */
record TopicDigest(Map<Integer, Long> counts, Map<Integer, String> digests) {

    static TopicDigest read(String bootstrapServers, String topic) throws NoSuchAlgorithmException {
        Map<Integer, Long> counts = new TreeMap<>();
        Map<Integer, String> digests = new TreeMap<>();
        Map<String, Object> config = Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "enable.auto.commit",
                false,
                "max.poll.records",
                5_000,
                "key.deserializer",
                ByteArrayDeserializer.class,
                "value.deserializer",
                ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            int partitions = consumer.partitionsFor(topic).size();
            for (int p = 0; p < partitions; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long count = 0;
                while (consumer.position(tp) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                        update(digest, record.key());
                        update(digest, record.value());
                        digest.update(ByteBuffer.allocate(Long.BYTES)
                                .putLong(record.timestamp())
                                .array());
                        for (Header header : record.headers()) {
                            update(digest, header.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            update(digest, header.value());
                        }
                        count++;
                    }
                }
                counts.put(p, count);
                digests.put(p, HexFormat.of().formatHex(digest.digest()));
            }
        }
        return new TopicDigest(counts, digests);
    }

    private static void update(MessageDigest digest, byte[] bytes) {
        // Length first, so ("ab","c") and ("a","bc") differ; -1 marks null.
        digest.update(ByteBuffer.allocate(Integer.BYTES)
                .putInt(bytes == null ? -1 : bytes.length)
                .array());
        if (bytes != null) {
            digest.update(bytes);
        }
    }

    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
