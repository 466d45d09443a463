package dev.tandem.bench.scale;

import dev.tandem.bench.replicator.FlowSpec;
import dev.tandem.client.records.Checkpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows the checkpoints topic on B ({@code A.checkpoints.internal}, MM2's format, written by both MirrorMakers) and
 * counts the group partitions whose latest checkpoint is exact. Exact: the checkpoint's downstream offset is where
 * the committed upstream offset's record sits in the remote partition; B starts empty and both copy 1:1, so that is
 * the upstream offset itself. A translation that re-reads records (MM2's "last sync + 1") is not exact.
 */
final class CheckpointTally implements AutoCloseable {

    static final String TOPIC = FlowSpec.SOURCE + ".checkpoints.internal";

    /** group -> remote partition -> the downstream offset an exact checkpoint has. */
    private final Map<String, Map<TopicPartition, Long>> expected = new HashMap<>();

    private final Map<String, Map<TopicPartition, Long>> latest = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int expectedCount;
    private boolean assigned;
    private long unreadable;

    CheckpointTally(String targetBootstrap, ScaleDataSet data) {
        data.groupPartitions().forEach((group, partitions) -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            partitions.forEach(tp -> offsets.put(
                    new TopicPartition(FlowSpec.remoteTopic(tp.topic()), tp.partition()), data.committedOffset()));
            expected.put(group, offsets);
        });
        this.expectedCount = data.groupPartitionCount();
        this.consumer = TargetConsumers.open(targetBootstrap, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000));
    }

    /** Reads what is new in the checkpoints topic, once it exists ({@code topicExists} from the caller's listing). */
    void update(boolean topicExists) {
        if (!topicExists) {
            return;
        }
        if (!assigned) {
            TopicPartition only = new TopicPartition(TOPIC, 0); // one partition, as MM2 creates it
            consumer.assign(List.of(only));
            consumer.seekToBeginning(List.of(only));
            assigned = true;
        }
        // Drain: a thousand groups are ten thousand checkpoints per emission, more than one poll returns.
        for (int polls = 0; polls < 1_000; polls++) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(polls == 0 ? 200 : 50));
            if (records.isEmpty()) {
                return;
            }
            records.forEach(this::take);
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.decode(record.key(), record.value());
        } catch (RuntimeException e) {
            unreadable++;
            return;
        }
        latest.computeIfAbsent(checkpoint.consumerGroupId(), g -> new HashMap<>())
                .put(checkpoint.topicPartition(), checkpoint.downstreamOffset());
    }

    int expectedCount() {
        return expectedCount;
    }

    /** Group partitions of the data set whose latest checkpoint is exact. */
    int exact() {
        int exact = 0;
        for (Map.Entry<String, Map<TopicPartition, Long>> group : expected.entrySet()) {
            Map<TopicPartition, Long> seen = latest.getOrDefault(group.getKey(), Map.of());
            for (Map.Entry<TopicPartition, Long> partition : group.getValue().entrySet()) {
                if (partition.getValue().equals(seen.get(partition.getKey()))) {
                    exact++;
                }
            }
        }
        return exact;
    }

    /** Group partitions of the data set with any checkpoint at all, exact or not. */
    int withCheckpoint() {
        int any = 0;
        for (Map.Entry<String, Map<TopicPartition, Long>> group : expected.entrySet()) {
            Map<TopicPartition, Long> seen = latest.getOrDefault(group.getKey(), Map.of());
            any += (int)
                    group.getValue().keySet().stream().filter(seen::containsKey).count();
        }
        return any;
    }

    /** One group partition whose checkpoint is not exact, to show what the replicator wrote instead. */
    Optional<String> inexactExample() {
        for (Map.Entry<String, Map<TopicPartition, Long>> group : new TreeMap<>(expected).entrySet()) {
            Map<TopicPartition, Long> seen = latest.getOrDefault(group.getKey(), Map.of());
            for (Map.Entry<TopicPartition, Long> partition : group.getValue().entrySet()) {
                Long downstream = seen.get(partition.getKey());
                if (downstream != null && !downstream.equals(partition.getValue())) {
                    return Optional.of(String.format(
                            Locale.ROOT,
                            "%s on %s: committed %d on A, checkpoint says %d on B",
                            group.getKey(),
                            partition.getKey(),
                            partition.getValue(),
                            downstream));
                }
            }
        }
        return Optional.empty();
    }

    long unreadable() {
        return unreadable;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
