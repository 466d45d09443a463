package dev.tandem.source.offsets;

import dev.tandem.client.offsets.OffsetSyncHeaders;
import dev.tandem.client.records.OffsetSync;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * Decides which acknowledged records become offset syncs, so that a reader of the syncs can rebuild the exact
 * upstream-to-downstream mapping of every partition.
 *
 * <p>Invariants, per partition, for the syncs it returns in order:
 * <ol>
 *   <li>The first acknowledged record after this tracker was created (a task start) is a sync.</li>
 *   <li>Every record whose upstream offset is not the previous record's + 1 (compaction, transaction markers,
 *       aborted records, a rewind) or whose downstream offset is not the previous one's + 1 (markers or other
 *       writes on the target, a recreated topic) is a sync: a break of linearity.</li>
 *   <li>So between two consecutive syncs s, s' every copied record r has r.down - s.down == r.up - s.up.</li>
 *   <li>A partition that moved since its last sync gets a progress sync at most {@code intervalMs} later, on the
 *       next acknowledgement or by {@link #dueProgress}, whichever comes first.</li>
 * </ol>
 * The first sync of a partition after {@link #copying} or {@link #newTopic} carries a {@link Mark} for its headers
 * ({@code OffsetSyncHeaders}). Not thread-safe; {@link OffsetSyncWriter} serialises access.
 */
public final class OffsetSyncTracker {

    private final long intervalMs;
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    /** What the next sync of a partition is to say of its source topic ({@link OffsetSyncHeaders}). */
    private final Map<TopicPartition, Mark> marks = new HashMap<>();

    /** The source topic a sync's copy is of, and whether the copy of a topic made again starts with it. */
    public record Mark(Uuid topicId, boolean newTopic) {}

    /** {@code tp} is copied from the source topic {@code topicId}: its next sync says so. */
    public void copying(TopicPartition tp, Uuid topicId) {
        if (!Uuid.ZERO_UUID.equals(topicId)) {
            marks.merge(tp, new Mark(topicId, false), (old, mark) -> old.newTopic() ? old : mark);
        }
    }

    /** {@code tp}'s topic was made again as {@code topicId}: its next sync starts the new topic's mapping. */
    public void newTopic(TopicPartition tp, Uuid topicId) {
        marks.put(tp, new Mark(topicId, true));
    }

    /** The mark for the sync just returned for {@code tp}, if any; it goes with that sync only. */
    public Mark takeMark(TopicPartition tp) {
        return marks.isEmpty() ? null : marks.remove(tp);
    }
    /**
     * The partition of the previous ack. Acks come a producer batch at a time, and a batch holds one partition, so
     * most acks find their state here instead of in the map: this runs once for every record copied.
     */
    private PartitionState last;

    public OffsetSyncTracker(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** Records that {@code upstreamOffset} was written at {@code downstreamOffset}; returns the sync to write, or null. */
    public OffsetSync onAck(TopicPartition tp, long upstreamOffset, long downstreamOffset, long nowMs) {
        PartitionState state = last;
        if (state == null || !state.tp.equals(tp)) {
            state = partitions.computeIfAbsent(tp, PartitionState::new);
            last = state;
        }
        boolean linear = state.seen
                && upstreamOffset == state.lastUp + 1
                && downstreamOffset == state.lastDown + 1
                && (marks.isEmpty() || !marks.containsKey(tp));
        state.seen = true;
        state.lastUp = upstreamOffset;
        state.lastDown = downstreamOffset;
        if (!linear || nowMs - state.syncedAtMs >= intervalMs) {
            return state.sync(nowMs);
        }
        state.unsynced = true;
        return null;
    }

    /** Progress syncs for partitions that moved and whose last sync is at least the interval old. */
    public List<OffsetSync> dueProgress(long nowMs) {
        List<OffsetSync> due = new ArrayList<>();
        for (PartitionState state : partitions.values()) {
            if (state.unsynced && nowMs - state.syncedAtMs >= intervalMs) {
                due.add(state.sync(nowMs));
            }
        }
        return due;
    }

    private static final class PartitionState {
        private final TopicPartition tp;
        private boolean seen;
        private long lastUp;
        private long lastDown;
        private long syncedAtMs;
        private boolean unsynced;

        private PartitionState(TopicPartition tp) {
            this.tp = tp;
        }

        private OffsetSync sync(long nowMs) {
            syncedAtMs = nowMs;
            unsynced = false;
            return new OffsetSync(tp, lastUp, lastDown);
        }
    }
}
