package dev.tandem.client.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.records.OffsetSync;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Checks the store's invariants on copies simulated record by record: the expected answer is always computed from
 * the simulated logs (where a consumer really continues), never from the store's own formula.
 */
class OffsetSyncStoreTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);

    /** A simulated copy: source offsets that hold records, where each was written on the target, and the syncs. */
    private static final class Copy {
        final TreeMap<Long, Long> downOf = new TreeMap<>(); // upstream offset -> downstream offset (latest copy)
        final TreeMap<Long, Long> upOf = new TreeMap<>(); // downstream offset -> upstream offset
        final List<OffsetSync> syncs = new ArrayList<>();
        long lastUp = -1;
        long lastDown = -1;
        boolean started;
        long targetEnd;

        /** Copies record {@code up} to the target at {@code down}; writes a sync as the writer would. */
        void copy(long up, long down) {
            boolean linear = started && up == lastUp + 1 && down == lastDown + 1;
            if (!linear) {
                syncs.add(new OffsetSync(TP, up, down));
            }
            started = true;
            lastUp = up;
            lastDown = down;
            downOf.put(up, down);
            upOf.put(down, up);
            targetEnd = Math.max(targetEnd, down + 1);
        }

        void progressSync() {
            syncs.add(new OffsetSync(TP, lastUp, lastDown));
        }

        void restart() {
            started = false;
        }

        OffsetSyncStore store() {
            OffsetSyncStore store = new OffsetSyncStore();
            syncs.forEach(store::add);
            return store;
        }

        /** Where a consumer committed at upstream {@code o} continues: the next copied record at or after o. */
        long expectedDownstream(long o) {
            Long next = downOf.ceilingKey(o);
            return next == null ? targetEnd : downOf.get(next);
        }

        long expectedUpstream(long d, long sourceEnd) {
            Long next = upOf.ceilingKey(d);
            return next == null ? sourceEnd : upOf.get(next);
        }
    }

    /**
     * Exact means a consumer starting at the translated offset reads next exactly the record it would have read
     * next on the other side. Offsets in a gap (a marker, a compacted record) are as good as the next record's.
     */
    private static void assertExactBothWays(Copy copy, long fromUp, long sourceEnd) {
        OffsetSyncStore store = copy.store();
        for (long o = fromUp; o <= sourceEnd; o++) {
            OptionalLong translated = store.translateDownstream(TP, o);
            assertTrue(translated.isPresent(), "upstream " + o + " translates");
            assertEquals(
                    copy.expectedDownstream(o),
                    nextRecord(copy.upOf, translated.getAsLong(), copy.targetEnd),
                    "upstream " + o + " translated to " + translated + " with syncs " + copy.syncs);
        }
        for (long d = copy.downOf.firstEntry().getValue(); d <= copy.targetEnd; d++) {
            OptionalLong translated = store.translateUpstream(TP, d);
            assertTrue(translated.isPresent(), "downstream " + d + " translates");
            assertEquals(
                    copy.expectedUpstream(d, sourceEnd),
                    nextRecord(copy.downOf, translated.getAsLong(), sourceEnd),
                    "downstream " + d + " translated to " + translated + " with syncs " + copy.syncs);
        }
    }

    /** The offset of the first record at or after {@code offset} in a log whose records are {@code log}'s keys. */
    private static long nextRecord(TreeMap<Long, Long> log, long offset, long end) {
        Long next = log.ceilingKey(offset);
        return next == null ? end : next;
    }

    /**
     * A remote topic deleted and made again while an exactly-once copy ran: the records from 1740 on that reached
     * the new topic first sit at its start (0-5, then a marker); the task copies 0-1739 again after them and goes on
     * at 1746. A group committed at or before 1740 must not be sent past those first records: it continues at the
     * start of the topic and re-reads, never skips. Past them, translation is exact.
     */
    @Test
    void shouldNotSkipRecordsThatReachedARecreatedTopicBeforeTheCopyAgain() {
        Copy copy = new Copy();
        long down = 0;
        for (long o = 0; o < 1740; o++) {
            copy.copy(o, down++);
            if (o % 100 == 99) {
                down++; // a transaction marker
            }
        }
        down = 0; // the new topic
        for (long o = 1740; o < 1746; o++) {
            copy.copy(o, down++);
        }
        down++; // marker
        for (long o = 0; o < 1740; o++) {
            copy.copy(o, down++);
            if (o % 500 == 499) {
                down++;
            }
        }
        down++; // marker, then the copy goes on where it was
        for (long o = 1746; o < 2500; o++) {
            copy.copy(o, down++);
        }
        copy.progressSync();
        OffsetSyncStore store = copy.store();
        for (long o = 0; o <= 1740; o++) {
            assertEquals(
                    OptionalLong.of(0),
                    store.translateDownstream(TP, o),
                    "upstream " + o + " with syncs " + copy.syncs);
        }
        for (long o = 1746; o < 2500; o++) {
            assertEquals(OptionalLong.of(copy.downOf.get(o)), store.translateDownstream(TP, o), "upstream " + o);
        }
    }

    /**
     * A remote topic deleted while records 1500-4178 were in flight: they land first in the new topic (0-2678), the
     * restarted task copies 0-1499 again after them and goes on at 4179. Records 1500-4178 are only in the early
     * copy: a group committed inside it continues at its own record there (and re-reads 0-1499 later), never at
     * 4179, which would skip the rest of the early copy. Seen in ReplicationFaultsIT, where a group half way through
     * a partition lay in that range.
     */
    @Test
    void shouldTranslateOffsetsInsideAnEarlyCopyToTheirPlaceInIt() {
        Copy copy = new Copy();
        for (long o = 0; o < 1500; o++) {
            copy.copy(o, o);
        }
        copy.progressSync();
        long down = 0; // the new topic
        for (long o = 1500; o < 4179; o++) {
            copy.copy(o, down++);
            if (o == 3000) {
                copy.progressSync();
            }
        }
        copy.restart();
        for (long o = 0; o < 1500; o++) {
            copy.copy(o, down++);
        }
        for (long o = 4179; o < 5000; o++) {
            copy.copy(o, down++);
        }
        copy.progressSync();
        OffsetSyncStore store = copy.store();
        for (long o = 0; o <= 1500; o++) {
            assertEquals(OptionalLong.of(0), store.translateDownstream(TP, o), "upstream " + o + ": " + copy.syncs);
        }
        for (long o = 1500; o < 4179; o++) {
            assertEquals(
                    OptionalLong.of(o - 1500),
                    store.translateDownstream(TP, o),
                    "upstream " + o + " is only in the early copy: " + copy.syncs);
        }
        for (long o = 4179; o < 5000; o++) {
            assertEquals(OptionalLong.of(copy.downOf.get(o)), store.translateDownstream(TP, o), "upstream " + o);
        }
    }

    /** The same while the copy again is still running: nothing newer than the early copy is known yet. */
    @Test
    void shouldTranslateIntoAnEarlyCopyWhileTheCopyAgainRuns() {
        Copy copy = new Copy();
        long down = 0;
        for (long o = 1500; o < 4179; o++) {
            copy.copy(o, down++);
        }
        copy.restart();
        for (long o = 0; o < 700; o++) {
            copy.copy(o, down++);
        }
        OffsetSyncStore store = copy.store();
        assertEquals(OptionalLong.of(0), store.translateDownstream(TP, 699), "copied again, but before the early copy");
        assertEquals(OptionalLong.of(1761), store.translateDownstream(TP, 3261));
    }

    @Test
    void shouldTranslateALinearCopyExactlyAndMergeItsSyncs() {
        Copy copy = new Copy();
        for (long o = 100; o < 1100; o++) {
            copy.copy(o, o - 100);
            if (o % 100 == 0) {
                copy.progressSync();
            }
        }
        copy.progressSync();
        assertExactBothWays(copy, 100, 1100);
        assertEquals(2, copy.store().size(TP), "progress syncs of a straight run merge into its two ends");
    }

    @Test
    void shouldTranslateACompactedTopicExactly() {
        Copy copy = new Copy();
        long down = 0;
        for (long o = 0; o < 500; o++) {
            if (o % 7 == 3 || (o > 200 && o < 260)) {
                continue; // removed by compaction
            }
            copy.copy(o, down++);
        }
        copy.progressSync();
        assertExactBothWays(copy, 0, 500);
    }

    @Test
    void shouldTranslateAcrossCommittedAndAbortedTransactions() {
        Copy copy = new Copy();
        long o = 0;
        long down = 0;
        for (int txn = 0; txn < 40; txn++) {
            boolean aborted = txn % 3 == 2;
            for (int i = 0; i < 4; i++, o++) {
                if (!aborted) {
                    copy.copy(o, down++);
                }
            }
            o++; // the commit or abort marker on the source
            if (txn % 5 == 0) {
                down++; // a marker on the target too, as an exactly-once worker writes
            }
        }
        copy.progressSync();
        assertExactBothWays(copy, 0, o);
    }

    @Test
    void shouldPreferTheNewerCopyAfterARestartedTask() {
        Copy copy = new Copy();
        for (long o = 0; o < 50; o++) {
            copy.copy(o, o);
        }
        copy.restart(); // the task resumes from a committed offset of 40: records 40..49 are copied again
        for (long o = 40; o < 80; o++) {
            copy.copy(o, o + 10);
        }
        copy.progressSync();
        OffsetSyncStore store = copy.store();
        for (long o = 40; o <= 80; o++) {
            assertEquals(
                    OptionalLong.of(o + 10),
                    store.translateDownstream(TP, o),
                    "offset " + o + " goes to the newer copy");
        }
        for (long o = 0; o < 40; o++) {
            assertEquals(OptionalLong.of(o), store.translateDownstream(TP, o));
        }
    }

    @Test
    void shouldForgetEverythingBeforeARecreatedTargetTopic() {
        Copy copy = new Copy();
        for (long o = 0; o < 100; o++) {
            copy.copy(o, o);
        }
        copy.downOf.clear();
        copy.upOf.clear();
        for (long o = 100; o < 150; o++) {
            copy.copy(o, o - 100); // the remote topic was deleted and recreated: it starts at 0 again
        }
        copy.progressSync();
        OffsetSyncStore store = copy.store();
        assertEquals(
                OptionalLong.empty(),
                store.translateDownstream(TP, 50),
                "offsets of the old topic have no translation");
        assertEquals(OptionalLong.of(0), store.translateDownstream(TP, 100));
        assertEquals(OptionalLong.of(20), store.translateDownstream(TP, 120));
    }

    @Test
    void shouldNotTranslateOffsetsOlderThanTheOldestSync() {
        OffsetSyncStore store = new OffsetSyncStore();
        store.add(new OffsetSync(TP, 1000, 0));
        assertEquals(OptionalLong.empty(), store.translateDownstream(TP, 999));
        assertEquals(OptionalLong.empty(), store.translateDownstream(new TopicPartition("other", 0), 5));
        assertEquals(OptionalLong.of(0), store.translateDownstream(TP, 1000));
    }

    @Test
    void shouldNeverTranslateBeyondWhatIsReplicated() {
        OffsetSyncStore store = new OffsetSyncStore();
        store.add(new OffsetSync(TP, 0, 0));
        store.add(new OffsetSync(TP, 10, 10)); // the newest sync: record 10 is at 10 on the target
        assertEquals(OptionalLong.of(10), store.translateDownstream(TP, 10));
        assertEquals(OptionalLong.of(11), store.translateDownstream(TP, 11));
        assertEquals(
                OptionalLong.of(11),
                store.translateDownstream(TP, 5_000),
                "a consumer ahead of replication re-reads, never skips");
        assertEquals(OptionalLong.of(11), store.translateUpstream(TP, 5_000));
    }

    @Test
    void shouldStayBoundedByThinningTheOlderSyncsAndNeverTranslatePastARecord() {
        OffsetSyncStore store = new OffsetSyncStore(10);
        // Records at upstream 3i copied to downstream i: every sync a break, nothing merges (as exactly-once's
        // transaction markers make syncs break all the time).
        for (long i = 0; i < 100; i++) {
            store.add(new OffsetSync(TP, i * 3, i));
            assertTrue(store.size(TP) <= 10, "bounded: " + store.size(TP));
        }
        assertEquals(new OffsetSync(TP, 0, 0), store.oldest(TP).orElseThrow(), "translation reaches as far back");
        for (long u = 0; u <= 297; u++) {
            long next = (u + 2) / 3; // where the first record at or after u sits downstream
            long translated = store.translateDownstream(TP, u).orElseThrow(() -> new AssertionError("no translation"));
            assertTrue(translated <= next, "upstream " + u + " translated to " + translated + ", past " + next);
            if (u >= 285) {
                assertEquals(next, translated, "the newer half, never thinned, translates exactly: upstream " + u);
            }
        }
        assertEquals(OptionalLong.of(0), store.translateUpstream(TP, 0));
        assertEquals(OptionalLong.of(99 * 3), store.translateUpstream(TP, 99));
    }

    @Test
    void shouldTranslateOldOffsetsCoarselyAfterThinningWhereTheCopyHadGaps() {
        // Compaction upstream: record 0 at 0, then records from 100 at 1, 2, ...; thinning drops the sync at 100.
        OffsetSyncStore store = new OffsetSyncStore(4);
        store.add(new OffsetSync(TP, 0, 0));
        store.add(new OffsetSync(TP, 100, 1));
        store.add(new OffsetSync(TP, 200, 10)); // another gap: records 101..108 copied, then 200 at 10
        store.add(new OffsetSync(TP, 300, 20));
        store.add(new OffsetSync(TP, 400, 30)); // full: the older half thinned
        assertEquals(4, store.size(TP));
        assertEquals(
                OptionalLong.of(1),
                store.translateDownstream(TP, 50),
                "offset 50's next record is at 1; the linear guess across the dropped sync would say 50 and skip");
        assertEquals(OptionalLong.of(0), store.translateDownstream(TP, 0));
    }

    @Test
    void shouldTellTheOldestAndNewestKeptSync() {
        OffsetSyncStore store = new OffsetSyncStore();
        TopicPartition tp = new TopicPartition("orders", 0);
        assertTrue(store.oldest(tp).isEmpty() && store.newest(tp).isEmpty(), "nothing known yet");
        store.add(new OffsetSync(tp, 10, 0));
        store.add(new OffsetSync(tp, 20, 10));
        store.add(new OffsetSync(tp, 40, 20)); // a gap upstream: not collinear, kept
        assertEquals(new OffsetSync(tp, 10, 0), store.oldest(tp).orElseThrow());
        assertEquals(new OffsetSync(tp, 40, 20), store.newest(tp).orElseThrow());
    }
}
