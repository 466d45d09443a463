package dev.tandem.source.offsets;

import dev.tandem.client.records.ReplicationPosition;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which positions are worth writing: one that moved, always; an unchanged one again only after a refresh
 * interval, so its observation time says the replicator was alive. The refresh interval grows with the task's
 * partition count so that idle refreshes stay under one every {@link #IDLE_SPACING_MS} ms per task, whatever the
 * count: a task with 3 or fewer partitions refreshes each every {@code refreshMs}, one with 4,000 each about every
 * 3 hours. Each refresh is a record to the positions topic and, on the direct path, an entry in Connect's next offset
 * commit; without the cap an idle task with 4,000 partitions wrote 24,000 positions a minute. Task thread only.
 */
final class PositionThrottle {

    /** At most one idle refresh per this many milliseconds per task, on average. */
    static final long IDLE_SPACING_MS = 3_000;

    private final long refreshMs;
    private final Map<TopicPartition, ReplicationPosition> written = new HashMap<>();

    PositionThrottle(long refreshMs) {
        this.refreshMs = refreshMs;
    }

    /** True, and remembered as written, unless the last one written for its partition is the same and recent. */
    boolean due(ReplicationPosition position) {
        ReplicationPosition last = written.get(position.topicPartition());
        if (position.sameProgress(last) && position.observedAt() - last.observedAt() < refreshIntervalMs()) {
            return false;
        }
        written.put(position.topicPartition(), position);
        return true;
    }

    /** Forgets a partition the task no longer copies. */
    void forget(TopicPartition tp) {
        written.remove(tp);
    }

    /** How long an unchanged position goes unwritten. */
    long refreshIntervalMs() {
        return Math.max(refreshMs, written.size() * IDLE_SPACING_MS);
    }
}
