package dev.tandem.source;

import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.source.assign.AssignmentFeed;
import dev.tandem.source.assign.TopicAssignmentFeed;
import dev.tandem.source.topics.RemoteTopicLimits;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a source task reads from, where it learns its partitions and what it asks the target about them: Kafka's clients in production;
 * a unit test gives Kafka's {@code MockConsumer}, fixed partitions and limits of its own, to drive the task's loop without a cluster.
 */
interface TaskClients {

    TaskClients KAFKA = new TaskClients() {
        @Override
        public Consumer<byte[], byte[]> sourceConsumer(Map<String, Object> settings) {
            return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public AssignmentFeed assignmentFeed(MirrorSourceTaskConfig task) {
            MirrorSourceConfig config = task.connectorConfig();
            return new TopicAssignmentFeed(
                    config.assignmentsTopic(),
                    config.connectorName(),
                    task.taskIndex(),
                    task.taskCount(),
                    config.targetConsumerConfig());
        }

        @Override
        public Map<String, Integer> remoteTopicLimits(
                MirrorSourceConfig config, List<TopicPartition> partitions, ReplicationPolicy policy) {
            return RemoteTopicLimits.describe(config, partitions, policy);
        }
    };

    Consumer<byte[], byte[]> sourceConsumer(Map<String, Object> settings);

    /** Where the task learns its partitions. */
    AssignmentFeed assignmentFeed(MirrorSourceTaskConfig task);

    /** {@code max.message.bytes} by remote topic; empty when the target cannot tell. */
    Map<String, Integer> remoteTopicLimits(
            MirrorSourceConfig config, List<TopicPartition> partitions, ReplicationPolicy policy);
}
