package dev.tandem.bench.scale;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the same number of small records to every partition of the data topics: the scale command is about many
 * partitions, not many bytes, so a partition's copy is short and what costs is having thousands of them.
 */
final class PartitionFiller {

    private PartitionFiller() {}

    static void fill(
            String bootstrapServers, List<String> topics, int partitions, int recordsPerPartition, int valueBytes)
            throws Exception {
        byte[] value = new byte[valueBytes];
        new Random(42).nextBytes(value); // random bytes: nothing gains from compression
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : topics) {
                for (int p = 0; p < partitions; p++) {
                    for (int r = 0; r < recordsPerPartition && failure.get() == null; r++) {
                        producer.send(new ProducerRecord<>(topic, p, null, value), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                    }
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Writing the data topics failed", failure.get());
        }
    }
}
