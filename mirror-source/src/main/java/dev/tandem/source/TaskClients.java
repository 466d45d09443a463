package dev.tandem.source;

import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.source.topics.RemoteTopicLimits;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a record-path source task reads from and what it asks the target at start: Kafka's clients in production;
 * a unit test gives Kafka's {@code MockConsumer} and limits of its own, to drive the task's loop without a cluster.
 */
interface TaskClients {

    TaskClients KAFKA = new TaskClients() {
        @Override
        public Consumer<byte[], byte[]> sourceConsumer(Map<String, Object> settings) {
            return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Map<String, Integer> remoteTopicLimits(
                MirrorSourceConfig config, List<TopicPartition> partitions, ReplicationPolicy policy) {
            return RemoteTopicLimits.describe(config, partitions, policy);
        }
    };

    Consumer<byte[], byte[]> sourceConsumer(Map<String, Object> settings);

    /** {@code max.message.bytes} by remote topic; empty when the target cannot tell. */
    Map<String, Integer> remoteTopicLimits(
            MirrorSourceConfig config, List<TopicPartition> partitions, ReplicationPolicy policy);
}
