package dev.tandem.source.offsets;

import dev.tandem.client.records.ReplicationPosition;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Where a task's replication positions go: its own producer on the record path, Connect on the direct path. */
public interface PositionSink extends AutoCloseable {

    /**
     * Offers the position of one partition; {@code connectPartition} is its Connect source-partition key. Writes
     * it when it moved or is due for a refresh. Task thread only.
     */
    void publish(Map<String, Object> connectPartition, ReplicationPosition position);

    /** Forgets a partition the task no longer copies. Task thread only. */
    void forget(TopicPartition tp);

    @Override
    void close();
}
