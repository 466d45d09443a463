package dev.tandem.driver.drill;

import dev.tandem.client.TopicReader;
import dev.tandem.client.offsets.OffsetSyncStore;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.client.records.Heartbeat;
import dev.tandem.client.records.OffsetSync;
import dev.tandem.client.records.ReplicationPosition;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Snapshots of the bookkeeping topics a drill reads, each read once from its beginning to its end: offset syncs
 * into a store, the newest replication position per partition, the newest checkpoint per group and partition, the
 * newest heartbeat of a flow. Unreadable records are skipped, as the connectors skip them.
 */
final class FlowBookkeeping {

    private FlowBookkeeping() {}

    static OffsetSyncStore syncs(ClusterSide cluster, String topic) {
        OffsetSyncStore store = new OffsetSyncStore();
        read(cluster, topic, (key, value, timestamp) -> store.add(OffsetSync.decode(key, value)));
        return store;
    }

    static Map<TopicPartition, ReplicationPosition> positions(ClusterSide cluster, String topic) {
        Map<TopicPartition, ReplicationPosition> positions = new HashMap<>();
        read(cluster, topic, (key, value, timestamp) -> {
            ReplicationPosition position = ReplicationPosition.decode(key, value);
            positions.put(position.topicPartition(), position);
        });
        return positions;
    }

    /** Checkpoints per group and partition (topic as named on the checkpoints' cluster), with when each was written. */
    static Map<String, Map<TopicPartition, Written<Checkpoint>>> checkpoints(ClusterSide cluster, String topic) {
        Map<String, Map<TopicPartition, Written<Checkpoint>>> checkpoints = new HashMap<>();
        read(cluster, topic, (key, value, timestamp) -> {
            Checkpoint checkpoint = Checkpoint.decode(key, value);
            checkpoints
                    .computeIfAbsent(checkpoint.consumerGroupId(), g -> new HashMap<>())
                    .put(checkpoint.topicPartition(), new Written<>(checkpoint, timestamp));
        });
        return checkpoints;
    }

    /** The newest heartbeat timestamp in {@code topic}, whichever flow wrote it, if any. */
    static OptionalLong newestHeartbeat(ClusterSide cluster, String topic) {
        long[] newest = {-1};
        read(
                cluster,
                topic,
                (key, value, timestamp) -> newest[0] =
                        Math.max(newest[0], Heartbeat.decode(key, value).timestampMs()));
        return newest[0] < 0 ? OptionalLong.empty() : OptionalLong.of(newest[0]);
    }

    private static void read(ClusterSide cluster, String topic, RecordHandler handler) {
        TopicReader.readAll(cluster.clientConfig(), topic, cluster.timeout(), record -> {
            if (record.value() == null) {
                return;
            }
            try {
                handler.handle(record.key(), record.value(), record.timestamp());
            } catch (IllegalArgumentException e) {
                // written by something else; the connectors skip such records too
            }
        });
    }

    /** A record's content and the time it was written. */
    record Written<T>(T value, long timestamp) {}

    @FunctionalInterface
    private interface RecordHandler {
        void handle(byte[] key, byte[] value, long timestamp);
    }
}
