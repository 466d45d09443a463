package dev.tandem.source;

import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.source.assign.AssignmentFeed;
import dev.tandem.source.assign.TopicAssignmentFeed;
import dev.tandem.source.gaps.SourceOffsetLookup;
import dev.tandem.source.gaps.StartingPositions;
import dev.tandem.source.idle.IdlePartitions;
import dev.tandem.source.idle.SourceWatch;
import dev.tandem.source.topics.RemoteTopicLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
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

        @Override
        public StartingPositions.Lookup offsetLookup(MirrorSourceConfig config, IsolationLevel isolation) {
            return new SourceOffsetLookup(config::sourceAdmin, isolation, OFFSET_LOOKUP_TIMEOUT);
        }

        @Override
        public IdlePartitions.Watch idleWatch(Map<String, Object> consumerSettings, String name) {
            Map<String, Object> settings = SourceWatch.settings(consumerSettings);
            return new SourceWatch(
                    () -> new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                    name);
        }
    };

    /** How long a take-up waits for new partitions' starting offsets before leaving them to the consumer. */
    Duration OFFSET_LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    Consumer<byte[], byte[]> sourceConsumer(Map<String, Object> settings);

    /** Where the task learns its partitions. */
    AssignmentFeed assignmentFeed(MirrorSourceTaskConfig task);

    /** {@code max.message.bytes} by remote topic; empty when the target cannot tell. */
    Map<String, Integer> remoteTopicLimits(
            MirrorSourceConfig config, List<TopicPartition> partitions, ReplicationPolicy policy);

    /** First or next offsets of new source partitions, asked on a connection of their own, read as the task reads. */
    StartingPositions.Lookup offsetLookup(MirrorSourceConfig config, IsolationLevel isolation);

    /** Watches idle partitions for new records, with a consumer of its own made from the task consumer's settings. */
    IdlePartitions.Watch idleWatch(Map<String, Object> consumerSettings, String name);
}
