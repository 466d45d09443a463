package dev.tandem.bench.scale;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The largest task config a replicator's Connect worker stored, read back from its config topic on B. Connect keeps
 * every task's config as one record ({@code task-<connector>-<n>}); MM2 lists every assigned partition and group in
 * it, so it grows with the data set, and past the broker's {@code max.message.bytes} the connector cannot start.
 * The topic's name differs (Tandem's driver: {@code tandem-configs.B.internal}; MM2's dedicated mode:
 * {@code mm2-configs.A.internal}), so every topic on B whose name has "config" in it is read.
 */
final class TaskConfigSizes {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private TaskConfigSizes() {}

    /** The largest task config, where it was, and which key; empty when B holds no task config. */
    record Largest(int bytes, String topic, String key) {

        String cell() {
            return String.format(Locale.ROOT, "%,d", bytes);
        }
    }

    static Optional<Largest> read(Admin target, String targetBootstrap) throws Exception {
        List<String> topics = target.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.contains("config") && !ScaleDataSet.isDataTopicOnTarget(t))
                .sorted()
                .toList();
        Optional<Largest> largest = Optional.empty();
        try (KafkaConsumer<byte[], byte[]> consumer = TargetConsumers.open(targetBootstrap, Map.of())) {
            for (String topic : topics) {
                for (ConsumerRecord<byte[], byte[]> record : readAll(consumer, topic)) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    if (key.startsWith("task-")
                            && record.value() != null
                            && (largest.isEmpty()
                                    || record.value().length > largest.get().bytes())) {
                        largest = Optional.of(new Largest(record.value().length, topic, key));
                    }
                }
            }
        }
        return largest;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Reading " + topic + " on B did not reach its end " + end);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
