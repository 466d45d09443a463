package dev.tandem.source.assign;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/** Where a source task learns which partitions it copies, while it runs. Task thread only. */
public interface AssignmentFeed extends AutoCloseable {

    /** The task's partitions as the connector last assigned them; may wait up to {@code timeout} to read them. */
    List<TopicPartition> start(Duration timeout);

    /**
     * The task's partitions if they changed since the last answer, else null; waits up to {@code wait} for news.
     */
    List<TopicPartition> poll(Duration wait);

    @Override
    void close();

    /** Partitions that never change: for a unit test of the task's loop. */
    static AssignmentFeed fixed(List<TopicPartition> partitions) {
        return new AssignmentFeed() {
            @Override
            public List<TopicPartition> start(Duration timeout) {
                return List.copyOf(partitions);
            }

            @Override
            public List<TopicPartition> poll(Duration wait) {
                return null;
            }

            @Override
            public void close() {}
        };
    }
}
