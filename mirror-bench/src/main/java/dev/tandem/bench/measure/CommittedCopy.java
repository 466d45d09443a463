package dev.tandem.bench.measure;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Checks a finished copy record by record, as a {@code read_committed} consumer sees it: every partition holds exactly
 * the source's records (no gap, no duplicate: keys are the prefill's sequence numbers). End offsets cannot tell this
 * when the replicator writes transactionally (exactly-once): each commit adds a marker that takes an offset but holds
 * no record, so B's end offsets run ahead of A's. For the same reason it also gives, per partition, the offset on B of
 * the record at a given source offset: the exact translation a failover is measured against.
 */
public final class CommittedCopy {

    private final Map<Integer, Long> targetOffsetOfMarked;

    private CommittedCopy(Map<Integer, Long> targetOffsetOfMarked) {
        this.targetOffsetOfMarked = targetOffsetOfMarked;
    }

    /**
     * Reads the remote topic until each partition holds {@code sourceEnds.get(p)} records (A starts at 0 and has no
     * gaps), then checks the keys; {@code marked} gives the source offset, per partition, whose target offset to keep.
     */
    public static CommittedCopy read(
            String targetBootstrap,
            String remoteTopic,
            Map<Integer, Long> sourceEnds,
            IntToLongFunction marked,
            Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                targetBootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                10_000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<TopicPartition> partitions = new ArrayList<>();
        sourceEnds.keySet().forEach(p -> partitions.add(new TopicPartition(remoteTopic, p)));
        Map<Integer, Long> counted = new HashMap<>();
        Map<Integer, Long> previousKey = new HashMap<>();
        Map<Integer, Long> targetOffsetOfMarked = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!complete(counted, sourceEnds)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(String.format(
                            Locale.ROOT,
                            "The copy is not complete after %d s: records on B per partition %s, on A %s",
                            timeout.toSeconds(),
                            counted,
                            sourceEnds));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    int p = record.partition();
                    long index = counted.getOrDefault(p, 0L);
                    long key = ByteBuffer.wrap(record.key()).getLong();
                    Long previous = previousKey.put(p, key);
                    if (previous != null && key <= previous) {
                        throw new IllegalStateException(String.format(
                                Locale.ROOT,
                                "The copy is not exact: partition %d holds key %d after key %d (a duplicate or reorder)",
                                p,
                                key,
                                previous));
                    }
                    if (index == marked.applyAsLong(p)) {
                        targetOffsetOfMarked.put(p, record.offset());
                    }
                    counted.put(p, index + 1);
                    if (index + 1 > sourceEnds.get(p)) {
                        throw new IllegalStateException(String.format(
                                Locale.ROOT,
                                "The copy is not exact: partition %d holds more records than A's %d",
                                p,
                                sourceEnds.get(p)));
                    }
                }
            }
        }
        return new CommittedCopy(targetOffsetOfMarked);
    }

    /** The offset on B of the record at the marked source offset of {@code partition}. */
    public long targetOffsetOfMarked(int partition) {
        Long offset = targetOffsetOfMarked.get(partition);
        if (offset == null) {
            throw new IllegalStateException("No record at the marked offset of partition " + partition);
        }
        return offset;
    }

    private static boolean complete(Map<Integer, Long> counted, Map<Integer, Long> sourceEnds) {
        return sourceEnds.entrySet().stream()
                .allMatch(e -> counted.getOrDefault(e.getKey(), 0L).equals(e.getValue()));
    }
}
