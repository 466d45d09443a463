package dev.tandem.bench.measure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Creates a topic on the source, writes one record, and times how long until the record is visible on the target. */
public final class NewTopicProbe {

    private final Admin source;
    private final String sourceBootstrap;
    private final EndOffsets target;

    public NewTopicProbe(Admin source, String sourceBootstrap, EndOffsets target) {
        this.source = source;
        this.sourceBootstrap = sourceBootstrap;
        this.target = target;
    }

    /** Seconds from the record's acknowledgement on the source to its copy being visible; empty past the timeout. */
    public OptionalDouble measure(String topic, String remoteTopic, Duration timeout) throws Exception {
        source.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sourceBootstrap),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "first".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (target.sum(remoteTopic, 1) > 0) {
                return OptionalDouble.of((System.nanoTime() - start) / 1e9);
            }
            Thread.sleep(100);
        }
        return OptionalDouble.empty();
    }
}
