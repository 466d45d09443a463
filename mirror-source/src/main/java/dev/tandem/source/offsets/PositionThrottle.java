package dev.tandem.source.offsets;

import dev.tandem.client.records.ReplicationPosition;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which positions are worth writing: one that moved, and an unchanged one again every {@code refreshMs}, so
 * its observation time says the replicator was alive. Task thread only.
 */
final class PositionThrottle {

    private final long refreshMs;
    private final Map<TopicPartition, ReplicationPosition> written = new HashMap<>();

    PositionThrottle(long refreshMs) {
        this.refreshMs = refreshMs;
    }

    /** True, and remembered as written, unless the last one written for its partition is the same and recent. */
    boolean due(ReplicationPosition position) {
        ReplicationPosition last = written.get(position.topicPartition());
        if (position.sameProgress(last) && position.observedAt() - last.observedAt() < refreshMs) {
            return false;
        }
        written.put(position.topicPartition(), position);
        return true;
    }
}
