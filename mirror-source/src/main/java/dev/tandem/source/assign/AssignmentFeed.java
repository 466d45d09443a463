package dev.tandem.source.assign;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/** Where a source task learns which partitions it copies, while it runs. Task thread only. */
public interface AssignmentFeed extends AutoCloseable {

    /**
     * A task's partitions, and the id of each of their source topics ({@link Uuid#ZERO_UUID} when the connector did not
     * say): a new id for a topic the task copies means the topic was deleted and made again.
     */
    record Assigned(List<TopicPartition> partitions, Map<String, Uuid> topicIds) {
        public Assigned {
            partitions = List.copyOf(partitions);
            topicIds = Map.copyOf(topicIds);
        }

        public Uuid topicId(String topic) {
            return topicIds.getOrDefault(topic, Uuid.ZERO_UUID);
        }
    }

    /** The task's partitions as the connector last assigned them; may wait up to {@code timeout} to read them. */
    Assigned start(Duration timeout);

    /**
     * The task's partitions if they or their topic ids changed since the last answer, else null; waits up to
     * {@code wait} for news.
     */
    Assigned poll(Duration wait);

    @Override
    void close();

    /** Partitions that never change: for a unit test of the task's loop. */
    static AssignmentFeed fixed(List<TopicPartition> partitions) {
        return new AssignmentFeed() {
            @Override
            public Assigned start(Duration timeout) {
                return new Assigned(partitions, Map.of());
            }

            @Override
            public Assigned poll(Duration wait) {
                return null;
            }

            @Override
            public void close() {}
        };
    }
}
