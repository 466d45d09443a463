package dev.tandem.bench.data;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes a case's topics to the source cluster once (both are shared by every round), and commits its failover group. */
public final class Prefill {

    private static final int VALUE_POOL = 1024;

    private final Admin admin;
    private final String bootstrapServers;

    public Prefill(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    /** Writes the case's backlog and its failover topic, and commits the failover group in the latter's middle. */
    public void write(BenchCase benchCase) throws Exception {
        write(benchCase, benchCase.topic(), benchCase.records());
        write(benchCase, benchCase.failoverTopic(), benchCase.failoverRecords());
        commitFailoverGroup(benchCase);
    }

    private void write(BenchCase benchCase, String topic, long records) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, benchCase.partitions(), (short) 1)))
                .all()
                .get();
        byte[][] values = randomValues(benchCase.recordBytes() - BenchCase.KEY_BYTES);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        long tenth = Math.max(1, records / 10);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records && failure.get() == null; i++) {
                byte[] key = ByteBuffer.allocate(BenchCase.KEY_BYTES).putLong(i).array();
                int partition = (int) (i % benchCase.partitions());
                producer.send(
                        new ProducerRecord<>(topic, partition, key, values[(int) (i % VALUE_POOL)]), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                if ((i + 1) % tenth == 0) {
                    System.out.printf(
                            Locale.ROOT,
                            "  prefill %s: %d%% (%.0f s)%n",
                            topic,
                            (i + 1) * 100 / records,
                            (System.nanoTime() - started) / 1e9);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Prefilling " + topic + " failed", failure.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "  prefilled %s: %,d records x %d B in %.1f s (%,.0f records/s)%n",
                topic,
                records,
                benchCase.recordBytes(),
                seconds,
                records / seconds);
    }

    private void commitFailoverGroup(BenchCase benchCase) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < benchCase.partitions(); p++) {
            offsets.put(
                    new TopicPartition(benchCase.failoverTopic(), p),
                    new OffsetAndMetadata(benchCase.failoverOffset(p)));
        }
        admin.alterConsumerGroupOffsets(benchCase.failoverGroup(), offsets)
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        return config;
    }

    /** Random bytes, so no layer can win by compressing; a pool keeps the producer, not the generator, the bottleneck. */
    private static byte[][] randomValues(int size) {
        Random random = new Random(42);
        byte[][] values = new byte[VALUE_POOL][size];
        for (byte[] value : values) {
            random.nextBytes(value);
        }
        return values;
    }
}
