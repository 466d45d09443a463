package dev.tandem.source.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.records.OffsetSync;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * Checks the tracker's invariant the way a reader of the syncs would: rebuild the mapping from the syncs alone and
 * compare it with the true mapping of every copied record.
 */
class OffsetSyncTrackerTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final long HOUR = 3_600_000;

    /** Feeds (upstream, downstream) pairs at time 0 with a long interval, so only first and breaks sync. */
    private static List<OffsetSync> syncsFor(long[][] copied) {
        OffsetSyncTracker tracker = new OffsetSyncTracker(HOUR);
        List<OffsetSync> syncs = new ArrayList<>();
        for (long[] pair : copied) {
            OffsetSync sync = tracker.onAck(TP, pair[0], pair[1], 1);
            if (sync != null) {
                syncs.add(sync);
            }
        }
        return syncs;
    }

    /** What a reader reconstructs: the downstream offset of upstream {@code up} from the sync at or before it. */
    private static long reconstruct(List<OffsetSync> syncs, long up) {
        OffsetSync base = null;
        for (OffsetSync sync : syncs) {
            if (sync.upstreamOffset() <= up) {
                base = sync;
            }
        }
        return base.downstreamOffset() + (up - base.upstreamOffset());
    }

    private static void assertExactMapping(long[][] copied) {
        List<OffsetSync> syncs = syncsFor(copied);
        for (long[] pair : copied) {
            assertEquals(pair[1], reconstruct(syncs, pair[0]), "upstream " + pair[0] + " with syncs " + syncs);
        }
    }

    @Test
    void shouldSyncFirstRecordOnly_whenLinear() {
        long[][] copied = {{100, 0}, {101, 1}, {102, 2}, {103, 3}};
        assertEquals(List.of(new OffsetSync(TP, 100, 0)), syncsFor(copied));
        assertExactMapping(copied);
    }

    @Test
    void shouldSyncAtCompactionGaps() {
        // A compacted source: offsets 3, 4 and 7..9 are gone; the target is dense.
        long[][] copied = {{0, 0}, {1, 1}, {2, 2}, {5, 3}, {6, 4}, {10, 5}, {11, 6}};
        List<OffsetSync> syncs = syncsFor(copied);
        assertEquals(List.of(new OffsetSync(TP, 0, 0), new OffsetSync(TP, 5, 3), new OffsetSync(TP, 10, 5)), syncs);
        assertExactMapping(copied);
    }

    @Test
    void shouldSyncAtTransactionMarkersOnEitherSide() {
        // Source: transactions of 3 records, each followed by a commit marker (offsets 3, 7); an aborted
        // transaction at 8..10 with its marker at 11 is never read. Target: one marker written at 5.
        long[][] copied = {{0, 0}, {1, 1}, {2, 2}, {4, 3}, {5, 4}, {6, 6}, {12, 7}};
        assertExactMapping(copied);
        List<OffsetSync> syncs = syncsFor(copied);
        assertEquals(4, syncs.size(), "first, after each source gap and after the target gap: " + syncs);
    }

    @Test
    void shouldSyncWhenSourceRewindsAfterRestart() {
        // A task re-copies from 2 after a restart: the target has duplicates at 3..4.
        long[][] copied = {{0, 0}, {1, 1}, {2, 2}, {2, 3}, {3, 4}};
        List<OffsetSync> syncs = syncsFor(copied);
        assertEquals(new OffsetSync(TP, 2, 3), syncs.get(syncs.size() - 1));
    }

    @Test
    void shouldSyncWhenTargetTopicWasRecreated() {
        long[][] copied = {{50, 50}, {51, 51}, {52, 0}, {53, 1}};
        List<OffsetSync> syncs = syncsFor(copied);
        assertEquals(List.of(new OffsetSync(TP, 50, 50), new OffsetSync(TP, 52, 0)), syncs);
    }

    @Test
    void shouldWriteProgressSyncAtMostEveryInterval() {
        OffsetSyncTracker tracker = new OffsetSyncTracker(1000);
        assertEquals(new OffsetSync(TP, 0, 0), tracker.onAck(TP, 0, 0, 0));
        assertNull(tracker.onAck(TP, 1, 1, 500));
        assertTrue(tracker.dueProgress(999).isEmpty());
        assertEquals(List.of(new OffsetSync(TP, 1, 1)), tracker.dueProgress(1000), "the last acked record, once due");
        assertTrue(tracker.dueProgress(5000).isEmpty(), "nothing moved since");
        assertNull(tracker.onAck(TP, 2, 2, 1500));
        assertEquals(new OffsetSync(TP, 3, 3), tracker.onAck(TP, 3, 3, 2000), "due on the next ack");
    }

    @Test
    void shouldTrackPartitionsIndependently() {
        OffsetSyncTracker tracker = new OffsetSyncTracker(HOUR);
        TopicPartition other = new TopicPartition("t", 1);
        assertEquals(new OffsetSync(TP, 10, 0), tracker.onAck(TP, 10, 0, 0));
        assertEquals(new OffsetSync(other, 10, 0), tracker.onAck(other, 10, 0, 0));
        assertNull(tracker.onAck(TP, 11, 1, 0));
        assertNull(tracker.onAck(other, 11, 1, 0));
    }

    @Test
    void shouldMarkTheFirstSyncOfATopicItIsToldOf() {
        OffsetSyncTracker tracker = new OffsetSyncTracker(HOUR);
        Uuid old = Uuid.fromString("AAAAAAAAAAEAAAAAAAAAAQ");
        Uuid made = Uuid.fromString("AAAAAAAAAAIAAAAAAAAAAg");
        tracker.copying(TP, old);
        assertEquals(new OffsetSync(TP, 0, 0), tracker.onAck(TP, 0, 0, 1));
        assertEquals(new OffsetSyncTracker.Mark(old, false), tracker.takeMark(TP), "the first sync names the topic");
        assertNull(tracker.onAck(TP, 1, 1, 1));
        assertNull(tracker.takeMark(TP), "once");

        tracker.newTopic(TP, made);
        tracker.copying(TP, made); // a take-up after it keeps the mark of the new topic
        assertEquals(new OffsetSync(TP, 0, 2), tracker.onAck(TP, 0, 2, 1));
        assertEquals(new OffsetSyncTracker.Mark(made, true), tracker.takeMark(TP));

        tracker.copying(TP, made);
        assertEquals(new OffsetSync(TP, 1, 3), tracker.onAck(TP, 1, 3, 1), "a linear record still syncs when marked");
        assertEquals(new OffsetSyncTracker.Mark(made, false), tracker.takeMark(TP));
    }
}
